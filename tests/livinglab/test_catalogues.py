"""Every word a visitor reads goes through the translation machinery, and every catalogue is
complete and compiled (issue 8)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = [
    *("base.html", "404.html", "500.html", "503.html", "includes", "program", "registrations"),
    *("emails", "bootstrap5", "widgets", "admin", "documents"),
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
    # Style sheets and scripts are not read.
    source = re.sub(r"<(style|script)\b.*?</\1>", "", source, flags=re.S)
    source = re.sub(r"{% *block style *%}.*?{% *endblock", "", source, flags=re.S)
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


CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))


def translations(catalogue) -> dict:
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalogue
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
    }


def test_a_catalogue_for_every_language_but_english():
    languages = {path.parts[-3] for path in CATALOGUES}

    assert languages == {code for code, _name in settings.LANGUAGES} - {"en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_the_compiled_catalogue_says_what_its_source_says(path):
    compiled = polib.mofile(str(path.with_suffix(".mo")))

    assert translations(compiled) == translations(polib.pofile(str(path)))


def msgids(path: Path) -> set:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


IGNORED = ("--ignore=var", "--ignore=tests", "--ignore=scripts")


def test_every_string_of_the_code_is_in_the_catalogues(tmp_path):
    """The catalogues were made from the code as it is: `make messages` would add nothing (a new
    string left out would show in English whatever the language)."""
    copy = tmp_path / "site"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".*", "var", "node_modules", "__pycache__", "*.mo"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", *IGNORED],
        cwd=copy,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    french = Path("locale/fr/LC_MESSAGES/django.po")

    assert msgids(copy / french) - msgids(ROOT / french) == set()
