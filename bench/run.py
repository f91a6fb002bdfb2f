"""Benchmark the app against a bare Streamlit app, interleaved, in headless Chromium.

Run from the repository root:  python bench/run.py            (one pass, GC as configured)
                               python bench/run.py --gc-on    (adds a runner.postScriptGC=true pass;
                                                               the config turns it off)
                               python bench/run.py --evidence [--before DIR]
                                   (only the Evidence page: tab click vs the bare app's page
                                   switch, first and second load; DIR = an older checkout of
                                   the app, measured in the same interleaved run)
Options set the counts (see --help). Prints a table and writes bench/results/latest.json
(--evidence: also the "evidence" entry of bench/baseline.json).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ServedApp  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHART = "[data-testid=stVegaLiteChart]"
SLIDER = ".st-key-weeks_conservative input[type=range]"
RUN_DONE = "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"

# The app under test and the bare reference: script, page with the slider, first page, page switch.
APPS = {
    "app": {"script": "app.py", "slider_path": "Case_explorer", "home": "", "label": "Return-to-activity"},
    "bare": {"script": "bench/bare_app.py", "slider_path": "", "home": "", "label": "Bare chart"},
}

# In-page probe: time of the last key press and of the last change of the chart's aria-label,
# both on the page's own clock (performance.now), so Python overhead is not measured.
PROBE = """
() => {
  if (window.__probe) return;
  window.__probe = {key: 0, change: 0, label: null};
  document.addEventListener('keydown', () => { window.__probe.key = performance.now(); }, true);
  const read = () => {
    // The explorer's timeline is an SVG drawn in the browser (ui/weeks.py), named by its
    // summary; the bare app's chart is a Vega chart named by its aria-label.
    const svg = document.querySelector('.ppe-tl-summary');
    const el = document.querySelector('[data-testid=stVegaLiteChart][aria-label]');
    const label = svg ? svg.textContent : el ? el.getAttribute('aria-label') : null;
    if (label !== window.__probe.label) {
      window.__probe.label = label;
      window.__probe.change = performance.now();
    }
  };
  new MutationObserver(read).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                     characterData: true, attributeFilter: ['aria-label']});
  read();
}
"""


class Server(ServedApp):
    """The test suite's served app, health polled every 20 ms so ``start_s`` is precise."""

    def __init__(self, script: str, extra: list[str], cwd: Path = ROOT):
        super().__init__(script, cwd, extra, poll_s=0.02, timeout_s=90)

    def rss_mb(self) -> float:
        return tree_rss_mb(self.proc.pid)

    def cpu_s(self) -> float:
        """User + system CPU seconds the server process has used so far (all its threads)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and its descendants in MB (psutil if installed, else /proc)."""
    try:
        import psutil

        p = psutil.Process(pid)
        return sum(q.memory_info().rss for q in [p, *p.children(recursive=True)]) / 2**20
    except ImportError:
        pass
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            parents[int(stat.parent.name)] = int(text.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    pids, frontier = {pid}, [pid]
    while frontier:
        cur = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == cur and c not in pids]
        pids.update(kids)
        frontier.extend(kids)
    total_kb = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def wait_run_done(page, timeout: int = 60_000) -> None:
    page.wait_for_selector(RUN_DONE, state="attached", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=timeout)


def load_page(browser, base: str, path: str, need_chart: bool) -> tuple[float, object]:
    """Open a new context at base/path; seconds from navigation to the end of the first run."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    cond = (
        f"() => document.querySelector({RUN_DONE!r}) && !document.querySelector('[data-testid=stSkeleton]')"
    )
    if need_chart:
        cond += f" && document.querySelector('{CHART}[aria-label], .ppe-tl-svg')"
    t0 = time.perf_counter()
    page.goto(f"{base}/{path}", wait_until="commit")
    page.wait_for_function(cond, polling="raf", timeout=60_000)
    return time.perf_counter() - t0, page


def slider_move(page, state: dict) -> float:
    """Press one arrow key on the weeks slider; ms from key down to the chart's new aria-label."""
    page.evaluate(PROBE)
    old = page.evaluate("() => window.__probe.label")
    slider = page.locator(SLIDER)
    slider.focus()
    key = "ArrowRight" if state["dir"] > 0 else "ArrowLeft"
    state["value"] += state["dir"]
    if state["value"] in (0, 52):
        state["dir"] = -state["dir"]
    page.keyboard.press(key)
    page.wait_for_function(
        "old => window.__probe.label !== null && window.__probe.label !== old",
        arg=old,
        polling="raf",
        timeout=30_000,
    )
    ms = page.evaluate("() => window.__probe.change - window.__probe.key")
    wait_run_done(page)
    return ms


