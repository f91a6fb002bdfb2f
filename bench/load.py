"""Load test: concurrent browser sessions on the Case explorer, each moving the weeks slider.

Run from the repository root:  python bench/load.py [--sessions 20] [--moves 10] [--gc-on]
Pass criteria: every run ends without an exception element, p90 slider-to-chart latency at
most 3x the single-session figure (measured first, same server), server RSS under 690 MB
throughout. Prints the figures and writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import PROBE, RUN_DONE, SLIDER, Server, stats  # noqa: E402

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

RSS_LIMIT_MB = 690


async def session(browser, base: str, moves: int, start_delay: float) -> dict:
    await asyncio.sleep(start_delay)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    await page.goto(f"{base}/Case_explorer")
    await page.wait_for_selector(RUN_DONE, state="attached")
    await page.wait_for_selector("[data-testid=stVegaLiteChart][aria-label]", state="attached")
    await page.evaluate(PROBE)
    latencies, errors = [], 0
    for _ in range(moves):
        old = await page.evaluate("() => window.__probe.label")
        await page.locator(SLIDER).focus()
        await page.keyboard.press("ArrowRight")
        await page.wait_for_function(
            "old => window.__probe.label !== null && window.__probe.label !== old",
            arg=old,
            polling="raf",
            timeout=120_000,
        )
        latencies.append(await page.evaluate("() => window.__probe.change - window.__probe.key"))
        await page.wait_for_selector(RUN_DONE, state="attached")
        errors += await page.locator("[data-testid=stException]").count()
    await context.close()
    return {"latencies": latencies, "errors": errors}


async def drive(base: str, sessions: int, moves: int) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = await asyncio.gather(
            *(session(browser, base, moves, i * 0.1) for i in range(sessions)), return_exceptions=True
        )
        await browser.close()
    return [
        r if isinstance(r, dict) else {"latencies": [], "errors": 1, "exception": repr(r)} for r in results
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--moves", type=int, default=10)
    ap.add_argument("--gc-on", action="store_true", help="postScriptGC=true (config: false)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    args = ap.parse_args()

    extra = ["--runner.postScriptGC", "true"] if args.gc_on else []
    server = Server("app.py", extra)
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(server.rss_mb())
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        single = asyncio.run(drive(server.base, 1, 20))[0]
        t0 = time.perf_counter()
        many = asyncio.run(drive(server.base, args.sessions, args.moves))
        wall = time.perf_counter() - t0
    finally:
        stop.set()
        sampler.join()
        server.stop()

    single_p90 = stats(single["latencies"])["p90"]
    all_lat = [x for r in many for x in r["latencies"]]
    load = stats(all_lat) if all_lat else {"median": float("nan"), "p90": float("nan"), "n": 0}
    expected = args.sessions * args.moves
    errors = sum(r["errors"] for r in many)
    checks = {
        "all_runs_completed": load["n"] == expected,
        "no_exceptions": errors == 0,
        "p90_within_3x_single": load["p90"] <= 3 * single_p90,
        "rss_below_690_mb": max(samples) < RSS_LIMIT_MB,
    }
    out = {
        "gc_on": args.gc_on,
        "sessions": args.sessions,
        "moves": args.moves,
        "single_session_ms": {"median": statistics.median(single["latencies"]), "p90": single_p90},
        "load_ms": {k: load[k] for k in ("median", "p90", "n")},
        "runs_expected": expected,
        "errors": errors,
        "exceptions": [r["exception"] for r in many if "exception" in r],
        "wall_s": wall,
        "rss_mb": {"max": max(samples), "min": min(samples), "last": samples[-1], "samples": len(samples)},
        "checks": checks,
        "passed": all(checks.values()),
    }
    print(
        f"load: {args.sessions} sessions x {args.moves} moves (postScriptGC {'on' if args.gc_on else 'off'})"
    )
    print(f"  single session: median {out['single_session_ms']['median']:.0f} ms, p90 {single_p90:.0f} ms")
    print(
        f"  under load:     median {load['median']:.0f} ms, p90 {load['p90']:.0f} ms "
        f"({load['p90'] / single_p90:.2f}x single p90), {load['n']}/{expected} runs, {errors} errors"
    )
    print(f"  server RSS:     max {max(samples):.0f} MB (limit {RSS_LIMIT_MB}), wall {wall:.1f} s")
    for name, ok in checks.items():
        print(f"  {'ok    ' if ok else 'FAILED'} {name}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2))
    print(f"wrote {args.out}")
    sys.exit(0 if out["passed"] else 1)


if __name__ == "__main__":
    main()
