"""Screenshots of pages at phone and desktop widths, for looking at the app.

    python bench/screenshots.py [--base http://127.0.0.1:8501] [--out screenshots] [PATH?QUERY ...]

Needs a running app (see README) and Debian's chromium.
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
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in (int(w) for w in args.widths.split(",")):
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme="dark" if args.dark else "light"
            )
            page = context.new_page()
            for path in args.paths or DEFAULT_PATHS:
                page.goto(f"{args.base}/{path}")
                wait_for_app_run(page)
                # Streamlit scrolls inside stMain: grow the window to its height to see it all.
                height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
                page.set_viewport_size({"width": width, "height": max(900, min(int(height), 12000))})
                page.wait_for_timeout(400)
                name = re.sub(r"[^A-Za-z0-9]+", "_", path or "home").strip("_")
                file = out / f"{name}_{width}{'_dark' if args.dark else ''}.png"
                page.screenshot(path=str(file), full_page=True)
                print(file)
                page.set_viewport_size({"width": width, "height": 900})
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
