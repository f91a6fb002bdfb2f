"""Self-hosting on replicas: 2 app replicas behind nginx (deploy/serve.py), used as a browser would.

Through the proxy: the explorer opens and its weeks slider reruns it; the Patient view's
printable summary downloads (a download lives in one replica's memory, so this fails without
sticky sessions); a short bench/capacity.py pass runs sessions on both replicas without
an error; the proxy sends its security headers, hides Streamlit's metrics, and the page runs
under its Content-Security-Policy with no CSP error in the console. ``serve.py`` itself (the
command the README and the Dockerfile run): a killed replica is restarted while the page that
it served reconnects with the same case, and SIGTERM stops everything with status 0.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_utils import open_page, wait_for_app_run
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cluster():
    from deploy.serve import NGINX, Cluster

    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx not found: .ci/run must install it")
        pytest.skip("Debian's nginx is not installed (apt-get install nginx)")
    c = Cluster(2).start()
    yield c
    c.stop()
    c.remove_run_dir()


def test_explorer_and_download_work_through_the_proxy(cluster, page):
    """The slider reruns the explorer through nginx's websocket; the handout downloads; the
    page's scripts, styles, charts and WebAssembly all run under the proxy's CSP."""
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: console.append(str(e)))
    open_page(page, f"{cluster.base}/Case_explorer?weeks_conservative=12&formal_pt=true")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    cookies = {c["name"] for c in page.context.cookies()}
    assert "ppe_route" in cookies, "the proxy sets its routing cookie"
    slider = page.locator(".st-key-weeks_conservative input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"weeks_conservative=13"))
    # The timeline is drawn in the browser (ui/weeks.py); its summary names it.
    expect(page.locator(".ppe-tl-summary")).to_contain_text("Today is month 3.0")
    for attempt in range(3):  # a fresh page each time: each may land on either replica
        open_page(page, f"{cluster.base}/Patient_view?weeks_conservative=16&pain=mild&ct_stage=complete")
        download = page.get_by_test_id("stDownloadButton")
        with page.expect_download() as info:
            download.get_by_role("button").click()
        assert info.value.failure() is None, f"download {attempt} failed: {info.value.failure()}"
        html = Path(info.value.path()).read_text(encoding="utf-8")
        assert "Care so far: 16 weeks" in html
        page.context.clear_cookies()
    for path in ("/", "/Study_mode", "/Evidence", "/Imaging_guide"):
        open_page(page, cluster.base + path)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()  # Imaging/Evidence
    blocked = [m for m in console if "Content Security Policy" in m or "Content-Security" in m]
    assert not blocked, blocked


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_proxy_sends_security_headers_and_hides_metrics(cluster):
    """CSP with frame-ancestors, nosniff and a referrer policy on the page; Streamlit's metrics
    (session counts) answer 404 through the proxy, in any letter case, while a replica's own
    loopback port still has them for the operator."""
    status, headers, _ = _get(f"{cluster.base}/Case_explorer?weeks_conservative=12")
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp
    assert "'unsafe-eval'" not in csp and "script-src 'self' blob: 'wasm-unsafe-eval' 'sha256-" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Server"] == "nginx", "no version number"
    for path in ("/_stcore/metrics", "/_stcore/Metrics", "/_stcore/%6detrics", "/_stcore//metrics"):
        status, _, body = _get(cluster.base + path)
        assert status == 404 and b"active_sessions" not in body, path
    status, _, body = _get(f"http://127.0.0.1:{cluster.ports[0]}/_stcore/metrics")
    assert status == 200 and b"active_sessions" in body


def _healthy(url: str) -> bool:
    try:
        return _get(url)[2] == b"ok"
    except OSError:
        return False


def _active_sessions(port: int) -> int:
    try:
        _, _, body = _get(f"http://127.0.0.1:{port}/_stcore/metrics")
    except OSError:
        return 0
    found = re.search(rb"^active_sessions (\d+)", body, re.M)
    return int(found.group(1)) if found else 0


def _wait_for(what: str, check, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, f"not within {timeout_s:.0f} s: {what}"
        time.sleep(0.25)


def test_serve_restarts_a_killed_replica_and_the_page_keeps_its_case(page, tmp_path):
    """``python deploy/serve.py`` (as the README and the Dockerfile run it), with --run-dir a
    folder that does not exist yet. Kill -9 the replica serving an open case: the page
    reconnects and shows the same case, the slider still reruns it, nginx and the other
    replica kept serving, serve.py starts the dead one again; SIGTERM then stops all, status 0."""
    from deploy.serve import NGINX, free_port

    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (apt-get install nginx)")
    port, first = free_port(), free_port()
    while first + 1 == port or not _port_free(first + 1):
        first = free_port()
    run_dir = tmp_path / "new" / "run"
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        serve = subprocess.Popen(
            [sys.executable, "deploy/serve.py", "--replicas", "2", "--port", str(port),
             "--first-port", str(first), "--run-dir", str(run_dir)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for("serve.py's start line", lambda: "pids" in log.read_text() or serve.poll() is not None, 150)
        assert serve.poll() is None, log.read_text()
        pids = [int(n) for n in re.search(r"pids ([\d ]+)\)", log.read_text()).group(1).split()]
        base = f"http://127.0.0.1:{port}"
        page.goto(f"{base}/Case_explorer?weeks_conservative=17&formal_pt=true&pain=mild")
        wait_for_app_run(page, timeout=90_000)  # a replica's first run, on a busy machine
        ports = [first, first + 1]
        _wait_for("a replica holds the session", lambda: any(_active_sessions(p) for p in ports))
        serving = next(i for i, p in enumerate(ports) if _active_sessions(p))
        started = time.monotonic()
        os.kill(pids[serving], signal.SIGKILL)
        # The other replica and nginx keep serving (no "stopping" as before).
        _wait_for("a new visitor is served", lambda: _healthy(f"{base}/_stcore/health"), 20)
        page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
            state="attached", timeout=60_000
        )
        wait_for_app_run(page, timeout=60_000)
        expect(page).to_have_url(re.compile(r"weeks_conservative=17"))
        slider = page.locator(".st-key-weeks_conservative input[type=range]")
        expect(slider).to_have_value("17")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        slider.focus()
        page.keyboard.press("ArrowRight")
        wait_for_app_run(page)
        expect(page).to_have_url(re.compile(r"weeks_conservative=18"))
        expect(page).to_have_url(re.compile(r"pain=mild"))
        # serve.py started the killed replica again, on its port.
        killed = ports[serving]
        _wait_for(
            "the killed replica is restarted",
            lambda: (
                f"replica :{killed} restarted" in log.read_text()
                and _healthy(f"http://127.0.0.1:{killed}/_stcore/health")
            ),
            90,
        )
        print(f"replica restarted and healthy {time.monotonic() - started:.1f} s after SIGKILL")
        assert serve.poll() is None, log.read_text()
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) == 0, log.read_text()
        for p in ports:
            with pytest.raises(OSError):
                _get(f"http://127.0.0.1:{p}/_stcore/health")
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_capacity_pass_through_the_proxy_uses_both_replicas(cluster, tmp_path):
    """bench/capacity.py through nginx: reruns complete, no exceptions, both replicas work."""
    from bench.capacity import cpu_seconds

    before = [cpu_seconds([pid]) for pid in cluster.pids]
    out = tmp_path / "capacity.json"
    args = ["--url", cluster.base, "--pids", ",".join(map(str, cluster.pids)), "--targets", "app"]
    args += ["--levels", "8", "--seconds", "4", "--churn", "10", "--pause", "0", "--out", str(out)]
    # A child process: Playwright's sync API keeps an event loop running in this one.
    subprocess.run([sys.executable, str(ROOT / "bench" / "capacity.py"), *args], check=True, timeout=120)
    (result,) = json.loads(out.read_text())["results"]
    level = result["levels"][0]
    assert level["reruns"] >= 8 and level["exceptions"] == 0 and result["churn"]["exceptions"] == 0
    used = [cpu_seconds([pid]) - b for pid, b in zip(cluster.pids, before, strict=True)]
    assert all(u > 0.2 for u in used), f"server CPU seconds per replica: {used}"
