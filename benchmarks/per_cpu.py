"""Speed per CPU: the same engines measured on different processors, each figure with the
CPU it was measured on and where it comes from. The figures of benchmarks/results.json
are read from it (their own CPU); the others are quoted from the measurements named."""

from __future__ import annotations

from dataclasses import dataclass

from .common import Figure


@dataclass(frozen=True)
class Quoted:
    cpu: str  # the model, the core count, the instruction sets onnxruntime uses
    what: str
    value: str
    source: str


EPYC_512 = "AMD EPYC, 2 cores, avx2 avx512f avx512_vnni"
XEON_512 = "Intel(R) Xeon(R) Processor, 2 cores, avx2 avx512f avx512_vnni"  # as cpu_label names it
# Measured elsewhere, quoted as they were reported (never re-derived here).
QUOTED = (
    Quoted("AMD EPYC, 2 cores, avx2 (no AVX-512, no VNNI)",
           "Kokoro alone, 1 process x 2 threads: wall / audio", "1.16-1.23",
           "issue 29, cold caches"),
    Quoted("AMD EPYC, 2 cores, avx2 (no AVX-512, no VNNI)",
           "Kokoro alone, 1 process x 1 thread: wall / audio", "2.03", "issue 29"),
    Quoted("AMD EPYC, 2 cores, avx2 (no AVX-512, no VNNI)",
           "Piper: audio seconds per wall second", "8.6", "issue 29"),
    Quoted("AMD EPYC, 2 cores, avx2 (no AVX-512, no VNNI)",
           "`make demo`, three sample articles (303 s of audio), cold", "332 s", "issue 29"),
    Quoted(EPYC_512, "Kokoro alone, 1 process x 2 threads: wall / audio", "0.37-0.40",
           "issue 29, 2026-12-07, idle, an 8 s sentence"),
    Quoted(EPYC_512, "Kokoro alone, 1 process x 1 thread: wall / audio", "0.58-0.73",
           "issue 29, 2026-12-07, idle, an 8 s sentence"),
    Quoted(EPYC_512, "Kokoro, 1 process beside a busy core: CPU / audio with 1 thread; "
           "with 2 threads", "0.64; 0.92", "issue 29, 2026-12-07 (why each test worker "
           "speaks with one thread)"),
    Quoted(EPYC_512, "Piper alone, 1 process x 1 thread; x 2 threads: wall / audio",
           "0.081; 0.045", "issue 29, 2026-12-07, idle"),
    Quoted(EPYC_512, "`make demo` from a fresh clone, install included (uv), every cache "
           "cold (61.5 s of episodes, 47 s of Kokoro speech)", "33-40 s",
           "issue 29, 2026-12-07"),
    Quoted(EPYC_512, "`make test` from a fresh clone after `make demo`, every cache cold "
           "(Kokoro 47 s, Piper 98 s of audio)", "149-162 s (pytest 138-150 s)",
           "issue 29, 2026-12-07"),
    Quoted(EPYC_512, "`make demo` from a fresh clone under `scripts/as-on-a-slower-cpu`: "
           "every Kokoro and Piper inference costs what it costs on the AVX2-only EPYC, "
           "the rest runs here", "84-92 s", "issue 29, 2026-12-07"),
    Quoted(EPYC_512, "`make test` from a fresh clone after `make demo`, every cache cold, "
           "at commit c1401e2 (Kokoro 42 s, Piper 102 s of audio)",
           "161 s (pytest 153 s; 124 s in a second clone)", "issue 29, 2026-12-07; the pace "
           "of this machine varied by a third"),
    Quoted(EPYC_512, "`make test` from a fresh clone after that `make demo`, the same way "
           "(Kokoro 43-45 s, Piper 96-98 s of audio)", "204-209 s (pytest 192-196 s)",
           "issue 29, 2026-12-07, before the cuts below"),
    Quoted(EPYC_512, "the same, after the shared episode took the clarity test's sentences, "
           "the episode tests ran in one block and lint beside the suite (Kokoro 42 s, "
           "Piper 103 s of audio)", "173-186 s (pytest 166-179 s)", "issue 29, 2026-12-07"),
    Quoted(EPYC_512, "benchmark 12 the same way (Kokoro builds at 1.28-1.38 s a second of "
           "audio): |estimate / real - 1|, Piper; Kokoro (median of 2)", "6.9 %; 13.1 %",
           "issue 29, 2026-12-07"),
    Quoted(XEON_512, "`make demo` from a fresh clone, install included (uv), every cache "
           "cold", "35 s", "issue 29, 2026-12-07, commit e833063"),
    Quoted(XEON_512, "`make test` from a fresh clone after that `make demo`, every cache cold "
           "(Kokoro 42 s, Piper 102 s of audio)", "158 s (pytest 151 s, 257 CPU s)",
           "issue 29, 2026-12-07, commit e833063"),
    Quoted(XEON_512, "the same two under `scripts/as-on-a-slower-cpu` (Kokoro and Piper "
           "cost what they cost on the AVX2-only EPYC)", "`make demo` 93 s; `make test` "
           "201-243 s (pytest 194-208 s, 341 CPU s)", "issue 29, 2026-12-07, commits "
           "1d2c859, e833063 and c04aa76 (before the two cuts below); the slower figures in "
           "slow hours of this shared machine"),
    Quoted(XEON_512, "`make demo` and `make test` from fresh clones, every cache cold, once "
           "the suite ran its commands in its own process and drove Chromium's headless "
           "shell (Kokoro 42 s, Piper 102 s of audio)", "`make demo` 32-34 s; `make test` "
           "109-111 s (pytest 103-104 s, 183-186 CPU s)", "issue 29, 2026-12-08, commits "
           "4f9c04c and eb38b8d"),
    Quoted(XEON_512, "the same two under `scripts/as-on-a-slower-cpu`", "`make demo` "
           "85-89 s; `make test` 155-169 s (pytest 149-162 s, 272-275 CPU s)",
           "issue 29, 2026-12-08, commits 4f9c04c (two clones) and ae517ef; 197 s "
           "(pytest 190 s) at f01c13d, before the headless shell"),
    Quoted(XEON_512, "benchmark 12 under `scripts/as-on-a-slower-cpu` (Kokoro builds at "
           "1.27-1.38 s a second of audio): |estimate / real - 1|, Piper; Kokoro (median "
           "of 3)", "2.3 %; 15.9 %", "issue 29, 2026-12-08, commit 4626b09"),
    Quoted(XEON_512, "Kokoro: audio the model makes per inference beyond what kokoro-onnx "
           "keeps (silence it trims; most of it the start pad's 14-18 frames)",
           "0.56-0.71 s; 45.6 s made for 35.8 s kept over the test episode's 15 pieces",
           "issue 29, 2026-12-07 (on any CPU a per-piece cost; capping the start pad "
           "changed the first phoneme, so it stays)"),
)
# From results.json: the same quantities on the CPU that figure names.
FROM_RESULTS = {
    "kokoro_rtf_raw_1x2": "Kokoro alone, 1 process x 2 threads: wall / audio",
    "kokoro_rtf_raw_1x1": "Kokoro alone, 1 process x 1 thread: wall / audio",
    "kokoro_rtf_raw_2x1": "Kokoro alone, 2 processes x 1 thread: wall / audio",
    "raw_piper_1x2": "Piper: audio seconds per wall second",
    "kokoro_rtf_build_jobs_2": "`reader build --jobs 2`, Kokoro, cold: wall / audio",
}


def report_section(figures: list[Figure]) -> str:
    from .report import cpu_label

    rows = [(f.machine and cpu_label(f.machine) or "unknown CPU", FROM_RESULTS[f.key],
             f"{f.median:.3f}", f"benchmarks/results.json ({f.key})")
            for f in figures if f.key in FROM_RESULTS]
    rows += [(q.cpu, q.what, q.value, q.source) for q in QUOTED]
    lines = ["## Speed per CPU", "",
             "Both voices are onnxruntime models, whose kernels pick their code by the "
             "CPU's instruction sets (AVX2, AVX-512F, AVX-512 VNNI, AMX): Kokoro measured "
             "0.19 s of work per second of audio on the Xeon below and about 1.2 on an AMD "
             "EPYC with AVX2 alone, so a figure means little without its CPU. Plan a build "
             "with `reader build --dry-run`, which measures your own. The same quantities "
             "on each CPU measured:", "",
             "| CPU | figure | value | from |", "|---|---|---|---|"]
    lines += [f"| {cpu} | {what} | {value} | {source} |" for cpu, what, value, source in rows]
    return "\n".join(lines) + "\n"
