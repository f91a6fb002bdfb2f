"""Self-hosting on replicas: 2 app replicas behind nginx (deploy/serve.py), used as a browser would.

Through the proxy: the explorer opens and its weeks slider reruns it; the Patient view's
printable summary downloads (a download lives in one replica's memory, so this fails without
sticky sessions); and a short bench/capacity.py pass runs sessions on both replicas without
an error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
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
    """The slider reruns the explorer through nginx's websocket; the handout downloads."""
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