def page_switch(browser, name: str, base: str) -> float:
    """App: Home -> Case explorer by the sidebar link. Bare: reload. Seconds to the run's end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/")
    wait_run_done(page)
    page.wait_for_timeout(300)
    done = (
        f"() => document.querySelector('{CHART}[aria-label], .ppe-tl-svg')"
        f" && document.querySelector({RUN_DONE!r})"
        " && !document.querySelector('[data-testid=stSkeleton]')"
    )
    t0 = time.perf_counter()
    if name == "app":
        page.locator("[data-testid=stSidebar] a[href$='Case_explorer']").first.click()
    else:
        page.reload(wait_until="commit")
    page.wait_for_function(done, polling="raf", timeout=60_000)
    elapsed = time.perf_counter() - t0
    context.close()
    return elapsed


# ---------------------------------------------------------------------------------------
# The Evidence page: a tab click against the bare app's page switch, first and second load

# Each tab with charts, and the figure whose chart shows once the tab is drawn.
EVIDENCE_TABS = {
    "One side vs both": "union_by_laterality",
    "Return to sport": "rts_time",
    "Repair techniques": "techniques",
    "Outcome scores": "odi",
    "Injections": "injections",
    "Epidemiology": "epidemiology",
    "Healing by stage": "bilateral_grid",
}
# Records when the script state goes to running and back to notRunning (page clock).
RUN_PROBE = """
() => {
  window.__run = {done: 0};
  const app = document.querySelector('[data-testid=stApp]');
  if (window.__runObserver) window.__runObserver.disconnect();
  // Each record's oldValue is the state it left: leaving 'running' means a run ended (the
  // current value alone can miss a short run between two callbacks).
  window.__runObserver = new MutationObserver((records) => {
    for (const r of records) {
      if (r.oldValue === 'running' && !window.__run.done) window.__run.done = performance.now();
    }
  });
  window.__runObserver.observe(app, {attributes: true, attributeOldValue: true,
                                     attributeFilter: ['data-test-script-state']});
}
"""


def load_again(context, base: str, path: str) -> float:
    """A new tab in an open browser context (its HTTP cache warm): seconds to the first run's end."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    cond = (
        f"() => document.querySelector({RUN_DONE!r}) && !document.querySelector('[data-testid=stSkeleton]')"
        f" && document.querySelector('{CHART}[aria-label]')"
    )
    t0 = time.perf_counter()
    page.goto(f"{base}/{path}", wait_until="commit")
    page.wait_for_function(cond, polling="raf", timeout=60_000)
    seconds = time.perf_counter() - t0
    page.close()
    return seconds


def tab_click(page, server: Server, tab: str) -> tuple[float, float]:
    """Click one Evidence tab: (seconds to the run's end with the tab's chart drawn, server CPU s)."""
    chart = f".st-key-fig_{EVIDENCE_TABS[tab]} {CHART}[aria-label]"
    page.evaluate(RUN_PROBE)
    cpu0 = server.cpu_s()
    t0 = page.evaluate("() => performance.now()")
    page.get_by_role("tab", name=tab, exact=True).click()
    page.wait_for_function("() => window.__run.done > 0", polling="raf", timeout=180_000)
    page.locator(chart).locator("svg [role=graphics-symbol]").first.wait_for(
        state="attached", timeout=180_000
    )
    wait_run_done(page, timeout=180_000)
    t1 = page.evaluate("() => Math.max(window.__run.done, performance.now())")
    page.wait_for_timeout(150)  # let the server finish its bookkeeping before reading CPU
    return (t1 - t0) / 1000, server.cpu_s() - cpu0


def bare_switch(browser, server: Server) -> tuple[float, float]:
    """The bare app's page switch (a reload): (seconds, server CPU s)."""
    cpu0 = server.cpu_s()
    seconds = page_switch(browser, "bare", server.base)
    time.sleep(0.15)
    return seconds, server.cpu_s() - cpu0


