"""What the accessibility tests measure in the browser: axe-core's rules, and whether the focus
can be seen on every element the keyboard reaches."""

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[1] / "node" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[str]:
    """Every violation of any impact, as "rule (impact): where"."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          const where = v => v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ');
          return result.violations.map(v => `${v.id} (${v.impact}): ${where(v)}`);
        }"""
    )


FOCUS_CONTRAST = (Path(__file__).parent / "focus_contrast.js").read_text()


def weak_focus_indicators(page: Page, *, limit: int = 250) -> list[str]:
    """Tab through the page; every stop whose indicator is below 3:1 (or missing)."""
    weak, seen = [], set()
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_CONTRAST)
        if found is None:
            continue
        if found["key"] in seen:
            break  # back at the start: every stop was visited
        seen.add(found["key"])
        if found["ratio"] < 3:
            weak.append(f"{found['name']}: {found['ratio']:.1f}:1")
    return weak


def tab_to(page: Page, selector: str, *, limit: int = 300) -> None:
    """Move the focus with the Tab key alone until it reaches `selector`."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"the keyboard never reaches {selector}")


def choose_radio(page: Page, group: str, value: str, *, limit: int = 20) -> None:
    """Tab into a group of radio buttons, then choose with the arrow keys, as a keyboard does
    (Tab visits a group once)."""
    tab_to(page, f"input[type=radio]{group}")
    for _ in range(limit):
        if page.evaluate("v => document.activeElement.value === v", value):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reach {value!r} in {group}")


def follow(page: Page) -> None:
    """Press Enter on a link or a submit button, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
