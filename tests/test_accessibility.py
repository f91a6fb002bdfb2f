"""Browser: axe-core finds no serious or critical WCAG 2.1 AA violation on any page, in any theme or width;
best-practice rules and what a screen reader hears (icons, slider names) on every page."""

from __future__ import annotations

import os

import pytest

from tests.browser_utils import open_page
from tests.conftest import ROOT, URL_PATHS

pytestmark = pytest.mark.browser

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = (
    "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
)
# (name, viewport width, colour scheme the browser asks for). With [theme.light] and [theme.dark]
# in .streamlit/config.toml, Streamlit follows the browser's prefers-color-scheme.
VARIANTS = [("light", 1280, "light"), ("dark", 1280, "dark"), ("phone", 390, "light")]

# Violations inside Streamlit's own widgets that the app cannot change: (rule id, selector
# fragment) -> why. Keep this list short and specific.
EXCLUDED: dict[tuple[str, str], str] = {}


def axe_source() -> str:
    if not AXE_JS.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE_JS} is missing: .ci/run must run `npm ci` before the tests")
        pytest.skip("axe-core is not installed: run `npm install` at the repository root")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def variant_pages(browser):
    """One browser context (and page) per variant, created on first use and reused."""
    pages = {}

    def get(name: str):
        if name not in pages:
            _, width, scheme = next(v for v in VARIANTS if v[0] == name)
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            pg = context.new_page()
            pg.set_default_timeout(30_000)
            pages[name] = pg
        return pages[name]

    yield get
    for pg in pages.values():
        pg.context.close()


def background_luminance(page) -> float:
    """Relative brightness (0 dark .. 1 light) of the app's background colour."""
    rgb = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        ".match(/\\d+/g).slice(0, 3).map(Number)"
    )
    return sum(rgb) / (3 * 255)


def excluded(rule: str, target: str) -> bool:
    return any(rule == r and fragment in target for r, fragment in EXCLUDED)


@pytest.mark.parametrize("variant", [v[0] for v in VARIANTS])
@pytest.mark.parametrize("path", URL_PATHS, ids=lambda p: p or "home")
def test_no_serious_accessibility_violations(served_app, variant_pages, variant, path):
    """Every page passes axe's WCAG 2.1 A/AA rules with no serious or critical violation; in
    the light variant also the best-practice rules and the screen-reader checks below."""
    axe = axe_source()
    page = variant_pages(variant)
    open_page(page, page_url(served_app.base, path))
    page.wait_for_timeout(300)  # charts and the graphviz drawing render after the run ends
    luminance = background_luminance(page)
    if variant == "dark":
        assert luminance < 0.3, (
            "the browser asked for dark but the app stayed light: .streamlit/config.toml needs "
            "[theme.light] and [theme.dark] sections for Streamlit to follow prefers-color-scheme"
        )
    else:
        assert luminance > 0.7
    page.add_script_tag(content=axe)
    result = page.evaluate(AXE_RUN)
    problems = []
    for v in result["violations"]:
        if v["impact"] not in ("serious", "critical"):
            continue
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if excluded(v["id"], target):
                continue
            summary = node.get("failureSummary", "").replace("\n", " ")[:300]
            problems.append(
                f"[{v['impact']}] {v['id']} on /{path} ({variant}): {target}\n"
                f"    {node['html'][:200]}\n    {summary}"
            )
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)
    if variant == "light":
        best_practice_and_screen_reader(page, path)


AXE_BEST_PRACTICE = (
    "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['best-practice']}, "
    "resultTypes: ['violations']})"
)
# The case pages with a case that opens most of their sections (steps, criteria, cautions).
CASE = "?weeks_conservative=16&formal_pt=true&pain=mild&ct_stage=complete%20fracture&mri_edema=oedema"


def page_url(base: str, path: str) -> str:
    return f"{base}/{path}" + (CASE if path in ("Case_explorer", "Patient_view") else "")


def best_practice_and_screen_reader(page, path: str) -> None:
    """axe's best-practice rules (heading order among them) find nothing of moderate impact or
    worse; the accessibility tree reads no icon's ligature name ("check_circle icon") and no
    slider name twice. Runs on the page as loaded (axe already injected)."""
    result = page.evaluate(AXE_BEST_PRACTICE)
    problems = [
        f"[{v['impact']}] {v['id']} on /{path}: {' '.join(map(str, node['target']))} {node['html'][:160]}"
        for v in result["violations"]
        if v["impact"] in ("moderate", "serious", "critical")
        for node in v["nodes"]
    ]
    assert not problems, f"{len(problems)} best-practice violation(s):\n" + "\n".join(problems)
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    icons = [
        n["name"]["value"]
        for n in nodes
        if not n.get("ignored")
        and n.get("role", {}).get("value") in ("img", "image")
        and str(n.get("name", {}).get("value", "")).endswith(" icon")
    ]
    assert not icons, f"/{path}: {len(icons)} icon name(s) read aloud: {icons[:5]}"
    sliders = [n["name"]["value"] for n in nodes if n.get("role", {}).get("value") == "slider"]
    doubled = [
        name for name in sliders if len(name) % 2 == 1 and name == " ".join([name[: len(name) // 2]] * 2)
    ]
    assert not doubled, f"/{path}: slider names read twice: {doubled}"
    if path == "Case_explorer":
        assert "Weeks of conservative care" in sliders, sliders
    cdp.detach()
