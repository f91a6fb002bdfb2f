"""Capacity at the protocol level: many sessions moving a slider, no browsers.

Each session speaks Streamlit's own protocol over the websocket ``/_stcore/stream``, as the
frontend does: a ``BackMsg`` ``rerun_script`` opens the page (page name and query string);
then, in a closed loop with no think time, a ``rerun_script`` carrying the widget states with
a new value for one slider (and the slider's ``fragment_id`` when it sits in a fragment, as
the explorer's does). A move's time is from sending it to the ``script_finished``
``ForwardMsg`` of that run. Through a proxy (deploy/serve.py) each session first fetches the
page over HTTP and keeps the cookies it is given, so the proxy's sticky routing applies.

Per level (1, 5, 10, 25, 50 sessions): reruns/s, p50/p90/p99 ms, server CPU ms per rerun and
RSS (from /proc of the server processes), exceptions. Then a churn test: 200 sessions opened
and closed, one after another in small groups, and RSS before, after, and after a pause.

    python bench/capacity.py                      # app and bare app, started here, -> JSON
    python bench/capacity.py --targets app --levels 1,5 --seconds 5
    python bench/capacity.py --url http://127.0.0.1:8080 --pids 123,124 --levels 5
    python bench/capacity.py --replicas 1,2 --levels 10,25 --churn 0   # through nginx

Bounded: loopback addresses only, at most 100 sessions, 60 s a level, 500 churn sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

MAX_SESSIONS, MAX_SECONDS, MAX_CHURN = 100, 60, 500
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
TARGETS = {
    # name: (script, page name, slider key, slider range)
    "app": ("app.py", "Case_explorer", "weeks_conservative", 52),
    "bare": ("bench/bare_app.py", "", "weeks_conservative", 52),
}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- server processes: CPU and memory from /proc ---------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields_[11]) + int(fields_[12])) / CLK_TCK  # utime + stime
    return total


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


# --- one session --------------------------------------------------------------------------


@dataclass
class Widget:
    id: str
    kind: str
    state: WidgetState
    fragment_id: str


@dataclass
class Session:
    base: str  # http://host:port
    page: str
    slider_key: str
    high: int
    query: str = ""
    ws: object = None
    widgets: dict[str, Widget] = field(default_factory=dict)
    page_hash: str = ""
    exceptions: int = 0
    value: int = 0

    async def open(self) -> float:
        """Connect (with the proxy's cookies, if any) and run the page once; seconds taken."""
        headers = {}
        cookies = await asyncio.to_thread(_cookies_for, f"{self.base}/{self.page}")
        if cookies:
            headers["Cookie"] = cookies
        ws_url = "ws" + self.base[len("http") :] + "/_stcore/stream"
        self.ws = await connect(ws_url, subprotocols=["streamlit"], max_size=None, additional_headers=headers)
        msg = BackMsg()
        msg.rerun_script.page_name = self.page
        msg.rerun_script.query_string = self.query
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await self._until_finished(first=True)
        return time.perf_counter() - started

    async def move(self) -> float:
        """Set the slider to its next value and rerun; seconds to script_finished."""
        self.value = self.value + 1 if self.value < self.high else 1
        target = next(w for w in self.widgets.values() if w.id.endswith("-" + self.slider_key))
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.page_script_hash = self.page_hash
        rerun.page_name = self.page
        # As the browser does: a bound slider writes its value into the address first.
        rerun.query_string = "&".join(
            [q for q in self.query.split("&") if q and not q.startswith(self.slider_key + "=")]
            + [f"{self.slider_key}={self.value}"]
        )
        if target.fragment_id:
            rerun.fragment_id = target.fragment_id
        for w in self.widgets.values():
            if target.fragment_id and w.fragment_id != target.fragment_id:
                continue
            state = rerun.widget_states.widgets.add()
            state.CopyFrom(w.state)
            if w is target and w.kind == "number_input":
                state.int_value = self.value
            elif w is target:
                state.double_array_value.data[:] = [float(self.value)]
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await self._until_finished()
        return time.perf_counter() - started

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def _until_finished(self, first: bool = False) -> None:
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await self.ws.recv())
            kind = fm.WhichOneof("type")
            if kind == "new_session" and first:
                pages = {p.url_pathname: p.page_script_hash for p in fm.new_session.app_pages}
                self.page_hash = pages.get(self.page, fm.new_session.main_script_hash)
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                self._note(fm.delta.new_element, fm.delta.fragment_id)
            elif kind == "script_finished":
                if fm.script_finished in DONE:
                    return
                if fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("the script did not compile")

    def _note(self, element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.exceptions += 1
            return
        proto = getattr(element, kind)
        wid = getattr(proto, "id", "")
        if not wid or wid in self.widgets:
            return
        state = WidgetState(id=wid)
        if kind == "slider":
            state.double_array_value.data[:] = list(proto.value or proto.default)
        elif kind == "number_input":
            # The explorer's weeks: drawn in the browser (ui/weeks.py); a settled move reaches
            # the server as this bound number input's value, which is what is sent here.
            state.int_value = int(proto.value if proto.HasField("value") else proto.default)
        elif kind == "checkbox":
            state.bool_value = proto.value if proto.set_value else proto.default
        elif kind == "selectbox":
            if proto.raw_value:
                state.string_value = proto.raw_value
            elif proto.HasField("default") and proto.options:
                state.string_value = proto.options[proto.default]
            else:
                return
        else:
            return  # buttons and other widgets hold no state worth sending
        self.widgets[wid] = Widget(wid, kind, state, fragment_id)


def _cookies_for(url: str) -> str:
    """The cookies the server (or the proxy) sets on the page, as a Cookie header."""
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        got = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in got)


