"""Every word a visitor reads goes through the translation machinery, and every catalogue is
complete and compiled (issue 8)."""

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = [
    *("base.html", "404.html", "500.html", "503.html", "includes", "program", "registrations"),
    *("emails", "bootstrap5", "widgets", "admin"),
]
# Attributes a person reads or hears: their text must be translated too.
SPOKEN = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')
# Marks that read the same in every language.
NEUTRAL = re.compile(r"&\w+;|&#\d+;|[\W\d_§]|\bCSV\b|\bXLSX\b|\bics\b", re.UNICODE)


def templates() -> list[Path]:
    folder = ROOT / "templates"
    return sorted(
        path
        for name in PUBLIC
        for path in ([folder / name] if (folder / name).is_file() else (folder / name).rglob("*"))
        if path.suffix in (".html", ".txt")
    )


def untranslated(path: Path) -> list[str]:
    """Words of a template left outside {% translate %} and {% blocktranslate %}: in the text,
    and in the attributes people read or hear."""
    source = path.read_text()
    source = re.sub(r"{% *comment *%}.*?{% *endcomment *%}|{#.*?#}", "", source, flags=re.S)
    source = re.sub(r"{% *blocktranslate.*?{% *endblocktranslate *%}", "§", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", "§", source, flags=re.S)  # tags, variables: not words
    found = SPOKEN.findall(source)
    text = re.sub(r"<!--.*?-->|<[^>]*>", " ", source, flags=re.S)
    found += [" ".join(line.replace("§", " ").split()) for line in text.splitlines()]
    return [piece for piece in found if NEUTRAL.sub("", piece)]


def test_public_templates_hold_no_words_outside_the_translation_tags():
    found = {str(p.relative_to(ROOT)): w for p in templates() if (w := untranslated(p))}

    assert found == {}


def test_the_check_sees_a_word_outside_the_tags(tmp_path, settings):
    """Control: a template with a bare word, a bare attribute and a translated word."""
    folder = ROOT / "templates" / "_check"
    folder.mkdir()
    try:
        (folder / "page.html").write_text(
            '{% load i18n %}<p>{% translate "Hello" %}</p><p>Bonjour</p>'
            '<img alt="A logo" src="x.png"><a aria-label="{% translate "Close" %}">×</a>'
        )
        assert untranslated(folder / "page.html") == ["A logo", "Bonjour ×"]
    finally:
        shutil.rmtree(folder)
