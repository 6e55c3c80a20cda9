"""Templates to PDF with WeasyPrint.

The fonts are the project's own (livinglab/static/fonts/: Noto Sans, which has Latin with every
accent the partners' languages use, Greek and Cyrillic), so that a name prints the same whatever
fonts the server has. Images (logo, signature, QR codes) are given to the template as data:
addresses; WeasyPrint may read files and data: addresses only, never the network.
"""

import base64
import mimetypes
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string

FONTS = {"regular": "fonts/NotoSans-Regular.ttf", "bold": "fonts/NotoSans-Bold.ttf"}


@cache
def font_files() -> dict[str, str]:
    return {name: Path(finders.find(path)).as_uri() for name, path in FONTS.items()}


def image_data_uri(image: FieldFile | None) -> str:
    """An uploaded image (a logo, a signature) inline, from whatever storage holds it."""
    if not image:
        return ""
    with image.open("rb") as file:
        data = file.read()
    mimetype = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    return f"data:{mimetype};base64,{base64.b64encode(data).decode()}"


def document(template: str, context: dict):
    """Lay out a template from templates/documents/, in the active language (a WeasyPrint
    Document: `write_pdf()` it, or `copy()` some of its pages)."""
    # Imported here: WeasyPrint loads Pango when imported, and the site runs without it (only
    # the documents need it), on a machine that has not installed it yet.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, {**context, "fonts": font_files()})
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=html, url_fetcher=fetcher).render(font_config=FontConfiguration())


def pdf(template: str, context: dict) -> bytes:
    return document(template, context).write_pdf()