# --- measurements -------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def level(base: str, target: str, sessions: int, seconds: float, pids: list[int]) -> dict:
    _, page, key, high = TARGETS[target]
    clients = [Session(base, page, key, high) for _ in range(sessions)]
    for group in range(
        0, sessions, 10
    ):  # open in groups of 10: a burst of 50 first runs is a test of its own
        await asyncio.gather(*(c.open() for c in clients[group : group + 10]))
    await asyncio.gather(*(c.move() for c in clients))  # warm-up move each
    times: list[float] = []
    cpu0, start, client0 = (cpu_seconds(pids) if pids else 0.0), time.perf_counter(), time.process_time()
    deadline = start + seconds

    async def loop(c: Session) -> None:
        while time.perf_counter() < deadline:
            took = await c.move()
            if time.perf_counter() <= deadline:
                times.append(took)

    await asyncio.gather(*(loop(c) for c in clients))
    window = time.perf_counter() - start
    cpu = (cpu_seconds(pids) - cpu0) if pids else float("nan")
    client_cpu = time.process_time() - client0
    rss = rss_mb(pids) if pids else float("nan")
    await asyncio.gather(*(c.close() for c in clients))
    ms = [t * 1000 for t in times]
    return {
        "sessions": sessions,
        "reruns": len(times),
        "window_s": round(window, 2),
        "reruns_per_s": round(len(times) / window, 2),
        "p50_ms": round(pct(ms, 0.5), 1),
        "p90_ms": round(pct(ms, 0.9), 1),
        "p99_ms": round(pct(ms, 0.99), 1),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
        "server_cpu_ms_per_rerun": round(cpu * 1000 / len(times), 1) if times and pids else None,
        "server_cpu_cores": round(cpu / window, 2) if pids else None,
        # This client's own CPU: near 1.0 would mean the client, not the server, is the limit.
        "client_cpu_cores": round(client_cpu / window, 2),
        "load_avg_1min": round(os.getloadavg()[0], 1),
        "rss_mb": rss,
        "exceptions": sum(c.exceptions for c in clients),
    }


