"""Process start to first results under Numba, kernels from Numba's on-disk cache (NUMBA_CACHE_DIR).

python warm_start.py [--kernels N]: jits the suite with cache=True, runs each kernel once on small inputs and prints
one checksum line. Run it once to fill the cache; later runs are the warm start that bin/bench times. With
--expect-cached it fails if any kernel was compiled rather than loaded.
"""
import sys

import numba

import suite_kernels as sk


def main():
    count = 11
    if "--kernels" in sys.argv:
        count = int(sys.argv[sys.argv.index("--kernels") + 1])
    d = sk.SuiteData(1024)
    d.n = 16
    check = 0.0
    compiled = 0
    for name, fn, sig in sk.KERNELS[:count]:
        jf = numba.njit(sig, cache=True)(fn)
        stats = jf.stats
        compiled += stats.cache_misses.get(jf.signatures[0], 0) if hasattr(stats, "cache_misses") else 0
        r = jf(*d.args(name))
        check += float(r) if r is not None else 0.0
    if "--expect-cached" in sys.argv and compiled:
        print(f"{compiled} kernels were compiled, not loaded from the cache", file=sys.stderr)
        sys.exit(1)
    print(f"{count} kernels, checksum {check:.6f}")


if __name__ == "__main__":
    main()
