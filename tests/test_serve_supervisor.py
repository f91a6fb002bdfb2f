"""deploy/serve.py's Supervisor without servers: a replica that exits is started again after a
back-off that doubles (1, 2, 4 ... 30 s); one that keeps exiting is left down after the cap,
named in the log, and the exit status says so; nginx exiting stops everything."""

from __future__ import annotations

from pathlib import Path

from deploy.serve import Supervisor


class FakeProc:
    count = 0

    def __init__(self, returncode: int | None = None):
        FakeProc.count += 1
        self.pid = 1000 + FakeProc.count
        self.returncode = returncode

    def poll(self):
        return self.returncode


class FakeCluster:
    def __init__(self, n: int = 2):
        self.ports = [9001 + i for i in range(n)]
        self.procs = [FakeProc() for _ in self.ports]
        self.nginx = FakeProc()
        self.run_dir = Path("/run-dir")
        self.restarts: list[int] = []

    def restart(self, index: int) -> FakeProc:
        self.restarts.append(index)
        self.procs[index] = FakeProc()
        return self.procs[index]


def supervisor(cluster, **kw):
    lines: list[str] = []
    return Supervisor(cluster, log=lines.append, **kw), lines


def test_a_dead_replica_is_restarted_after_a_doubling_back_off_and_the_other_left_alone():
    cluster = FakeCluster()
    sup, lines = supervisor(cluster, max_restarts=5, window_s=600)
    waits = []
    now = 0.0
    for _ in range(4):
        cluster.procs[0].returncode = -9
        sup.check(now)
        (due,) = sup.due.values()
        waits.append(due - now)
        sup.check(due - 0.01)
        assert cluster.restarts.count(0) == len(waits) - 1, "not before the back-off is over"
        sup.check(due)
        now = due + 1
    assert waits == [1, 2, 4, 8]
    assert cluster.restarts == [0, 0, 0, 0], "the healthy replica is never touched"
    assert "replica :9001 (pid" in lines[0] and "exited with status -9; restarting it in 1 s" in lines[0]
    assert lines[1].startswith("replica :9001 restarted (pid ")


def test_exits_spread_beyond_the_window_do_not_add_up():
    cluster = FakeCluster(1)
    sup, _ = supervisor(cluster, max_restarts=2, window_s=600)
    for n in range(6):
        now = n * 700.0  # one crash every 700 s: never two within 10 minutes
        cluster.procs[0].returncode = 1
        sup.check(now)
        sup.check(now + 1)
    assert cluster.restarts == [0] * 6 and not sup.gave_up


def test_a_crash_loop_is_left_down_named_in_the_log_and_in_the_exit_status():
    cluster = FakeCluster()
    sup, lines = supervisor(cluster, max_restarts=3, window_s=600)
    now = 0.0
    for _ in range(4):
        cluster.procs[0].returncode = 1
        sup.check(now)
        now += 31
        sup.check(now)
    assert cluster.restarts == [0, 0, 0], "three restarts, then it is left down"
    assert sup.gave_up == {0}
    assert "replica :9001 exited 4 times in 10 min (crash loop; last status 1): not restarting" in lines[-1]
    assert "/run-dir/replica-9001.log" in lines[-1]
    sup.stopping = True
    assert sup.run(poll_s=0) == 1, "stopped by a signal, but a replica was left down"


def test_stop_on_signal_is_status_0_nginx_exit_or_no_replica_left_is_1():
    cluster = FakeCluster()
    sup, _ = supervisor(cluster)
    sup.stopping = True
    assert sup.run(poll_s=0) == 0
    cluster.nginx.returncode = 1
    sup, lines = supervisor(cluster)
    assert sup.run(poll_s=0) == 1 and lines == ["nginx exited with status 1; stopping"]
    cluster = FakeCluster(1)
    cluster.procs[0].returncode = 1
    sup, lines = supervisor(cluster, max_restarts=0)
    assert sup.run(poll_s=0) == 1 and lines[-1] == "every replica is in a crash loop; stopping"
