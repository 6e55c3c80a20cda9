"""Screenshots of the demo site, as a person sees it, for the README and for review.

Run the demo first (make run), then:  .venv/bin/python scripts/screenshots.py [base URL] [folder]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
SLUG = "living-lab-resilient"
PAGES = {
    "home": f"/{SLUG}/",
    "programme": f"/{SLUG}/programme/",
    "register": f"/{SLUG}/register/",
}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for device, viewport in {"desktop": (1280, 900), "phone": (390, 844)}.items():
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            for name, path in PAGES.items():
                page.goto(BASE + path)
                page.screenshot(path=OUT / f"{name}-{device}.png", full_page=True)
            page.close()
        browser.close()
    print(f"screenshots in {OUT}/")


if __name__ == "__main__":
    main()
