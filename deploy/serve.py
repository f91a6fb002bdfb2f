"""Run N replicas of the app behind nginx on this machine, with cookie-sticky sessions.

    python deploy/serve.py --replicas 2 --port 8080        # http://127.0.0.1:8080, Ctrl-C stops
    python deploy/serve.py --replicas 4 --listen 0.0.0.0   # in a container (see Dockerfile)

Each replica is ``streamlit run app.py`` on its own loopback port (from --first-port up), all
with the same ``server.cookieSecret`` (so the XSRF cookie one replica sets is valid on the
others after a failover). nginx (Debian's package) listens on --listen:--port, sends every
request of a browser to one replica by a cookie it sets, upgrades the websocket and
compresses static files. See deploy/README.md.

When a replica exits, serve.py starts it again on the same port (after 1 s, doubling to
30 s while it keeps failing) and nginx and the other replicas go on serving; nginx sends the
dead replica's browsers to another one meanwhile. A replica that exits more than
--max-restarts times in 10 minutes is left down, with a line in the log, and serve.py then
exits with status 1 when it stops (at once if no replica is left). nginx exiting stops
everything (status 1). SIGTERM or SIGINT (Ctrl-C) stops nginx and the replicas: status 0.

The module also serves the tests and bench/capacity.py: ``Cluster(2).start()`` ...
``cluster.stop()`` (no restarts: ``Supervisor(cluster).run()`` adds them).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
COOKIE = "ppe_route"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts the page runs: Streamlit's index.html has one, and the
    app's own (``st.html(..., unsafe_allow_javascript=True)``) are module-level strings in ui/,
    found here (by importing ui/ in a child process) so that editing one does not block it."""
    find = (
        "import importlib, json, pathlib, re, streamlit\n"
        "index = pathlib.Path(streamlit.__file__).parent / 'static' / 'index.html'\n"
        "texts = [index.read_text(encoding='utf-8')]\n"
        "for path in sorted(pathlib.Path('ui').glob('*.py')):\n"
        "    module = importlib.import_module('ui.' + path.stem)\n"
        "    texts += [v for v in vars(module).values() if isinstance(v, str) and '<script>' in v]\n"
        "print(json.dumps([b for t in texts for b in re.findall('<script>(.*?)</script>', t, re.S)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", find], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    bodies = json.loads(out.strip().splitlines()[-1])
    digests = (base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies)
    return sorted({f"'sha256-{d}'" for d in digests})


def content_security_policy() -> str:
    """The proxy's Content-Security-Policy (nginx.conf.template says why each part is there)."""
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self' blob: 'wasm-unsafe-eval'", *inline_script_hashes()]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout_s: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not become healthy in {timeout_s:.0f} s")


class Cluster:
    """N app replicas and an nginx in front; ``base`` is the proxy's URL once started."""

    def __init__(
        self,
        replicas: int = 2,
        port: int | None = None,
        listen: str = "127.0.0.1",
        first_port: int | None = None,
        script: str = "app.py",
        extra: list[str] | None = None,
        run_dir: Path | None = None,
    ):
        if not 1 <= replicas <= 32:
            raise ValueError("replicas must be 1 to 32")
        self.replicas = replicas
        self.port = port or free_port()
        self.listen = listen
        self.ports = (
            [first_port + i for i in range(replicas)]
            if first_port
            else [free_port() for _ in range(replicas)]
        )
        self.script = script
        self.extra = extra or []
        self._own_dir = run_dir is None
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="ppe-deploy-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.procs: list[subprocess.Popen] = []
        self._env: dict[str, str] = {}
        self.nginx: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def start(self, timeout_s: float = 90) -> Cluster:
        secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        self._env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secret}
        try:
            self.procs = [self._spawn(port, "w") for port in self.ports]
            for port, proc in zip(self.ports, self.procs, strict=True):
                wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", timeout_s, proc)
            self._start_nginx()
            wait_healthy(f"{self.base}/_stcore/health", 20, self.nginx)
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, port: int, mode: str) -> subprocess.Popen:
        log = open(self.run_dir / f"replica-{port}.log", mode)  # noqa: SIM115 - the process owns it
        try:
            return subprocess.Popen(
                [
                    sys.executable, "-m", "streamlit", "run", self.script,
                    "--server.headless", "true",
                    "--server.address", "127.0.0.1",
                    "--server.port", str(port),
                    "--server.fileWatcherType", "none",
                    "--browser.gatherUsageStats", "false",
                    *self.extra,
                ],
                cwd=ROOT, env=self._env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        finally:
            log.close()  # the child has its own copy

    def restart(self, index: int) -> subprocess.Popen:
        """Start replica ``index`` again on its port (its log is appended to, not replaced)."""
        self.procs[index] = self._spawn(self.ports[index], "a")
        return self.procs[index]

    def _start_nginx(self) -> None:
        if not Path(NGINX).exists():
            raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        user_line = ""
        if os.geteuid() == 0:
            # Run as root, nginx's workers switch to "nobody": let them use the temp folders.
            user_line = "user nobody nogroup;"
            for d in [self.run_dir / "tmp", *(self.run_dir / "tmp").iterdir()]:
                d.chmod(0o1777)
            self.run_dir.chmod(0o755)
        values = {
            "user_line": user_line,
            "run_dir": str(self.run_dir),
            "cookie": COOKIE,
            "servers": "\n".join(
                f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.ports
            ),
            "listen": self.listen,
            "port": str(self.port),
            "csp": content_security_policy(),
        }
        conf = TEMPLATE.read_text()
        for key, value in values.items():
            conf = conf.replace("{{" + key + "}}", value)
        path = self.run_dir / "nginx.conf"
        path.write_text(conf)
        check = subprocess.run(
            [
                NGINX,
                "-t",
                "-q",
                "-p",
                str(self.run_dir),
                "-e",
                str(self.run_dir / "error.log"),
                "-c",
                str(path),
            ],
            capture_output=True,
            text=True,
        )
        if check.returncode:
            raise RuntimeError(f"nginx rejected {path}: {check.stderr.strip()}")
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(path),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.run_dir / "nginx.stderr", "w"),  # noqa: SIM115
        )  # fmt: skip

    def stop(self) -> None:
        for proc in ([self.nginx] if self.nginx else []) + self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in ([self.nginx] if self.nginx else []) + self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    def remove_run_dir(self) -> None:
        """Delete the temporary folder (config, logs) if this Cluster made it."""
        if self._own_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.remove_run_dir()


