"""The check-in code as a QR image. It carries the random code only, nothing about the person."""

import base64
import io
from functools import lru_cache

import segno


def _qr(code: str) -> segno.QRCode:
    # Level M survives a scratched or creased badge; the code is short enough to stay small.
    return segno.make_qr(code, error="m")


# A person's private page shows their code at every visit: drawn once per worker.
@lru_cache(maxsize=2048)
def qr_data_uri(code: str) -> str:
    """SVG in a data: address, for an <img> on a page (allowed by the site's CSP) or a PDF."""
    svg = io.BytesIO()
    _qr(code).save(svg, kind="svg", scale=4, border=4, xmldecl=False, svgns=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()


def qr_png(code: str) -> bytes:
    """PNG, for emails: mail programs show it where many would not show an SVG."""
    png = io.BytesIO()
    _qr(code).save(png, kind="png", scale=8, border=4)
    return png.getvalue()
