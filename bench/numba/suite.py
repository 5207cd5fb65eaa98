"""Steady state of the suite under Numba: python suite.py SECONDS SIZE... [--fastmath]

Prints "kernel<TAB>size<TAB>ns_per_call" (median of 5 batches after compiling and a warm-up call).
"""
import sys
import time

import numba

import suite_kernels as sk


def main():
    fast = "--fastmath" in sys.argv
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    secs = float(args[0])
    for size in map(int, args[1:]):
        d = sk.SuiteData(size)
        for name, fn, sig in sk.KERNELS:
            if name in ("add", "sumSmall"):
                continue
            jf = numba.njit(sig, fastmath=fast)(fn)
            a = d.args(name)
            jf(*a)
            reps = 1
            while True:
                t0 = time.perf_counter()
                for _ in range(reps):
                    jf(*a)
                if time.perf_counter() - t0 >= secs / 5 or reps > 1 << 30:
                    break
                reps *= 2
            batches = []
            for _ in range(5):
                t0 = time.perf_counter_ns()
                for _ in range(reps):
                    jf(*a)
                batches.append((time.perf_counter_ns() - t0) / reps)
            batches.sort()
            print(f"{name}\t{size}\t{batches[2]:.3f}", flush=True)


if __name__ == "__main__":
    main()
