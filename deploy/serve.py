"""Run N replicas of the app behind nginx on this machine, with cookie-sticky sessions.

    python deploy/serve.py --replicas 2 --port 8080        # http://127.0.0.1:8080, Ctrl-C stops
    python deploy/serve.py --replicas 4 --listen 0.0.0.0   # in a container (see Dockerfile)

Each replica is ``streamlit run app.py`` on its own loopback port (from --first-port up), all
with the same ``server.cookieSecret`` (so the XSRF cookie one replica sets is valid on the
others after a failover). nginx (Debian's package) listens on --listen:--port, sends every
request of a browser to one replica by a cookie it sets, upgrades the websocket and
compresses static files. See deploy/README.md.

The module also serves the tests and bench/capacity.py: ``Cluster(2).start()`` ...
``cluster.stop()``.
"""

from __future__ import annotations

import argparse
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
        self.procs: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def start(self, timeout_s: float = 90) -> Cluster:
        secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secret}
        try:
            for port in self.ports:
                log = open(self.run_dir / f"replica-{port}.log", "w")  # noqa: SIM115 - the process owns it
                self.procs.append(
                    subprocess.Popen(
                        [
                            sys.executable, "-m", "streamlit", "run", self.script,
                            "--server.headless", "true",
                            "--server.address", "127.0.0.1",
                            "--server.port", str(port),
                            "--server.fileWatcherType", "none",
                            "--browser.gatherUsageStats", "false",
                            *self.extra,
                        ],
                        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                    )
                )  # fmt: skip
            for port, proc in zip(self.ports, self.procs, strict=True):
                wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", timeout_s, proc)
            self._start_nginx()
            wait_healthy(f"{self.base}/_stcore/health", 20, self.nginx)
        except BaseException:
            self.stop()
            raise
        return self

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


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", os.cpu_count() or 2)))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)), help="the proxy's port")
    p.add_argument("--listen", default=os.environ.get("LISTEN", "127.0.0.1"), help="the proxy's address")
    p.add_argument("--first-port", type=int, default=8501, help="replicas on this port and the next ones")
    p.add_argument("--run-dir", help="nginx config, logs and replica logs (default: a new temp folder)")
    args = p.parse_args(argv)
    cluster = Cluster(args.replicas, args.port, args.listen, args.first_port, run_dir=args.run_dir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    cluster.start()
    print(
        f"{args.replicas} replicas on 127.0.0.1:{cluster.ports[0]}-{cluster.ports[-1]}, "
        f"nginx on http://{args.listen}:{args.port} (logs: {cluster.run_dir}); Ctrl-C stops",
        flush=True,
    )
    failed = False
    try:
        while all(p.poll() is None for p in [cluster.nginx, *cluster.procs]):
            time.sleep(1)
        print("a replica or nginx exited; stopping", file=sys.stderr)
        failed = True
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
        cluster.remove_run_dir()
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