async def churn(base: str, target: str, count: int, pids: list[int], pause_s: float) -> dict:
    """Open and close ``count`` sessions (each: first run and two moves), 10 at a time."""
    _, page, key, high = TARGETS[target]
    before = rss_mb(pids) if pids else None
    exceptions = 0
    for group in range(0, count, 10):
        clients = [Session(base, page, key, high) for _ in range(min(10, count - group))]
        await asyncio.gather(*(c.open() for c in clients))
        for _ in range(2):
            await asyncio.gather(*(c.move() for c in clients))
        exceptions += sum(c.exceptions for c in clients)
        await asyncio.gather(*(c.close() for c in clients))
    after = rss_mb(pids) if pids else None
    await asyncio.sleep(pause_s)
    return {
        "sessions": count,
        "rss_before_mb": before,
        "rss_after_close_mb": after,
        f"rss_after_{pause_s:g}s_mb": rss_mb(pids) if pids else None,
        "exceptions": exceptions,
    }


async def run_target(base: str, target: str, levels: list[int], seconds: float, pids, churn_n, pause):
    out = {"target": target, "url": base, "levels": []}
    for n in levels:
        result = await level(base, target, n, seconds, pids)
        print(
            f"  {target} {n:>3} sessions: {result['reruns_per_s']:6.1f} reruns/s, p50/p90/p99 "
            f"{result['p50_ms']}/{result['p90_ms']}/{result['p99_ms']} ms, "
            f"cpu {result['server_cpu_ms_per_rerun']} ms/rerun, rss {result['rss_mb']} MB",
            flush=True,
        )
        out["levels"].append(result)
    if churn_n:
        out["churn"] = await churn(base, target, churn_n, pids, pause)
        print(f"  {target} churn: {out['churn']}", flush=True)
    return out


def check_loopback(url: str) -> str:
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"capacity.py runs against loopback addresses only, not {host}")
    return url.rstrip("/")


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", help="a running app or proxy (loopback); default: start the targets here")
    p.add_argument("--pids", default="", help="server process ids to measure (with --url)")
    p.add_argument("--targets", default="app,bare", help="app, bare or both (comma-separated)")
    p.add_argument("--levels", default="1,5,10,25,50", help="session counts")
    p.add_argument("--seconds", type=float, default=10, help="measured seconds per level")
    p.add_argument("--churn", type=int, default=200, help="sessions opened and closed (0: skip)")
    p.add_argument("--pause", type=float, default=5, help="seconds to wait before the last RSS reading")
    p.add_argument("--replicas", default="", help="e.g. 1,2: also measure the app through deploy/serve.py")
    p.add_argument("--out", default=str(ROOT / "bench" / "baseline-capacity.json"))
    args = p.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",") if x]
    if max(levels) > MAX_SESSIONS or args.seconds > MAX_SECONDS or args.churn > MAX_CHURN:
        raise SystemExit(f"bounded: <= {MAX_SESSIONS} sessions, <= {MAX_SECONDS} s, <= {MAX_CHURN} churn")
    targets = [t for t in args.targets.split(",") if t]
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load_avg_start": os.getloadavg(),
        "seconds_per_level": args.seconds,
        "results": [],
    }
    import streamlit

    report["machine"]["streamlit"] = streamlit.__version__
    if args.replicas:
        from deploy.serve import Cluster

        for n in [int(x) for x in args.replicas.split(",") if x]:
            with Cluster(n) as cluster:
                print(f"through nginx, {n} replica(s):", flush=True)
                result = asyncio.run(
                    run_target(
                        cluster.base, "app", levels, args.seconds, cluster.pids, args.churn, args.pause
                    )
                )
            result["replicas"] = n
            report["results"].append(result)
        targets = []
    if args.url:
        base = check_loopback(args.url)
        pids = [int(x) for x in args.pids.split(",") if x]
        for target in targets:
            report["results"].append(
                asyncio.run(run_target(base, target, levels, args.seconds, pids, args.churn, args.pause))
            )
    else:
        from tests.conftest import ServedApp

        for target in targets:
            server = ServedApp(TARGETS[target][0])
            try:
                report["results"].append(
                    asyncio.run(
                        run_target(
                            server.base,
                            target,
                            levels,
                            args.seconds,
                            [server.proc.pid],
                            args.churn,
                            args.pause,
                        )
                    )
                )
            finally:
                server.stop()
    report["load_avg_end"] = os.getloadavg()
    if args.out != "-":
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.out}")
    return report


if __name__ == "__main__":
    main()