def evidence_pass(args, extra: list[str]) -> dict:
    """Interleaved: bare app, this checkout and (with --before) an older one, on the Evidence page."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    apps = {"bare": ("bench/bare_app.py", ROOT, ""), "app": ("app.py", ROOT, "Evidence")}
    if args.before:
        apps["before"] = ("app.py", args.before.resolve(), "Evidence")
    res: dict = {name: {} for name in apps}
    tabs = list(EVIDENCE_TABS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # 1. First load (the first session after a server start) and second load (a new
        #    session on a warm server), the apps taking turns; a fresh server per round.
        first = {name: [] for name in apps}
        second = {name: [] for name in apps}
        for i in range(args.evidence_rounds):
            order = list(apps) if i % 2 == 0 else list(reversed(apps))
            for name in order:
                script, cwd, path = apps[name]
                server = Server(script, extra, cwd)
                try:
                    s, page = load_page(browser, server.base, path, True)
                    first[name].append(s)
                    # Second load: a new session (new tab) in the same browser, cache warm.
                    second[name].append(load_again(page.context, server.base, path))
                    page.context.close()
                finally:
                    server.stop()
        for name in apps:
            res[name]["first_load_s"] = stats(first[name])
            res[name]["second_load_s"] = stats(second[name])
        # 2. Tab clicks (apps) and page switches (bare), taking turns, on running servers.
        servers = {name: Server(apps[name][0], extra, apps[name][1]) for name in apps}
        try:
            pages = {}
            for name in apps:
                if name != "bare":
                    _, pages[name] = load_page(browser, servers[name].base, "Evidence", True)
                    tab_click(pages[name], servers[name], tabs[0])  # warm-up, not counted
            clicks = {name: [] for name in apps}
            cpu = {name: [] for name in apps}
            for i in range(args.tab_clicks):
                order = list(apps) if i % 2 == 0 else list(reversed(apps))
                for name in order:
                    try:
                        if name == "bare":
                            s, c = bare_switch(browser, servers[name])
                        else:
                            s, c = tab_click(pages[name], servers[name], tabs[(i + 1) % len(tabs)])
                    except PlaywrightError as exc:  # one lost measurement on a loaded machine
                        print(f"{name}: measurement {i} lost ({str(exc).splitlines()[0]})", file=sys.stderr)
                        res[name]["lost"] = res[name].get("lost", 0) + 1
                        continue
                    clicks[name].append(s)
                    cpu[name].append(c)
            for name in apps:
                key = "page_switch_s" if name == "bare" else "tab_click_s"
                res[name][key] = stats(clicks[name])
                res[name]["server_cpu_s"] = stats(cpu[name])
            for page in pages.values():
                page.context.close()
        finally:
            for server in servers.values():
                server.stop()
        browser.close()
    return res


def evidence_rows(res: dict) -> list[tuple]:
    """(metric, app, reference, ratio, target) for the Evidence figures."""
    bare = res["bare"]
    out = []
    for name in [n for n in ("before", "app") if n in res]:
        r = res[name]
        who = "this checkout" if name == "app" else "before"
        click, switch = r["tab_click_s"]["median"], bare["page_switch_s"]["median"]
        out.append((f"{who}: tab click / bare page switch (s)", click, switch, click / switch, "<= 1.3x"))
        c, cb = r["server_cpu_s"]["median"], bare["server_cpu_s"]["median"]
        out.append((f"{who}: server CPU per click / switch (s)", c, cb, c / cb if cb else float("nan"), ""))
        for key, label in (("first_load_s", "first load"), ("second_load_s", "second load")):
            a, b = r[key]["median"], bare[key]["median"]
            out.append((f"{who}: {label} Evidence / bare (s)", a, b, a / b, "<= 1.3x"))
    return out


def stats(values: list[float]) -> dict:
    vals = sorted(values)
    p90 = vals[min(len(vals) - 1, round(0.9 * (len(vals) - 1)))]
    return {
        "median": statistics.median(vals),
        "p90": p90,
        "n": len(vals),
        "values": [round(v, 4) for v in vals],
    }


def engine_grid() -> dict:
    """pathway.evaluate over every combination of the scenario controls' values (age 22)."""
    import pathway
    from pathway.model.scenario import ACTIVITIES, CT_STAGES, LATERALITIES, MRI_VALUES, PAIN_LEVELS, Scenario

    grid = list(
        itertools.product(
            range(53), (False, True), PAIN_LEVELS, LATERALITIES, CT_STAGES, MRI_VALUES, range(5), ACTIVITIES
        )
    )
    t0 = time.perf_counter()
    for w, pt, pain, lat, ct, mri, grade, act in grid:
        pathway.evaluate(Scenario(w, pt, pain, lat, ct, mri, grade, act, 22))
    seconds = time.perf_counter() - t0
    return {"combinations": len(grid), "seconds": seconds, "us_per_evaluate": seconds / len(grid) * 1e6}


