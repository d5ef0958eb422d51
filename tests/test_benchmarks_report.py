"""benchmarks/report.py and benchmarks/per_cpu.py: every figure names the CPU it was
measured on, in results.json and in docs/benchmarks.md's tables."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import per_cpu, report
from benchmarks.common import Figure


def figure(key: str, machine: dict[str, object] | None = None) -> Figure:
    return Figure(key=key, title=f"9b. {key}", unit="ratio", runs=[0.5, 0.7, 0.6],
                  machine=machine or {})


def test_a_figure_records_the_cpu_its_kernels_and_onnxruntime() -> None:
    found = report.figure_machine()
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                 if line.startswith("model name"))
    assert found["cpu_model"] == model
    flags = set(next(line for line in cpuinfo.splitlines() if line.startswith("flags"))
                .split(":", 1)[1].split())
    assert ("avx2" in found["instruction_sets"]) == ("avx2" in flags)
    assert ("amx" in found["instruction_sets"]) == ("amx_tile" in flags)
    assert found["onnxruntime"].count(".") >= 1


def test_figures_stored_before_they_named_their_cpu_take_the_runs(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    own = {"cpu_model": "AMD EPYC", "cores": 2, "instruction_sets": ["avx2"]}
    old = figure("kokoro_rtf_raw_1x2").to_json()
    del old["machine"]
    path.write_text(json.dumps({
        "machine": {"cpu_model": "Intel(R) Xeon(R) Processor", "cpu_count": 2,
                    "packages": {"onnxruntime": "1.32.0"}},
        "figures": [old, figure("raw_piper_1x2", own).to_json()],
    }), encoding="utf-8")
    figures, _ = report.read_results(path)
    assert [report.cpu_label(f.machine) for f in figures] == [
        "Intel(R) Xeon(R) Processor, 2 cores, instruction sets not recorded",
        "AMD EPYC, 2 cores, avx2",
    ]
    table = report.markdown_table(figures)
    assert "| AMD EPYC, 2 cores, avx2 |" in table


def test_the_per_cpu_section_names_a_cpu_on_every_row() -> None:
    own = {"cpu_model": "AMD EPYC", "cores": 2, "instruction_sets": ["avx2", "avx512f"]}
    text = per_cpu.report_section([figure("kokoro_rtf_raw_1x2", own), figure("other", own)])
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1] == ("| AMD EPYC, 2 cores, avx2 avx512f | Kokoro alone, 1 process x 2 "
                       "threads: wall / audio | 0.600 | benchmarks/results.json "
                       "(kokoro_rtf_raw_1x2) |")
    assert len(rows) == 2 + len(per_cpu.QUOTED)  # the header, one figure, the quoted ones
    assert all(row.split(" | ")[0] != "| unknown CPU" for row in rows)
