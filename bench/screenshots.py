"""Screenshots of pages at phone and desktop widths, for looking at the app.

    python bench/screenshots.py [--base http://127.0.0.1:8501] [--out screenshots] [PATH?QUERY ...]
    python bench/screenshots.py --walk --viewport   # the explorer: the 7 walk cases and the presets

--viewport keeps what the window shows without scrolling (1280x900 and 390x844) and prints
where the explorer's controls and result card end. Needs a running app (see README) and
Debian's chromium.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM_ARGS, URL_PATHS

DEFAULT_PATHS = URL_PATHS
# Seven cases a resident walks through in the explorer: week 2, a complete fracture at week 6,
# a professional at weeks 10 and 14 (with and without therapy), a grade II slip, pain-free.
WALK = {
    "A_week2": "weeks_conservative=2",
    "B_week6_ct_complete": "weeks_conservative=6&ct_stage=complete+fracture",
    "C_week10_pro": "weeks_conservative=10&formal_pt=true&ct_stage=complete+fracture&activity=professional",
    "D_week14_pro": "weeks_conservative=14&formal_pt=true&ct_stage=complete+fracture&activity=professional",
    "E_week14_no_pt": "weeks_conservative=14&ct_stage=complete+fracture&activity=professional",
    "F_week20_grade2": "weeks_conservative=20&formal_pt=true&ct_stage=complete+fracture&listhesis_grade=2",
    "G_week16_pain_free": "weeks_conservative=16&formal_pt=true&ct_stage=complete+fracture&pain=none",
}
HEIGHTS = {1280: 900, 390: 844}


def walk_paths() -> dict[str, str]:
    from urllib.parse import urlencode

    from pathway.model.presets import PRESETS

    paths = {name: f"Case_explorer?{query}" for name, query in WALK.items()}
    for preset in PRESETS:
        paths[f"preset_{preset.id}"] = "Case_explorer?" + urlencode(preset.scenario.to_query())
    return paths


def wait_for_app_run(page, timeout: int = 30_000) -> None:
    page.wait_for_timeout(250)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout
    )
    page.wait_for_timeout(600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8501")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--widths", default="1280,390")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--walk", action="store_true", help="the explorer's walk cases and presets")
    parser.add_argument("--viewport", action="store_true", help="only what shows without scrolling")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    named = walk_paths() if args.walk else {}
    for path in args.paths or ([] if args.walk else DEFAULT_PATHS):
        named[re.sub(r"[^A-Za-z0-9]+", "_", path or "home").strip("_")] = path
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in (int(w) for w in args.widths.split(",")):
            height = HEIGHTS.get(width, 900)
            phone = width < 640
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme="dark" if args.dark else "light",
                is_mobile=phone,
                has_touch=phone,
            )
            page = context.new_page()
            for name, path in named.items():
                page.goto(f"{args.base}/{path}")
                wait_for_app_run(page)
                file = out / f"{name}_{width}{'_dark' if args.dark else ''}.png"
                if args.viewport:
                    page.screenshot(path=str(file))
                    print(file, where(page))
                    continue
                # Streamlit scrolls inside stMain: grow the window to its height to see it all.
                full = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
                page.set_viewport_size({"width": width, "height": max(height, min(int(full), 12000))})
                page.wait_for_timeout(400)
                page.screenshot(path=str(file), full_page=True)
                print(file)
                page.set_viewport_size({"width": width, "height": height})
            context.close()
        browser.close()


def where(page) -> str:
    """Where the explorer's controls and result card end (px from the top of the window)."""
    out = []
    for key in ("explorer_controls", "explorer_card"):
        box = page.locator(f".st-key-{key}").bounding_box()
        if box:
            out.append(f"{key} {box['y']:.0f}-{box['y'] + box['height']:.0f}")
    return " ".join(out)


if __name__ == "__main__":
    main()
