"""How many CPUs this process may use: the default number of workers.

`os.cpu_count()` counts the machine's CPUs; the process may be allowed fewer. Two limits
are read: its CPU affinity (`taskset`, cpusets) and its control group's CPU quota, which
is how Docker (`--cpus`) and Kubernetes (a container's CPU limit) cap a container. A
container limited to 2 CPUs on a 64-core node still has the 64 in its affinity: 64
workers, each loading its own models, would share 2 CPUs' worth of time and hold 32 times
the memory that 2 need.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

_ROOT = Path("/")


def available_cpus(root: Path = _ROOT) -> int:
    """The CPUs of the process's affinity, capped by its control group's CPU quota (rounded up)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        count = os.cpu_count() or 1
    quota = cgroup_cpu_quota(root)
    if quota is not None:
        count = min(count, math.ceil(quota))
    return max(1, count)


def cgroup_cpu_quota(root: Path = _ROOT) -> float | None:
    """The CPU quota of this process's control group, in CPUs (1.5: one and a half CPUs'
    time per period), or None where there is none or it cannot be read.

    cgroup v2 writes it as "QUOTA PERIOD" (or "max PERIOD") in `cpu.max`; v1 as two files
    of the `cpu` controller, `cpu.cfs_quota_us` (-1: none) and `cpu.cfs_period_us`. The
    group's own directory is tried first, then the hierarchy's root: inside a container
    the group's path, as `/proc/self/cgroup` gives it, may not exist in its mount.
    """
    try:
        lines = (root / "proc/self/cgroup").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    places: list[tuple[Path, Callable[[Path], float | None]]] = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, group = parts
        relative = group.lstrip("/")
        if controllers == "":  # cgroup v2: "0::/path"
            base = root / "sys/fs/cgroup"
            places += [(directory, _v2_quota) for directory in _candidates(base, relative)]
        elif "cpu" in controllers.split(","):  # cgroup v1: "4:cpu,cpuacct:/path"
            # Mounted under its controllers' joined name, or as `cpu`: each tried once.
            for base in dict.fromkeys((root / "sys/fs/cgroup" / controllers, root / "sys/fs/cgroup/cpu")):
                places += [(directory, _v1_quota) for directory in _candidates(base, relative)]
    for directory, read in places:
        try:
            return read(directory)
        except _Unreadable:
            continue  # missing, or not what it should be: the next place
    return None


class _Unreadable(Exception):
    pass


def _candidates(base: Path, relative: str) -> list[Path]:
    return [base / relative, base] if relative else [base]


def _v2_quota(directory: Path) -> float | None:
    fields = _read(directory / "cpu.max").split()
    if len(fields) != 2:
        raise _Unreadable
    return None if fields[0] == "max" else _ratio(fields[0], fields[1])


def _v1_quota(directory: Path) -> float | None:
    quota = _read(directory / "cpu.cfs_quota_us").strip()
    period = _read(directory / "cpu.cfs_period_us").strip()
    return None if quota == "-1" else _ratio(quota, period)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise _Unreadable from None


def _ratio(quota: str, period: str) -> float:
    try:
        q, p = int(quota), int(period)
    except ValueError:
        raise _Unreadable from None
    if q <= 0 or p <= 0:
        raise _Unreadable
    return q / p
