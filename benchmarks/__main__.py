"""`python -m benchmarks` (`make bench`): run the benchmarks, print the table, write the files.

Order: the quick, cheap ones first, the long article last, so a failure shows early.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
import time
from collections.abc import Callable
from types import ModuleType

from . import (
    clarity,
    edit_scale,
    estimate,
    gtts_throughput,
    kokoro,
    kokoro_memory,
    long_article,
    parallel,
    per_cpu,
    pipeline,
    rebuild,
    report,
    site_scale,
    stats_logs,
    wer,
)
from .common import Figure, log

BENCHMARKS: dict[str, ModuleType] = {
    "site": site_scale,
    "gtts": gtts_throughput,
    "pipeline": pipeline,
    "rebuild": rebuild,
    "edit": edit_scale,
    "parallel": parallel,
    "long": long_article,
    "kokoro": kokoro,
    "kokoro-long": kokoro_memory,
    "wer": wer,
    "stats": stats_logs,
    "estimate": estimate,
    "clarity": clarity,
}
LONG = ("long", "kokoro-long", "stats")  # skipped by --quick


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="skip the long article; build the 20-article site once, not 3 times")
    parser.add_argument("--only", default="",
                        help=f"comma-separated subset of: {', '.join(BENCHMARKS)} "
                        "(results.json and docs/benchmarks.md are then left alone)")
    parser.add_argument("--merge", action="store_true",
                        help="with --only: put the new figures into results.json in place of "
                        "the stored ones, note which were re-measured, and rewrite "
                        "docs/benchmarks.md")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--json", default="",
                        help="also write the figures (every run, details) to this JSON file")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite docs/benchmarks.md from benchmarks/results.json, no runs")
    parser.add_argument("--profile", action="store_true",
                        help="profile one cold `reader speak` instead of benchmarking")
    return parser.parse_args(argv)


def _selected(args: argparse.Namespace) -> list[str]:
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in BENCHMARKS]
        if unknown:
            raise SystemExit(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
        return names
    return [n for n in BENCHMARKS if not (args.quick and n in LONG)]


def _method(module: ModuleType) -> str:
    """The module's docstring as a section of docs/benchmarks.md."""
    doc = inspect.getdoc(module) or ""
    title, _, body = doc.partition("\n")
    return f"### {title.strip()}\n\n{body.strip()}\n"


def _sections(figures: list[Figure]) -> list[str]:
    """Sections of docs/benchmarks.md that benchmarks write from their own figures."""
    found = (getattr(module, "report_section", None) for module in BENCHMARKS.values())
    return [per_cpu.report_section(figures)] + [
        text for section in found if section and (text := section(figures))]


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.profile:
        from .profile_speak import profile

        profile()
        return 0
    if args.runs < 3 and not args.only:
        print("note: figures are meant to be medians of at least 3 runs", file=sys.stderr)
    if args.report_only:
        stored, stored_info = report.read_results()
        names = [n for n in BENCHMARKS if not (stored_info.get("quick") and n in LONG)]
        report.write_doc(stored, stored_info, [_method(BENCHMARKS[n]) for n in names],
                         _sections(stored))
        report.print_table(stored)
        return 0
    names = _selected(args)
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    figures: list[Figure] = []
    for name in names:
        module = BENCHMARKS[name]
        log(f"{name}: {(inspect.getdoc(module) or '').splitlines()[0]}")
        runner: Callable[..., list[Figure]] = module.run
        if name in ("long", "kokoro-long", "wer", "clarity"):
            measured = runner(1)
        elif name in ("rebuild", "edit"):
            measured = runner(args.runs, quick=args.quick)
        elif name == "parallel":
            measured = runner(1 if args.quick else args.runs)
        else:
            measured = runner(args.runs)
        for figure in measured:  # each figure names the CPU it was measured on
            figure.machine = report.figure_machine()
        figures += measured
    minutes = (time.perf_counter() - started) / 60
    print()
    report.print_table(figures)
    print(f"\n{minutes:.1f} minutes")
    if args.json:
        from pathlib import Path

        report.write_results(figures, {"only": names}, Path(args.json))
    if args.only and args.merge:
        _merge(figures, names, load_start, minutes)
    if not args.only:
        info = report.machine_info()
        info.update(
            quick="long" not in names,
            runs=args.runs,
            load_start=load_start,
            load_end=os.getloadavg()[0],
            total_minutes=minutes,
            finished_utc=report.now_utc(),
        )
        report.write_results(figures, info)
        report.write_doc(figures, info, [_method(BENCHMARKS[n]) for n in names],
                         _sections(figures))
        print(f"wrote {report.RESULTS.relative_to(report.REPO)} and "
              f"{report.DOC.relative_to(report.REPO)}")
    # A FAIL is reported in the table, not by the exit status: on a shared, noisy machine a
    # benchmark is information, not a gate.
    return 0


def _merge(figures: list[Figure], names: list[str], load_start: float, minutes: float) -> None:
    """The stored run with these figures measured again: each new figure replaces the stored
    one of the same key, and the note says which were re-measured, when, where and under
    what load (each is still a ratio against its own baseline of this run)."""
    stored, info = report.read_results()
    new = {figure.key: figure for figure in figures}
    merged = [new.pop(figure.key, figure) for figure in stored] + list(new.values())
    commit = report.machine_info()["git_commit"]
    note = (f"{', '.join(names)} re-measured on {report.now_utc()} UTC at commit {commit} "
            f"({minutes:.1f} minutes, load average {load_start:.1f} -> "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    info["note"] = f"{info.get('note', '').rstrip('.')}; {note}.".lstrip("; ")
    report.write_results(merged, info)
    stored_names = [n for n in BENCHMARKS if not (info.get("quick") and n in LONG)]
    report.write_doc(merged, info, [_method(BENCHMARKS[n]) for n in stored_names],
                     _sections(merged))
    print(f"merged into {report.RESULTS.relative_to(report.REPO)} and "
          f"{report.DOC.relative_to(report.REPO)}")


if __name__ == "__main__":
    sys.exit(main())
