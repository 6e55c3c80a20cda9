"""Every page is valid HTML for the Nu HTML checker (vnu), with its forms' errors shown too."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from tests.conftest import require
from tests.pages import build_event, door_pages, pages, staff_member

pytestmark = pytest.mark.django_db
VNU = Path(__file__).resolve().parents[1] / "node" / "node_modules" / "vnu-jar" / "build" / "dist"


def rendered(client, event, small) -> dict[str, str]:
    addresses = pages(event, small)
    html = {name: client.get(url).content.decode() for name, url in addresses.items()}
    html["register-errors"] = client.post(addresses["register"], {}).content.decode()
    html["edit-errors"] = client.post(addresses["edit"], {"email": "x"}).content.decode()
    html["lost-link-errors"] = client.post(addresses["lost-link"], {"email": "x"}).content.decode()
    html["letter-errors"] = client.post(addresses["letter-request"], {}).content.decode()
    client.force_login(staff_member())
    html.update({name: client.get(url).content.decode() for name, url in door_pages().items()})
    return html


def vnu_errors(folder: Path) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU / "vnu.jar"), "--errors-only", "--format", "json", str(folder)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    return [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_is_valid_html(client, tmp_path, language):
    require(shutil.which("java") is not None, "needs Java for the Nu HTML checker")
    require((VNU / "vnu.jar").exists(), "needs vnu.jar: run `make test-tools`")
    event, small = build_event()
    client.cookies["django_language"] = language
    with translation.override(language):
        html = rendered(client, event, small)
    for name, page in html.items():
        (tmp_path / f"{name}.html").write_text(page)

    assert vnu_errors(tmp_path) == []
