"""Weeks move -> chart and -> card, in headless Chromium: the explorer against the bare app.

Run from the repository root:  python bench/timeline.py [--moves 30] [--latency-ms 100]

Both apps are served in the same run and measured in turns (app, bare, app, bare ...): one
key press on the weeks slider, then, on the page's own clock (performance.now, from the
keydown event):

- **chart**: the chart's DOM changed (app: the SVG timeline's moving layer; bare: the Vega
  chart's new aria-label, which Streamlit sets with the new spec);
- **chart frame**: the first animation frame after that change has run (the change is
  painted in that frame);
- **card** (app only): the result card's text changed.

Then the same again with every byte between the browser and each server delayed by a local
asyncio TCP proxy on the loopback (half the round trip each way, so ``--latency-ms 100`` adds
100 ms to each websocket round trip). Nothing leaves 127.0.0.1.

Prints a table and writes bench/results/timeline.json (medians, p90, ratios to the bare app).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ServedApp, free_port  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SLIDER = ".st-key-weeks_conservative input[type=range]"
RUN_DONE = "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
APPS = {
    "app": ("app.py", "Case_explorer?formal_pt=true&ct_stage=complete+fracture&weeks_conservative=10"),
    "bare": ("bench/bare_app.py", ""),
}

PROBE = """
() => {
  if (window.__tl) return;
  const p = window.__tl = {key: 0, chart: 0, frame: 0, card: 0, label: null};
  document.addEventListener('keydown', () => {
    p.key = performance.now(); p.chart = p.frame = p.card = 0;
  }, true);
  const changed = () => {
    if (p.chart) return;
    p.chart = performance.now();
    requestAnimationFrame(() => { p.frame = performance.now(); });
  };
  const moving = document.querySelector('.ppe-tl-moving');
  const card = document.querySelector('.ppe-tl-card');
  if (moving) {
    new MutationObserver(changed).observe(moving, {childList: true, subtree: true});
    new MutationObserver(() => { if (!p.card) p.card = performance.now(); })
      .observe(card, {childList: true, subtree: true, characterData: true});
  } else {
    const read = () => {
      const el = document.querySelector('[data-testid=stVegaLiteChart][aria-label]');
      const label = el ? el.getAttribute('aria-label') : null;
      if (label !== p.label) { p.label = label; if (p.key) changed(); }
    };
    new MutationObserver(read).observe(document.body, {subtree: true, childList: true,
      attributes: true, attributeFilter: ['aria-label']});
    read();
  }
}
"""


class DelayProxy:
    """A loopback TCP proxy that delays every chunk by ``one_way_s`` in each direction, in
    order (a fixed extra round trip of twice that for each request and its answer)."""

    def __init__(self, target_port: int, one_way_s: float):
        self.target_port, self.one_way_s = target_port, one_way_s
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait(10)
        self.base = f"http://127.0.0.1:{self.port}"

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", self.port))
        self.server = server
        ready.set()
        self.loop.run_forever()

    async def _pipe(self, reader, writer) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def send() -> None:
            while True:
                due, chunk = await queue.get()
                if chunk is None:
                    break
                wait = due - self.loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(send())
        try:
            while chunk := await reader.read(65536):
                queue.put_nowait((self.loop.time() + self.one_way_s, chunk))
        except ConnectionError:
            pass
        queue.put_nowait((0, None))
        await sender

    async def _client(self, reader, writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)


def open_app(browser, base: str, path: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/{path}")
    page.wait_for_selector(RUN_DONE, state="attached")
    page.wait_for_selector(SLIDER)
    page.wait_for_timeout(500)
    page.evaluate(PROBE)
    page.locator(SLIDER).focus()
    return context, page


def one_move(page, key: str, card: bool) -> dict:
    page.keyboard.press(key)
    cond = "() => window.__tl.frame > 0" + (" && window.__tl.card > 0" if card else "")
    page.wait_for_function(cond, polling="raf", timeout=120_000)
    p = page.evaluate("() => window.__tl")
    out = {"chart": p["chart"] - p["key"], "frame": p["frame"] - p["key"]}
    if card:
        out["card"] = p["card"] - p["key"]
    # Let the move's server work (debounced week, or the bare app's rerun) finish first.
    page.wait_for_timeout(350)
    page.wait_for_selector(RUN_DONE, state="attached")
    return out


def measure(browser, bases: dict[str, str], moves: int) -> dict:
    pages = {name: open_app(browser, base, APPS[name][1]) for name, base in bases.items()}
    samples: dict[str, dict[str, list[float]]] = {n: {} for n in bases}
    for i in range(moves):
        key = "ArrowRight" if (i // 10) % 2 == 0 else "ArrowLeft"
        for name, (_, page) in pages.items():
            for metric, ms in one_move(page, key, card=name == "app").items():
                samples[name].setdefault(metric, []).append(ms)
    for context, _ in pages.values():
        context.close()
    return samples


def summarise(samples: dict) -> dict:
    def p90(xs):
        return sorted(xs)[max(0, round(0.9 * len(xs)) - 1)]

    out = {}
    for name, metrics in samples.items():
        for metric, xs in metrics.items():
            out[f"{name}.{metric}"] = {"median": statistics.median(xs), "p90": p90(xs), "n": len(xs)}
    bare = out["bare.frame"]["median"]
    for metric in ("chart", "frame", "card"):
        key = f"app.{metric}"
        if key in out:
            out[key]["ratio_to_bare_frame"] = out[key]["median"] / bare
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--latency-ms", type=float, default=100.0)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    servers = {name: ServedApp(script, ROOT) for name, (script, _) in APPS.items()}
    proxies = {name: DelayProxy(s.port, args.latency_ms / 2000) for name, s in servers.items()}
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            direct = {n: s.base for n, s in servers.items()}
            results["direct"] = summarise(measure(browser, direct, args.moves))
            results[f"latency_{int(args.latency_ms)}ms"] = summarise(
                measure(browser, {n: p.base for n, p in proxies.items()}, args.moves)
            )
            browser.close()
    finally:
        for p in proxies.values():
            p.stop()
        for s in servers.values():
            s.stop()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "timeline.json").write_text(json.dumps(results, indent=2))
    print("| run | metric | app median (p90) ms | bare median (p90) ms | ratio |")
    print("|---|---|---|---|---|")
    for run, res in results.items():
        bare = res["bare.frame"]
        for metric in ("chart", "frame", "card"):
            a = res[f"app.{metric}"]
            print(
                f"| {run} | move -> {metric} | {a['median']:.1f} ({a['p90']:.1f}) | "
                f"{bare['median']:.1f} ({bare['p90']:.1f}) | {a['ratio_to_bare_frame']:.2f}x |"
            )


if __name__ == "__main__":
    main()
