"""What this machine is, for the figures measured on it: the CPU model and the instruction
sets ONNX Runtime's kernels choose between (its MLAS library dispatches on AVX2, AVX-512F,
AVX-512 VNNI and AMX at run time, so the same voice is several times faster on a CPU that
has them). The build's speed record and every benchmark run name the CPU this way."""

from __future__ import annotations

import os
import platform
from functools import cache
from pathlib import Path

# /proc/cpuinfo's flag for each instruction set ONNX Runtime's kernels use, in the order
# they appeared; "amx" is the tile extension AMX's int8 and bf16 kernels need.
KERNEL_ISAS = {"avx2": "avx2", "avx512f": "avx512f", "avx512_vnni": "avx512_vnni",
               "amx": "amx_tile"}
_CPUINFO = Path("/proc/cpuinfo")


@cache
def _cpuinfo() -> dict[str, str]:
    """The first processor's fields of /proc/cpuinfo; empty where there is none."""
    fields: dict[str, str] = {}
    try:
        text = _CPUINFO.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return fields
    for line in text.split("\n\n", 1)[0].splitlines():
        name, _, value = line.partition(":")
        fields.setdefault(name.strip(), value.strip())
    return fields


def cpu_model() -> str:
    """"AMD EPYC", "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz"; else the platform's
    word for the processor."""
    info = _cpuinfo()
    return info.get("model name") or platform.processor() or platform.machine() or "unknown"


def kernel_isas() -> tuple[str, ...]:
    """Which of KERNEL_ISAS this CPU has (empty where /proc/cpuinfo cannot tell)."""
    flags = set((_cpuinfo().get("flags") or "").split())
    return tuple(name for name, flag in KERNEL_ISAS.items() if flag in flags)


def onnxruntime_version() -> str | None:
    from importlib import metadata

    try:
        return metadata.version("onnxruntime")
    except metadata.PackageNotFoundError:
        return None


def process_age() -> float | None:
    """Wall seconds since this process started (the interpreter's own start-up included),
    from /proc; None where there is no /proc. Read by hand: the standard library has no
    such clock, and psutil would be a dependency for one number."""
    try:
        # Field 22 of /proc/self/stat, counted after the command name's closing parenthesis
        # (the name itself may hold spaces): the start time in clock ticks after boot.
        after_name = Path("/proc/self/stat").read_text(encoding="ascii").rsplit(")", 1)[1]
        started = int(after_name.split()[19]) / os.sysconf("SC_CLK_TCK")
        uptime = float(Path("/proc/uptime").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return max(0.0, uptime - started)
