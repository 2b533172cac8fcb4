"""Threads: handles in parallel give the same bytes; the GIL is released during calls."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import thumbkit

from conftest import fixture

INPUTS = ["misc/320x240.jpg", "alpha/with-alpha.png", "webp/4.webp",
          "orientation/Landscape_6.jpg", "misc/test-pattern.png"]
OPTIONS = dict(width=96, height=96, format="webp")


def test_four_threads_give_the_same_bytes():
    datas = [fixture(name) for name in INPUTS]
    expected = [thumbkit.thumbnail(d, **OPTIONS) for d in datas]

    def work(seed):
        with thumbkit.Thumbnailer(**OPTIONS) as t:  # one handle per thread
            got = []
            for i in range(20):
                k = (seed + i) % len(datas)
                got.append((k, t.thumbnail(datas[k])))
                got.append((k, thumbkit.thumbnail(datas[k], **OPTIONS)))  # per-call handle
            return got

    with ThreadPoolExecutor(4) as pool:
        for results in pool.map(work, range(4)):
            for k, out in results:
                assert out == expected[k]


def test_a_shared_thumbnailer_is_serialised_safely():
    data = fixture("misc/320x240.jpg")
    shared = thumbkit.Thumbnailer(format="png")
    expected = {w: thumbkit.thumbnail(data, width=w, format="png") for w in (20, 40, 60, 80)}

    def work(width):
        return all(shared.thumbnail(data, width=width) == expected[width] for _ in range(10))

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, expected))


def test_the_gil_is_released_during_calls():
    data = fixture("bench/giant-image.jpg")
    t = thumbkit.Thumbnailer(width=256, max_pixels=0)  # 20000 x 14000 grey
    durations = []
    for _ in range(3):
        start = time.perf_counter()
        t.thumbnail(data)
        durations.append(time.perf_counter() - start)
    call = min(durations)
    if call < 0.03:
        pytest.skip(f"a call takes {call * 1000:.0f} ms, too short to tell")

    worker = threading.Thread(target=lambda: [t.thumbnail(data) for _ in range(3)])
    gaps = []
    worker.start()
    last = time.perf_counter()
    while worker.is_alive():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    # Holding the GIL, each call would stall this loop for the whole call; the margin leaves room
    # for a loaded machine's scheduler.
    assert max(gaps) < 0.9 * call, (max(gaps), call)
