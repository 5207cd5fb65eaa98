"""Cold compile time per kernel under Numba: python cold_compile.py RUNS OUT.tsv

Numba and LLVM are imported and initialised first (reported as the one-time load); then each kernel is compiled
RUNS times, round-robin, each time by a fresh dispatcher with an explicit signature and no cache.
TSV: kernel, phase (total), median_ns, p95_ns, samples; plus _numba/load and _first/total rows.
"""
import math
import sys
import time

t0 = time.perf_counter_ns()
import numba  # noqa: E402

import suite_kernels as sk  # noqa: E402

numba.njit("int64(int64)")(lambda x: x + 1)  # forces LLVM initialisation
load = time.perf_counter_ns() - t0


def pct(v, p):
    s = sorted(v)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


def median(v):
    s = sorted(v)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) // 2


def main():
    runs = int(sys.argv[1])
    out = sys.argv[2]
    samples = {name: [] for name, _, _ in sk.KERNELS}
    first = None
    for _ in range(runs):
        for name, fn, sig in sk.KERNELS:
            t = time.perf_counter_ns()
            numba.njit(sig, cache=False)(fn)
            dt = time.perf_counter_ns() - t
            if first is None:
                first = dt
            samples[name].append(dt)
    rows = ["kernel\tphase\tmedian_ns\tp95_ns\tsamples", f"_numba\tload\t{load}\t{load}\t1",
            f"_first\ttotal\t{first}\t{first}\t1"]
    alls = []
    for name, v in samples.items():
        rows.append(f"{name}\ttotal\t{median(v)}\t{pct(v, 95)}\t{len(v)}")
        alls += v
        print(f"{name:10s} median {median(v) / 1e6:8.2f} ms  p95 {pct(v, 95) / 1e6:8.2f} ms")
    rows.append(f"_all\ttotal\t{median(alls)}\t{pct(alls, 95)}\t{len(alls)}")
    print(f"numba load {load / 1e6:.1f} ms; all kernels median {median(alls) / 1e6:.2f} ms")
    with open(out, "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
