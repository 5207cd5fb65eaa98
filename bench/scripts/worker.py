"""The loss-worker workload on HotSpot, Kiln, Numba and C, side by side.

python worker.py RESULTS_DIR ROWS SAMPLES REPS -- JAVA_CMD...
Runs the worker's own shared workload, which prints the same lines in all implementations:
  dev.kiln.examples.loss.CrossCheck ROWS SAMPLES REPS java|kiln   (JAVA_CMD is "java ... -cp CP")
  examples/loss-worker/native/kernels.c, built with gcc -O3 -march=x86-64-v3
  examples/loss-worker/numba/kernels.py, with the venv's python (NUMBA_CACHE_DIR from the environment)
and parses "rep N rows=R samples=S: lhs X ms, gul X ms, fm X ms, ep X ms". Rep 0 (compile, warm-up) is dropped;
the median of the rest is each phase's time. Checksums must agree (C is built with -ffp-contract=off for that).
Writes worker.tsv (phase, impl, ns per row) and worker_checksums.txt.
"""
import os
import re
import subprocess
import sys

REP = re.compile(r"^rep (\d+) .*?:(.*)$")
PHASE = re.compile(r"(\w+) ([0-9.]+) ms")


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}... failed ({p.returncode}): {p.stderr[-1500:]}")
    return p.stdout


def parse(out):
    reps, checksum = {}, None
    for line in out.splitlines():
        m = REP.match(line)
        if m:
            reps[int(m.group(1))] = {k: float(v) for k, v in PHASE.findall(m.group(2))}
        elif line.startswith("checksums"):
            checksum = line.strip()
    return reps, checksum


def median(v):
    s = sorted(v)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def main():
    res, rows, samples, reps = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    java = sys.argv[sys.argv.index("--") + 1:]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    w = os.path.join(root, "examples", "loss-worker")
    exe = os.path.join(res, "loss-worker-c")
    run(["gcc", "-O3", "-march=x86-64-v3", "-ffp-contract=off", "-o", exe, os.path.join(w, "native", "kernels.c"), "-lm"])
    outs = {
        "hotspot": run(java + ["dev.kiln.examples.loss.CrossCheck", rows, samples, reps, "java"]),
        "kiln": run(java + ["dev.kiln.examples.loss.CrossCheck", rows, samples, reps, "kiln"]),
        "c": run([exe, rows, samples, reps]),
        "numba": run([sys.executable, os.path.join(w, "numba", "kernels.py"), rows, samples, reps],
                     env=dict(os.environ)),
    }
    tsv, sums = [], []
    for impl, out in outs.items():
        r, cs = parse(out)
        sums.append(f"{impl}: {cs}")
        later = [v for k, v in sorted(r.items()) if k > 0] or list(r.values())
        for phase in later[0]:
            ms = median([v[phase] for v in later if phase in v])
            tsv.append(f"{phase}\t{impl}\t{ms * 1e6 / int(rows):.3f}")
        with open(os.path.join(res, f"worker_{impl}.txt"), "w") as f:
            f.write(out)
    with open(os.path.join(res, "worker.tsv"), "w") as f:
        f.write("kernel\timpl\tns_per_row\n" + "\n".join(tsv) + "\n")
    with open(os.path.join(res, "worker_checksums.txt"), "w") as f:
        f.write("\n".join(sums) + "\n")
    distinct = {s.split(": ", 1)[1] for s in sums}
    print("checksums agree" if len(distinct) == 1 else "CHECKSUMS DIFFER:\n" + "\n".join(sums))


if __name__ == "__main__":
    main()