def one_pass(args, extra: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    res: dict = {name: {} for name in APPS}
    # 1. Server start to healthy, alternating which app starts first.
    starts = {name: [] for name in APPS}
    for i in range(args.starts):
        order = list(APPS) if i % 2 == 0 else list(reversed(APPS))
        for name in order:
            s = Server(APPS[name]["script"], extra)
            starts[name].append(s.start_s)
            s.stop()
    servers = {}
    for name in APPS:
        servers[name] = Server(APPS[name]["script"], extra)
        starts[name].append(servers[name].start_s)
    for name in APPS:
        res[name]["server_start_s"] = stats(starts[name])

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # 2. First load: the first session after start (cold), then new sessions (warm).
            loads = {name: [] for name in APPS}
            for i in range(args.loads + 1):
                for name in APPS if i % 2 == 0 else reversed(APPS):
                    s, page = load_page(browser, servers[name].base, APPS[name]["home"], name == "bare")
                    page.context.close()
                    if i == 0:
                        res[name]["first_load_cold_s"] = s
                    else:
                        loads[name].append(s)
            for name in APPS:
                res[name]["first_load_s"] = stats(loads[name])
            # The app's chart page, for comparison with the bare app (which is all chart).
            explorer = []
            for _ in range(args.loads):
                s, page = load_page(browser, servers["app"].base, APPS["app"]["slider_path"], True)
                page.context.close()
                explorer.append(s)
            res["app"]["first_load_explorer_s"] = stats(explorer)
            # 3. Slider to chart redrawn, one move of each app in turn.
            pages, state, moves = {}, {}, {name: [] for name in APPS}
            for name in APPS:
                _, pages[name] = load_page(browser, servers[name].base, APPS[name]["slider_path"], True)
                state[name] = {"value": 0, "dir": 1}
                slider_move(pages[name], state[name])  # warm-up, not counted
            for i in range(args.moves):
                for name in APPS if i % 2 == 0 else reversed(APPS):
                    moves[name].append(slider_move(pages[name], state[name]))
            for name in APPS:
                res[name]["slider_to_chart_ms"] = stats(moves[name])
                pages[name].context.close()
            # 4. Page switch.
            switches = {name: [] for name in APPS}
            for i in range(args.switches):
                for name in APPS if i % 2 == 0 else reversed(APPS):
                    switches[name].append(page_switch(browser, name, servers[name].base))
            for name in APPS:
                res[name]["page_switch_s"] = stats(switches[name])
            # 5. Memory after 1 and after N open sessions on the slider page (each moved once).
            for name in APPS:
                sessions = []
                rss = {}
                for n in range(1, args.sessions + 1):
                    _, page = load_page(browser, servers[name].base, APPS[name]["slider_path"], True)
                    slider_move(page, {"value": 0, "dir": 1})
                    sessions.append(page)
                    if n in (1, args.sessions):
                        time.sleep(1.5)
                        rss[n] = servers[name].rss_mb()
                res[name]["rss_1_session_mb"] = rss[1]
                res[name][f"rss_{args.sessions}_sessions_mb"] = rss[args.sessions]
                res[name]["mb_per_extra_session"] = (rss[args.sessions] - rss[1]) / (args.sessions - 1)
                for page in sessions:
                    page.context.close()
            browser.close()
    finally:
        for s in servers.values():
            s.stop()
    return res


TARGETS = {  # metric key, statistic, max ratio app/bare
    "server_start_s": ("median", 1.3),
    "first_load_s": ("median", 1.3),
    "slider_to_chart_ms": ("median", 1.0),
    "page_switch_s": ("median", 1.3),
    "mb_per_extra_session": (None, 1.5),
}


def rows(res: dict, sessions: int) -> list[tuple]:
    out = []
    for key in [
        "server_start_s",
        "first_load_cold_s",
        "first_load_s",
        "slider_to_chart_ms",
        "page_switch_s",
        "rss_1_session_mb",
        f"rss_{sessions}_sessions_mb",
        "mb_per_extra_session",
    ]:
        stats_wanted = ("median", "p90") if key == "slider_to_chart_ms" else ("median",)
        for st in stats_wanted:
            a, b = res["app"][key], res["bare"][key]
            if isinstance(a, dict):
                a, b, label = a[st], b[st], f"{key} ({st})"
            else:
                label = key
            target = TARGETS.get(key)
            limit = target[1] if target and (target[0] in (None, st)) else None
            ratio = a / b if b else float("nan")
            verdict = "" if limit is None else ("ok" if ratio <= limit else "MISSED") + f" (<= {limit}x)"
            out.append((label, a, b, ratio, verdict))
        if key == "first_load_s":
            a, b = res["app"]["first_load_explorer_s"]["median"], res["bare"]["first_load_s"]["median"]
            out.append(("first_load Case_explorer (median)", a, b, a / b, "(info)"))
    return out


def print_table(title: str, table: list[tuple]) -> None:
    print(f"\n{title}")
    print(f"{'metric':<34}{'app':>10}{'bare':>10}{'ratio':>8}  target")
    for label, a, b, ratio, verdict in table:
        print(f"{label:<34}{a:>10.3f}{b:>10.3f}{ratio:>7.2f}x  {verdict}")


def machine() -> dict:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")
    )
    import streamlit

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_total_gb": round(int(mem) / 2**20, 1),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--moves", type=int, default=24, help="slider moves per app (>= 20)")
    ap.add_argument("--loads", type=int, default=5, help="warm first loads per app")
    ap.add_argument("--starts", type=int, default=3, help="extra server starts per app")
    ap.add_argument("--switches", type=int, default=5, help="page switches per app")
    ap.add_argument("--sessions", type=int, default=10, help="open sessions for the memory figure")
    ap.add_argument("--gc-on", action="store_true", help="add a postScriptGC=true pass")
    ap.add_argument("--evidence", action="store_true", help="only the Evidence page figures")
    ap.add_argument("--before", type=Path, help="with --evidence: an older checkout to compare")
    ap.add_argument("--tab-clicks", type=int, default=10, help="Evidence tab clicks per app")
    ap.add_argument("--evidence-rounds", type=int, default=3, help="server starts per app (loads)")
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = ap.parse_args()

    out = {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()}, "passes": {}}
    if args.evidence:
        res = evidence_pass(args, [])
        table = evidence_rows(res)
        print_table("Evidence page", table)
        out["evidence"] = {
            "results": res,
            "table": [
                dict(zip(("metric", "app", "bare", "ratio", "target"), r, strict=False)) for r in table
            ],
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(out, indent=2))
        baseline = ROOT / "bench" / "baseline.json"
        saved = json.loads(baseline.read_text()) if baseline.exists() else {}
        saved["evidence"] = {"machine": out["machine"], "args": out["args"], **out["evidence"]}
        baseline.write_text(json.dumps(saved, indent=2) + "\n")
        print(f"\nwrote {args.out} and {baseline}")
        return
    grid = engine_grid()
    out["engine_grid"] = grid
    passes = [("default", [])] + ([("gc_on", ["--runner.postScriptGC", "true"])] if args.gc_on else [])
    for name, extra in passes:
        res = one_pass(args, extra)
        table = rows(res, args.sessions)
        out["passes"][name] = {
            "results": res,
            "table": [
                dict(zip(("metric", "app", "bare", "ratio", "target"), r, strict=False)) for r in table
            ],
        }
        print_table(f"Pass: {name} {' '.join(extra)}", table)
    verdict = "ok" if grid["seconds"] < 1 else "MISSED (< 1 s)"
    print(
        f"\nengine grid: {grid['combinations']} evaluations in {grid['seconds']:.2f} s "
        f"({grid['us_per_evaluate']:.1f} us each)  {verdict}"
    )
    if args.gc_on:
        off = out["passes"]["default"]["results"]
        on = out["passes"]["gc_on"]["results"]
        print(
            "\npostScriptGC off vs on (app): slider median "
            f"{off['app']['slider_to_chart_ms']['median']:.0f} vs "
            f"{on['app']['slider_to_chart_ms']['median']:.0f} ms,"
            f" MB/session {off['app']['mb_per_extra_session']:.2f} vs {on['app']['mb_per_extra_session']:.2f}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2))
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
