#!/usr/bin/python3
"""Pillow, a peer of thumbkit-bench (run with Debian's /usr/bin/python3 and python3-pil).

  pillow_bench.py --fixtures DIR [--noise FILE] [--runs 15] [--filter REGEX]
      T1..T3 as TASKS.md lists them for Pillow (draft() + resize(LANCZOS, reducing_gap=3.0)) and
      the resampler-only cases (Image.resize on decoded images, no draft, no reducing_gap); one
      JSON object per line: {"tool": "pillow", "name": ..., "median_ms": ..., "out_bytes": ...,
      "samples_ms": [...]}
  pillow_bench.py --fixtures DIR --once T1 OUT
      one task once, written to OUT (peak RSS of a process doing only that task; fidelity);
      T1png: T1's geometry saved as PNG (resize fidelity alone)
  pillow_bench.py --fixtures DIR --psnr OUT...
      PSNR (dB, RGB) of each decoded OUT against the T1 reference: full-resolution decode plus
      exact Lanczos3 to 720x588 (Image.resize without draft); one "OUT PSNR" line each
"""
import argparse
import io
import json
import math
import re
import sys
import time

from PIL import Image, ImageChops, ImageStat

PHOTO = "2569067123_aca715a2ee_o.jpg"
PAPER = "alpha-premultiply-2048x1536-paper.png"
GIANT = "giant-image.jpg"

Image.MAX_IMAGE_PIXELS = None  # the 280 Mpx grey source, as sharp's limitInputPixels: false


def read(fixtures, name):
    with open(f"{fixtures}/{name}", "rb") as f:
        return f.read()


def encode(im, **save):
    out = io.BytesIO()
    im.save(out, **save)
    return out.getvalue()


def photo_thumb(data, size):
    im = Image.open(io.BytesIO(data))
    im.draft("RGB", size)  # DCT scaling to the smallest 1/2^k that stays >= size
    return im.convert("RGB").resize(size, Image.LANCZOS, reducing_gap=3.0)


def make_tasks(fixtures):
    photo = read(fixtures, PHOTO)
    paper = read(fixtures, PAPER)
    # JPEG: 4:2:0 and optimised Huffman tables, as thumbkit, sharp and the vips peer write them.
    # PNG: Pillow has no switch for the filter; it always filters adaptively.
    return {
        "T1": lambda: encode(photo_thumb(photo, (720, 588)), format="JPEG", quality=80,
                             subsampling=2, optimize=True),
        "T2": lambda: encode(Image.open(io.BytesIO(paper)).resize((720, 540), Image.LANCZOS,
                                                                  reducing_gap=3.0),
                             format="PNG", compress_level=6),
        "T3": lambda: encode(photo_thumb(photo, (720, 588)), format="WEBP", quality=80, method=4),
    }


def measure(fn, runs, size=len, warmup_s=0.2):
    out = fn()
    end = time.perf_counter() + warmup_s
    i = 0
    while i < 2 or time.perf_counter() < end:
        out = fn()
        i += 1
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    mid = len(times) // 2
    median = times[mid] if len(times) % 2 else (times[mid - 1] + times[mid]) / 2
    return {"median_ms": median, "runs": len(times), "out_bytes": size(out), "samples_ms": times}


def decoded(fixtures, name, mode):
    im = Image.open(io.BytesIO(read(fixtures, name)))
    im = im.convert(mode)
    im.load()
    return im


def resample_cases(fixtures, noise_path):
    if not noise_path:
        sys.exit("pillow_bench.py: --noise FILE is needed for the 2560x1600 cases")
    with open(noise_path, "rb") as f:
        noise = Image.frombytes("RGB", (2560, 1600), f.read(2560 * 1600 * 3))
    kernels = [("lanczos3", Image.LANCZOS), ("cubic", Image.BICUBIC), ("linear", Image.BILINEAR)]
    for kname, kernel in kernels:
        for w, h in [(320, 200), (2048, 1280)]:
            yield f"rgb2560x1600-{w}x{h}-{kname}", (lambda: noise), (w, h), kernel
    yield ("rgb2725x2225-720x588-lanczos3", lambda: decoded(fixtures, PHOTO, "RGB"), (720, 588),
           Image.LANCZOS)
    # RGBA: Image.resize premultiplies (RGBa) around the resize by itself, as tk_resize does.
    yield ("rgba2048x1536-720x540-lanczos3", lambda: decoded(fixtures, PAPER, "RGBA"), (720, 540),
           Image.LANCZOS)
    yield ("grey20000x14000-256x179-lanczos3", lambda: decoded(fixtures, GIANT, "L"), (256, 179),
           Image.LANCZOS)


def psnr(fixtures, paths):
    ref = Image.open(io.BytesIO(read(fixtures, PHOTO))).convert("RGB")
    ref = ref.resize((720, 588), Image.LANCZOS)
    for path in paths:
        im = Image.open(path).convert("RGB")
        if im.size != ref.size:
            print(f"{path} size-{im.size[0]}x{im.size[1]}")
            continue
        sum2 = ImageStat.Stat(ImageChops.difference(im, ref)).sum2
        mse = sum(sum2) / (ref.size[0] * ref.size[1] * 3)
        print(f"{path} {'inf' if mse == 0 else f'{10 * math.log10(255 * 255 / mse):.2f}'}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--noise")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--filter")
    ap.add_argument("--once", nargs=2, metavar=("TASK", "OUT"))
    ap.add_argument("--psnr", nargs="+", metavar="OUT")
    a = ap.parse_args()
    if a.psnr:
        psnr(a.fixtures, a.psnr)
        return
    tasks = make_tasks(a.fixtures)
    if a.once:
        task, out = a.once
        # T1png: T1's geometry saved losslessly, so fidelity measures the resize alone.
        photo = read(a.fixtures, PHOTO)
        tasks["T1png"] = lambda: encode(photo_thumb(photo, (720, 588)), format="PNG")
        if task not in tasks:
            sys.exit(f"pillow_bench.py: no Pillow figure for {task} (TASKS.md lists T1..T3)")
        with open(out, "wb") as f:
            f.write(tasks[task]())
        return
    wanted = re.compile(a.filter) if a.filter else None

    def emit(name, result):
        print(json.dumps({"tool": "pillow", "name": name, **result}), flush=True)

    for name, fn in tasks.items():
        if not wanted or wanted.search(name):
            emit(name, measure(fn, a.runs))
    for name, source, size, kernel in resample_cases(a.fixtures, a.noise):
        name = "resample/" + name
        if wanted and not wanted.search(name):
            continue
        src = source()
        result = measure(lambda: src.resize(size, kernel), a.runs,
                         size=lambda im: len(im.mode) * im.size[0] * im.size[1])
        emit(name, result)


if __name__ == "__main__":
    main()
