"""Reading rendered pages in tests the way a person reads them: by field and by text."""

import re
from html import unescape
from html.parser import HTMLParser


def text(html: str) -> str:
    """Visible text with tags removed and white space collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def private_page(response) -> str:
    """The event slug of the private page a response redirects to ('' when it does not)."""
    match = re.fullmatch(r"/[a-z]{2}/([\w-]+)/r/[\w-]{43}/", response.get("Location", ""))
    return match.group(1) if response.status_code == 302 and match else ""


def field_error(response, name: str) -> str:
    """The error message shown next to a form field ('' when there is none)."""
    html = response.content.decode()
    match = re.search(rf'<div id="id_{name}_error"[^>]*>(.*?)</div>', html, flags=re.S)
    return text(match.group(1)) if match else ""


def admin_field_error(response, name: str) -> str:
    """The error the admin shows next to a field ('' when there is none)."""
    html = response.content.decode()
    match = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', html, flags=re.S)
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


class _FormReader(HTMLParser):
    """What a browser would post for the first form with a given id or the page's main form."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append(
                (name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
            )
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
            name, value = self.data[-1]
            self.data[-1] = (name, value.removeprefix("\n"))
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            self.data.extend((self._select, value) for value in chosen)
            self._select = None


def form_data(response) -> dict[str, str | list[str]]:
    """The values of every field of the page's forms, as a browser would post them."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    data: dict[str, str | list[str]] = {}
    for name, value in reader.data:
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    return data
