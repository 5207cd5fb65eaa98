"""Wall time of a whole command, from outside: python wall.py RUNS OUT.tsv NAME -- CMD...

Runs CMD once untimed (page cache), then RUNS times; appends "name<TAB>median_ns<TAB>p95_ns<TAB>min_ns<TAB>runs" to
OUT.tsv. Exits non-zero if any run fails, printing that run's stderr.
"""
import math
import subprocess
import sys
import time


def main():
    runs, out, name = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    times = []
    for k in range(runs + 1):
        t = time.perf_counter_ns()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        dt = time.perf_counter_ns() - t
        if p.returncode != 0:
            sys.stderr.write(p.stderr[-2000:])
            sys.exit(p.returncode)
        if k > 0:
            times.append(dt)
    times.sort()
    med = times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) // 2
    p95 = times[max(0, min(len(times) - 1, math.ceil(0.95 * len(times)) - 1))]
    with open(out, "a") as f:
        f.write(f"{name}\t{med}\t{p95}\t{times[0]}\t{len(times)}\n")
    print(f"{name}: median {med / 1e6:.1f} ms, p95 {p95 / 1e6:.1f} ms over {len(times)} runs")


if __name__ == "__main__":
    main()
