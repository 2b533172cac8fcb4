#!/usr/bin/python3
"""Prints bench/run.sh's results as Markdown tables (ratios are thumbkit time / peer time).

  report.py --results DIR --commit C --cpu MODEL --cores N --rounds R

DIR holds gbench-<round>.json (thumbkit-bench: thumbkit and libvips), sharp-<round>.jsonl,
pillow-<round>.jsonl, floor.txt (tjbench), rss.txt, psnr.txt and versions.txt, as run.sh writes
them. Medians pool the samples of all rounds.
"""
import argparse
import datetime
import glob
import json
import os
import re

TASKS = {
    "T1": "T1 jpeg 2725x2225 → 720x588 JPEG",
    "T2": "T2 png RGBA 2048x1536 → 720x540 PNG",
    "T3": "T3 webp 2725x2225 → 720x588 WebP",
    "T4": "T4 avatar 512x512 cover JPEG",
    "T5": "T5 giant 20000x14000 grey → 256 JPEG",
}
PEERS = [("sharp", "sharp"), ("pillow", "Pillow"), ("vips", "libvips")]
# Pillow-SIMD's published figures: one Skylake core, AVX2, 2560x1600 RGB source, source Mpx/s.
PILLOW_SIMD = {
    "rgb2560x1600-320x200-lanczos3": 783,
    "rgb2560x1600-2048x1280-lanczos3": 314,
    "rgb2560x1600-320x200-cubic": 1310,
    "rgb2560x1600-2048x1280-cubic": 399,
    "rgb2560x1600-320x200-linear": 2128,
    "rgb2560x1600-2048x1280-linear": 514,
}
RESAMPLE_CASES = [
    "rgb2560x1600-320x200-lanczos3",
    "rgb2560x1600-2048x1280-lanczos3",
    "rgb2560x1600-320x200-cubic",
    "rgb2560x1600-2048x1280-cubic",
    "rgb2560x1600-320x200-linear",
    "rgb2560x1600-2048x1280-linear",
    "rgb2725x2225-720x588-lanczos3",
    "rgba2048x1536-720x540-lanczos3",
    "grey20000x14000-256x179-lanczos3",
    "grey20000x14000-256x179-lanczos3-gap2",  # thumbkit with reducing_gap 2.0; peers as above
]


def median(xs):
    xs = sorted(xs)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def load(results):
    """{tool: {name: {"ms": median ms, "n": samples, "bytes": output bytes}}}, pooling the samples
    of every round: thumbkit-bench's repetitions (gbench-*.json) and the peers' runs (*.jsonl)."""
    samples = {"thumbkit": {}, "vips": {}, "sharp": {}, "pillow": {}}
    out_bytes = {}
    for path in sorted(glob.glob(os.path.join(results, "gbench-*.json"))):
        with open(path) as f:
            gbench = json.load(f)
        for b in gbench["benchmarks"]:
            if b.get("run_type") != "iteration" or b.get("error_occurred"):
                continue
            assert b["time_unit"] == "ms", b["time_unit"]
            name = re.sub(r"(/real_time|/min_.*)+$", "", b["run_name"])
            tool, _, rest = name.partition("/")
            samples[tool].setdefault(rest, []).append(b["real_time"])
            out_bytes[(tool, rest)] = b.get("out_bytes")
    for tool in ("sharp", "pillow"):
        for path in sorted(glob.glob(os.path.join(results, f"{tool}-*.jsonl"))):
            with open(path) as f:
                for line in f:
                    r = json.loads(line)
                    samples[tool].setdefault(r["name"], []).extend(r["samples_ms"])
                    out_bytes[(tool, r["name"])] = r["out_bytes"]
    return {
        tool: {
            name: {"ms": median(xs), "n": len(xs), "bytes": out_bytes.get((tool, name))}
            for name, xs in by_name.items()
        }
        for tool, by_name in samples.items()
    }


def throughput(results):
    """{threads: median images/s} of thumbkit/threads/T1 over every round's repetitions."""
    rates = {}
    for path in sorted(glob.glob(os.path.join(results, "gbench-*.json"))):
        with open(path) as f:
            for b in json.load(f)["benchmarks"]:
                if (b.get("run_type") == "iteration" and not b.get("error_occurred")
                        and b["run_name"].startswith("thumbkit/threads/T1")):
                    rates.setdefault(b["threads"], []).append(b["items_per_second"])
    return {threads: median(xs) for threads, xs in sorted(rates.items())}


def lines(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.split() for line in f if line.strip()]


