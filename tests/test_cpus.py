"""`redact.cpus`: the default number of workers follows the CPUs a process may use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redact.cpus import available_cpus, cgroup_cpu_quota


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


V2_GROUP = "0::/kubepods/pod1/ctr\n"
V1_GROUPS = "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n"


@pytest.mark.parametrize(
    ("files", "quota"),
    [
        # cgroup v2: the group's own cpu.max
        ({"proc/self/cgroup": V2_GROUP, "sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "200000 100000\n"}, 2.0),
        ({"proc/self/cgroup": V2_GROUP, "sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "150000 100000\n"}, 1.5),
        ({"proc/self/cgroup": V2_GROUP, "sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "max 100000\n"}, None),
        # inside a container the group's path is not in the mount: the root's file
        ({"proc/self/cgroup": V2_GROUP, "sys/fs/cgroup/cpu.max": "50000 100000\n"}, 0.5),
        ({"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "400000 100000\n"}, 4.0),
        # cgroup v1: the cpu controller's quota and period, under its joined mount name
        (
            {
                "proc/self/cgroup": V1_GROUPS,
                "sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "300000\n",
                "sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n",
            },
            3.0,
        ),
        # ... or under `cpu`, at the root of the hierarchy
        (
            {
                "proc/self/cgroup": V1_GROUPS,
                "sys/fs/cgroup/cpu/cpu.cfs_quota_us": "100000\n",
                "sys/fs/cgroup/cpu/cpu.cfs_period_us": "50000\n",
            },
            2.0,
        ),
        (
            {
                "proc/self/cgroup": V1_GROUPS,
                "sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n",
                "sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
            },
            None,
        ),
        # near misses: no quota to be had, so none
        ({}, None),  # no /proc/self/cgroup (not Linux)
        ({"proc/self/cgroup": V2_GROUP}, None),  # no cpu controller file anywhere
        ({"proc/self/cgroup": V2_GROUP, "sys/fs/cgroup/cpu.max": "lots 100000\n"}, None),
        ({"proc/self/cgroup": V2_GROUP, "sys/fs/cgroup/cpu.max": "0 100000\n"}, None),
        ({"proc/self/cgroup": V2_GROUP, "sys/fs/cgroup/cpu.max": "200000\n"}, None),
        ({"proc/self/cgroup": "garbage\n", "sys/fs/cgroup/cpu.max": "200000 100000\n"}, None),
        # a v1 quota of the memory controller is not a CPU quota
        ({"proc/self/cgroup": "12:memory:/x\n", "sys/fs/cgroup/memory/x/cpu.cfs_quota_us": "100000\n"}, None),
        # a quota without its period is unreadable
        ({"proc/self/cgroup": V1_GROUPS, "sys/fs/cgroup/cpu/cpu.cfs_quota_us": "100000\n"}, None),
    ],
)
def test_cgroup_cpu_quota(tmp_path: Path, files: dict[str, str], quota: float | None) -> None:
    assert cgroup_cpu_quota(_tree(tmp_path, files)) == quota


def test_the_groups_own_quota_comes_before_the_roots(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "proc/self/cgroup": V2_GROUP,
            "sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "100000 100000\n",
            "sys/fs/cgroup/cpu.max": "max 100000\n",
        },
    )
    assert cgroup_cpu_quota(root) == 1.0


@pytest.mark.parametrize(("cpu_max", "expected"), [("150000 100000", 2), ("50000 100000", 1), ("100000 100000", 1)])
def test_a_quota_caps_the_cpus_rounded_up(tmp_path: Path, cpu_max: str, expected: int) -> None:
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": cpu_max})
    assert available_cpus(root) == min(expected, len(os.sched_getaffinity(0)))


def test_without_a_quota_every_cpu_of_the_affinity_counts(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "max 100000"})
    assert available_cpus(root) == len(os.sched_getaffinity(0))


def test_a_quota_above_the_affinity_does_not_add_cpus(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "100000000 100000"})
    assert available_cpus(root) == len(os.sched_getaffinity(0))


def test_default_workers_are_the_available_cpus() -> None:
    from redact.executor import default_workers

    assert default_workers() == available_cpus() >= 1
