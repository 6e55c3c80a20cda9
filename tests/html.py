"""Reading rendered pages in tests the way a person reads them: by field and by text."""

import re
from html import unescape


def text(html: str) -> str:
    """Visible text with tags removed and white space collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def field_error(response, name: str) -> str:
    """The error message shown next to a form field ('' when there is none)."""
    html = response.content.decode()
    match = re.search(rf'<div id="id_{name}_error"[^>]*>(.*?)</div>', html, flags=re.S)
    return text(match.group(1)) if match else ""


def field_value(response, name: str) -> str | None:
    html = response.content.decode()
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if match is None:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


def checked(response, name: str) -> list[str]:
    """Values of the checked boxes or radio buttons of a field."""
    html = response.content.decode()
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [
        re.search(r'value="([^"]*)"', i).group(1) for i in inputs if re.search(r"\bchecked\b", i)
    ]
