"""Slider -> chart for several checkouts of the explorer and the bare app, interleaved.

For measuring a variant against main in one run (the way the figures in bench/README.md
were taken): each checkout is served from its own directory, one browser page each, and the
moves go round the apps in turn (order reversed every other round), so machine noise falls
on all of them alike.

    python bench/slider_ab.py DIR [DIR ...]            # e.g. a `git archive` of main, and .
    python bench/slider_ab.py --moves 40 /tmp/main .

Per app: median ms from the key press to the chart's new aria-label (the same in-page probe
as bench/run.py), median ms to the end of the run, and the server's CPU per move (user +
system over all moves, divided by their number). Ratios are to the bare app of the same run.
A checkout's directory needs app.py and pages/; the bare app is this checkout's
bench/bare_app.py. Bounded: at most 200 moves an app, at most 6 checkouts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the server, page and probe helpers

MAX_MOVES, MAX_DIRS = 200, 6


def measure(apps: dict[str, tuple[Path, str, str]], moves: int) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    servers = {name: run.Server(script, [], cwd=cwd) for name, (cwd, script, _) in apps.items()}
    out = {name: {"chart_ms": [], "done_ms": [], "cpu_s": 0.0} for name in apps}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=run.CHROMIUM, args=run.CHROMIUM_ARGS)
            pages, state = {}, {}
            for name, (_, _, path) in apps.items():
                _, pages[name] = run.load_page(browser, servers[name].base, path, True)
                state[name] = {"value": 0, "dir": 1}
                for _ in range(2):  # warm-up, not counted
                    run.slider_move(pages[name], state[name])
            names = list(apps)
            for i in range(moves):
                for name in names if i % 2 == 0 else reversed(names):
                    cpu, t0 = servers[name].cpu_s(), time.perf_counter()
                    out[name]["chart_ms"].append(run.slider_move(pages[name], state[name]))
                    out[name]["done_ms"].append((time.perf_counter() - t0) * 1000)
                    time.sleep(0.1)  # let the server's work for this move finish
                    out[name]["cpu_s"] += servers[name].cpu_s() - cpu
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", type=Path, help="checkouts of the app")
    ap.add_argument("--moves", type=int, default=30, help="moves per app")
    ap.add_argument("--out", type=Path, default=run.RESULTS / "slider_ab.json")
    args = ap.parse_args()
    if not 1 <= args.moves <= MAX_MOVES or len(args.dirs) > MAX_DIRS:
        ap.error(f"at most {MAX_MOVES} moves and {MAX_DIRS} checkouts")
    apps = {"bare": (run.ROOT, "bench/bare_app.py", "")}
    for d in args.dirs:
        d = d.resolve()
        if not (d / "app.py").is_file():
            ap.error(f"{d} has no app.py")
        apps[f"{d.name or d}#{len(apps)}"] = (d, "app.py", "Case_explorer")
    res = measure(apps, args.moves)
    med = {n: statistics.median(r["chart_ms"]) for n, r in res.items()}
    done = {n: statistics.median(r["done_ms"]) for n, r in res.items()}
    cpu = {n: 1000 * r["cpu_s"] / args.moves for n, r in res.items()}
    for n in res:
        print(
            f"{n:24s} chart {med[n]:6.1f} ms ({med[n] / med['bare']:.2f}x)  "
            f"run end {done[n]:6.1f} ms ({done[n] / done['bare']:.2f}x)  "
            f"server CPU {cpu[n]:5.1f} ms/move ({cpu[n] / cpu['bare']:.2f}x)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"moves": args.moves, "machine": run.machine(), "results": res}, indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
