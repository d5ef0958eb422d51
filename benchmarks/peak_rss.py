"""`python -m benchmarks.peak_rss RESULT.json COMMAND...`: run COMMAND, write its peak RSS.

Why a launcher of its own: the kernel's high-water mark of a process (ru_maxrss from wait4)
starts from its parent's when the parent starts it with vfork, as Python's subprocess does,
because the child runs in the parent's memory until it execs. Started straight from the
benchmark runner, which has synthesised with Piper and built a 5,000-episode site by then,
`reader` reported the runner's 725 MB as its own peak. This small process starts it
instead, so the figure is the reader's own (plus this launcher's ~10 MB at most).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def main() -> None:
    result_path, *command = sys.argv[1:]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603 - our command
    _, status, usage = os.wait4(process.pid, 0)
    result = {
        "pid": process.pid,
        "exit_code": os.waitstatus_to_exitcode(status),
        "ru_maxrss_kib": usage.ru_maxrss,  # Linux reports KiB
    }
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