def ms(v):
    if v is None:
        return "—"
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def ratio(tk, peer):
    if tk is None or peer is None or peer == 0:
        return "—"
    return f"**{tk / peer:.2f}×**"


def kb(v):
    return "—" if v is None else f"{v / 1000:.1f}k"


def get(data, tool, name, key="ms"):
    entry = data.get(tool, {}).get(name)
    return None if entry is None else entry.get(key)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--commit", required=True)
    ap.add_argument("--cpu", required=True)
    ap.add_argument("--cores", required=True)
    ap.add_argument("--rounds", required=True)
    a = ap.parse_args()
    data = load(a.results)

    rss = {(tool, task): int(kib) / 1024 for tool, task, kib in lines(a.results, "rss.txt")}
    psnr = {}  # (variant, tool) -> dB
    for path, value in lines(a.results, "psnr.txt"):
        m = re.search(r"out-(T1|T1png|T1accurate|T1raw)-(\w+)\.", os.path.basename(path))
        if m:
            psnr[(m.group(1), m.group(2))] = value
    floor = {}
    for tokens in lines(a.results, "floor.txt"):
        # "T1 1/2 RGB (TD) YCbCr 4:2:0 2725 2225 N/A N/A 616.0": Mpx/s of the full-size image
        try:
            width, height, mpx_s = int(tokens[-5]), int(tokens[-4]), float(tokens[-1])
            floor[tokens[0]] = (tokens[1], width * height / 1e6 / mpx_s * 1e3)
        except (ValueError, IndexError):
            pass
    versions = [" ".join(t) for t in lines(a.results, "versions.txt")]

    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    print(f"# thumbkit vs peers — {now}\n")
    print(f"- machine: {a.cpu}, {a.cores} cores (shared; absolute times drift, ratios from one run"
          " do not)")
    print(f"- thumbkit commit: {a.commit}")
    print(f"- versions: {'; '.join(versions)}")
    counts = sorted({e["n"] for by_name in data.values() for e in by_name.values()})
    n = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    print(f"- single thread, in-process, after warm-up; median of {n} runs per case and tool, "
          f"pooled from {a.rounds} rounds that each run every tool; ratio = thumbkit time / peer "
          "time (< 1: thumbkit faster)\n")

    print("## End to end (TASKS.md T1..T5, bytes in → bytes out)\n")
    print("| task | thumbkit ms | sharp ms | tk/sharp | Pillow ms | tk/Pillow | libvips ms | "
          "tk/libvips | decode floor ms | out bytes tk / sharp / Pillow / vips | "
          "peak RSS MiB tk / sharp / Pillow / vips |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for task, label in TASKS.items():
        tk = get(data, "thumbkit", task)
        cells = [label, ms(tk)]
        for tool, _ in PEERS:
            peer = get(data, tool, task)
            cells += [ms(peer), ratio(tk, peer)]
        f = floor.get("T1" if task == "T3" else task)
        cells.append(f"{f[1]:.1f} ({f[0]})" if f else "—")
        cells.append(" / ".join(kb(get(data, t, task, "bytes")) for t in ("thumbkit", "sharp",
                                                                           "pillow", "vips")))
        cells.append(" / ".join(
            "—" if (t, task) not in rss else f"{rss[(t, task)]:.0f}"
            for t in ("thumbkit", "sharp", "pillow", "vips")))
        print("| " + " | ".join(cells) + " |")
    print()
    print("T1 fidelity, PSNR (dB, RGB) of the decoded output against full-resolution decode + "
          "exact Lanczos3 (Pillow `resize((720, 588), LANCZOS)` without draft):\n")
    print("| output | thumbkit | sharp | Pillow | libvips |")
    print("|---|---:|---:|---:|---:|")
    for variant, label in (("T1", "T1 as the task writes it (JPEG q80)"),
                           ("T1png", "T1's geometry saved as PNG (the resize alone)"),
                           ("T1accurate", "the same, accurate shrink-on-load (thumbkit "
                            "`--shrink-on-load accurate`, sharp `fastShrinkOnLoad: false`)"),
                           ("T1raw", "raw resize of the full decode (the resampler alone), "
                            "as PNG")):
        print(f"| {label} | " + " | ".join(psnr.get((variant, t), "—") for t in
                                           ("thumbkit", "sharp", "pillow", "vips")) + " |")
    print()
    accurate, sharp_t1 = get(data, "thumbkit", "T1accurate"), get(data, "sharp", "T1")
    if accurate is not None:
        print(f"T1 in thumbkit's accurate shrink-on-load mode (here a full-size decode), end to end: "
              f"{ms(accurate)} ms, {ratio(accurate, sharp_t1)} sharp's default-mode T1 "
              f"({ms(sharp_t1)} ms).\n")
    print("Decode floor: libjpeg-turbo `tjbench -scale` at the shrink-on-load scale (mean over 1 s). "
          "Peak RSS: `/usr/bin/time -f %M` of one process doing only that task (thumbkit: the CLI; "
          "sharp: node; Pillow: python3; libvips: `thumbkit-bench --once vips`), so it includes "
          "each runtime's own baseline.\n")

    print("## thumbkit stages (public API: tk_decode, tk_resize, tk_encode)\n")
    print("| stage | ms | share of the task |")
    print("|---|---:|---:|")
    for task in ("T1", "T2", "T3", "T5"):
        e2e = get(data, "thumbkit", task)
        if e2e is None:
            continue
        print(f"| **{task} end to end** | {ms(e2e)} | 100% |")
        src = "T1" if task == "T3" else task
        parts = []
        for stage, label in (("decode_full", "tk_decode, full size (not what the task runs)"),
                             ("resize", "tk_resize, from the shrink-on-load size"
                              if task != "T2" else "tk_resize (premultiplied)"),
                             ("encode", "tk_encode")):
            v = get(data, "thumbkit", f"{src if stage != 'encode' else task}/{stage}")
            if v is None:
                continue
            note = f" (as {src})" if src != task and stage != "encode" else ""
            share = f"{100 * v / e2e:.0f}%"
            if stage == "decode_full" and task != "T2":
                share = "—"
            else:
                parts.append(v)
            print(f"| {task} {label}{note} | {ms(v)} | {share} |")
        if task != "T2" and len(parts) == 2:
            rest = e2e - sum(parts)
            f = floor.get(src)
            fl = f"; tjbench {f[0]} floor {f[1]:.1f} ms" if f else ""
            print(f"| {task} shrink-on-load decode + rest (e2e − resize − encode){fl} | "
                  f"{ms(rest)} | {100 * rest / e2e:.0f}% |")
        elif task == "T2" and len(parts) == 3:
            rest = e2e - sum(parts)
            print(f"| {task} rest (e2e − decode − resize − encode) | {ms(rest)} | "
                  f"{100 * rest / e2e:.0f}% |")
    print()

    rates = throughput(a.results)
    if rates:
        print("## Multi-core: T1 from N threads in one process (one tk_ctx each)\n")
        print("| threads | images/s | vs 1 thread |")
        print("|---:|---:|---:|")
        one = rates.get(1)
        for threads, rate in rates.items():
            scale = f"{rate / one:.2f}x" if one else "—"
            print(f"| {threads} | {rate:.1f} | {scale} |")
        print()

    print("## Resampler alone (raw buffers, Lanczos3 unless named)\n")
    print("| case | thumbkit ms | thumbkit src Mpx/s | sharp ms | tk/sharp | Pillow ms | "
          "tk/Pillow | libvips ms | tk/libvips | Pillow-SIMD AVX2 Mpx/s (published) | "
          "tk/Pillow-SIMD |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case in RESAMPLE_CASES:
        name = f"resample/{case}"
        tk = get(data, "thumbkit", name)
        m = re.match(r"\w+?(\d+)x(\d+)-", case)
        src_mpx = int(m.group(1)) * int(m.group(2)) / 1e6
        cells = [case, ms(tk), "—" if tk is None else f"{src_mpx / tk * 1e3:.0f}"]
        for tool, _ in PEERS:
            peer = get(data, tool, name.removesuffix("-gap2"))
            cells += [ms(peer), ratio(tk, peer)]
        simd = PILLOW_SIMD.get(case)
        if simd is None:
            cells += ["—", "—"]
        else:
            cells += [str(simd), ratio(tk, src_mpx / simd * 1e3)]
        print("| " + " | ".join(cells) + " |")
    print()
    print("sharp and libvips resize with vips_resize's defaults: reductions beyond 2x start with a "
          "box shrink (gap 2.0), so their large reductions are not exact Lanczos; thumbkit and "
          "Pillow convolve exactly (thumbkit's `-gap2` row: the same box pre-shrink, "
          "`TK_PARAM_REDUCING_GAP` 20, against the peers' figures of the row above). RGBA is premultiplied around the resize by every tool. "
          "Pillow-SIMD's figures are published ones from another CPU (one Skylake core), not "
          "measured here.")


if __name__ == "__main__":
    main()
