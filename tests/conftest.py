"""Shared fixtures: the repository root, AppTest helpers, and a served app for browser tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
ALL_SCRIPTS = ["app.py", *PAGE_FILES]
# Streamlit's URL path for each page: the file name without its number prefix ("" = Home).
URL_PATHS = ["", *[Path(p).stem.split("_", 1)[1] for p in PAGE_FILES]]


def settle(at):
    """The whole page again after an interaction that reruns named fragments only.

    AppTest (Streamlit 1.67) keeps just the elements of a keyed fragment rerun (a callback's
    ``st.rerun(["a", "b"])``) and drops the page around them; in the browser the rest of the
    page stays (the browser tests check that). One full run from the same session state shows
    the whole page as the browser has it.
    """
    return at.run()


def run_page(script: str, query: dict | None = None):
    """AppTest of one page, run the way the app runs it: from the entrypoint.

    ``query`` sets URL query parameters (strings) before the page's first run, as a link
    would.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    if script != "app.py":
        at.switch_page(script)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedApp:
    """`streamlit run` on a free loopback port, returned once /_stcore/health says ok.

    ``start_s`` is process start to healthy (bench/run.py reports it; ``poll_s`` sets how
    finely it is measured).
    """

    def __init__(
        self,
        script: str = "app.py",
        cwd: Path = ROOT,
        extra: list[str] | None = None,
        poll_s: float = 0.2,
        timeout_s: float = 60,
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"streamlit-{self.port}.log"
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
                *(extra or []),
            ],
            cwd=cwd,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        while time.perf_counter() - started < timeout_s:
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        self.start_s = time.perf_counter() - started
                        return
            except OSError:
                time.sleep(poll_s)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy on port {self.port}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def served_app():
    app = ServedApp()
    yield app
    app.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run must install it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def chart_datasets(element) -> dict[str, list[dict]]:
    """The named datasets of an AppTest vega_lite_chart element, decoded from Arrow."""
    import pyarrow as pa

    out = {}
    for dataset in element.proto.datasets:
        table = pa.ipc.open_stream(dataset.data.data).read_all()
        out[dataset.name] = table.to_pylist()
    return out