class Supervisor:
    """Keeps a started Cluster's replicas running: restarts each one that exits.

    Back-off: the n-th restart within ``window_s`` waits ``min(2 ** (n - 1), 30)`` s. A replica
    that exits more than ``max_restarts`` times within ``window_s`` is in a crash loop: it is
    left down and ``gave_up`` names it. nginx keeps routing around a down replica
    (``max_fails=1 fail_timeout=5s``), so the others go on serving meanwhile.
    """

    def __init__(self, cluster: Cluster, max_restarts: int = 5, window_s: float = 600, log=None):
        self.cluster = cluster
        self.max_restarts = max_restarts
        self.window_s = window_s
        self.log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
        self.exits: list[list[float]] = [[] for _ in cluster.ports]
        self.due: dict[int, float] = {}  # replica index -> when to start it again
        self.gave_up: set[int] = set()
        self.stopping = False

    def check(self, now: float | None = None) -> None:
        """One pass: note exited replicas, start those whose back-off is over."""
        now = time.monotonic() if now is None else now
        for i, proc in enumerate(self.cluster.procs):
            if i in self.gave_up or i in self.due or proc.poll() is None:
                continue
            port = self.cluster.ports[i]
            recent = [t for t in self.exits[i] if now - t < self.window_s] + [now]
            self.exits[i] = recent
            if len(recent) > self.max_restarts:
                self.gave_up.add(i)
                self.log(
                    f"replica :{port} exited {len(recent)} times in {self.window_s / 60:.0f} min "
                    f"(crash loop; last status {proc.returncode}): not restarting it; see "
                    f"{self.cluster.run_dir / f'replica-{port}.log'}"
                )
                continue
            delay = min(2 ** (len(recent) - 1), 30)
            self.due[i] = now + delay
            self.log(
                f"replica :{port} (pid {proc.pid}) exited with status {proc.returncode}; "
                f"restarting it in {delay} s (restart {len(recent)} of at most "
                f"{self.max_restarts} in {self.window_s / 60:.0f} min)"
            )
        for i, when in list(self.due.items()):
            if now >= when:
                del self.due[i]
                proc = self.cluster.restart(i)
                self.log(f"replica :{self.cluster.ports[i]} restarted (pid {proc.pid})")

    def run(self, poll_s: float = 0.5) -> int:
        """Supervise until ``stopping`` is set (by a signal) or nothing is left to serve.

        Returns the exit status: 0 when told to stop with every replica supervised, 1 when
        nginx exited, no replica is left, or a replica was left down in a crash loop.
        """
        while not self.stopping:
            nginx = self.cluster.nginx
            if nginx is not None and nginx.poll() is not None:
                self.log(f"nginx exited with status {nginx.returncode}; stopping")
                return 1
            self.check()
            if len(self.gave_up) == len(self.cluster.procs):
                self.log("every replica is in a crash loop; stopping")
                return 1
            time.sleep(poll_s)
        return 1 if self.gave_up else 0


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", os.cpu_count() or 2)))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)), help="the proxy's port")
    p.add_argument("--listen", default=os.environ.get("LISTEN", "127.0.0.1"), help="the proxy's address")
    p.add_argument("--first-port", type=int, default=8501, help="replicas on this port and the next ones")
    p.add_argument("--run-dir", help="nginx config, logs and replica logs (default: a new temp folder)")
    p.add_argument(
        "--max-restarts", type=int, default=5,
        help="restarts of one replica within 10 minutes before it is left down (default 5)",
    )  # fmt: skip
    args = p.parse_args(argv)
    cluster = Cluster(args.replicas, args.port, args.listen, args.first_port, run_dir=args.run_dir)
    supervisor = Supervisor(cluster, max_restarts=args.max_restarts)

    def stop(signum, _frame) -> None:
        supervisor.stopping = True
        supervisor.log(f"{signal.Signals(signum).name}: stopping")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        cluster.start()
        print(
            f"{args.replicas} replicas on 127.0.0.1:{cluster.ports[0]}-{cluster.ports[-1]} "
            f"(pids {' '.join(map(str, cluster.pids))}), nginx on http://{args.listen}:{args.port} "
            f"(logs: {cluster.run_dir}); Ctrl-C stops",
            flush=True,
        )
        status = supervisor.run()
    finally:
        cluster.stop()
        cluster.remove_run_dir()
    raise SystemExit(status)


if __name__ == "__main__":
    main()
