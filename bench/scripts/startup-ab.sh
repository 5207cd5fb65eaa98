#!/usr/bin/env bash
# Start-up A/B, alternating the variants in one run (docs/cache.md, "Start-up of a short-lived worker").
#
#   bench/scripts/startup-ab.sh worker N [worker args]   loss worker on the bin/run cache: Kiln with BASE's
#                                                        kiln-runtime, with this checkout's, and plain HotSpot
#   bench/scripts/startup-ab.sh warm10 N CACHE           fresh JVM, kiln-runtime only, 10 baked suite kernels
#                                                        (dev.kiln.bench.WarmStart): BASE's runtime vs this one
#                                                        (BENCH_CP: the bench classes, a jar for AOT caches)
#   bench/scripts/startup-ab.sh numba N CACHE            the same Kiln process vs Numba's warm start of the same
#                                                        10 kernels (PY = a python with numba, default bench venv)
#
# BASE=path/to/kiln-runtime.jar of the other build (e.g. main's). KCPU=1 (warm10): WarmStart --cpu, so the per-kernel
# lines also give the main thread's CPU time per kernel (steadier than wall on a shared machine; adds a few ms to
# the process). AOT_BASE / AOT_THIS: a JDK AOT cache (-XX:AOTCache) for that variant (warm10; docs/containers.md).
# Needs bin/run (worker) or bin/bench's build and a baked suite cache
# (java -cp bench/target/classes:... dev.kiln.bench.CacheBake --cache CACHE). Wall from outside, CPU from
# perf stat -e task-clock when perf is present. Prints medians; raw lines in $OUT (default /tmp/startup-ab).
set -uo pipefail
cd "$(dirname "$0")/../.."
. bin/lib/jdk.sh
mode=${1:-}; n=${2:-0}; shift $(( $# < 2 ? $# : 2 ))
case $mode in worker|warm10|numba) ;; *) sed -n '2,/^set -uo/p' "$0" | sed '$d'; exit 2 ;; esac
OUT=${OUT:-/tmp/startup-ab}; mkdir -p "$OUT"; raw="$OUT/$mode.txt"; : > "$raw"; rm -f "$OUT"/first-*.tsv
RT=kiln-runtime/target/kiln-runtime-0.1.0-SNAPSHOT.jar
PY=${PY:-$PWD/bench/target/venv/bin/python}
cpu() { if command -v perf >/dev/null; then perf stat -x, -e task-clock -o "$OUT/perf.txt" "$@"; else "$@"; echo "0,msec,task-clock" > "$OUT/perf.txt"; fi; }
timed() { # label cmd... -> appends "label wall_ms cpu_ms [bind total]"
  local label=$1; shift; local t0 t1 out
  t0=$(date +%s%N); out=$(cpu "$@" 2>&1) || { echo "$label failed: $out" >&2; return 1; }; t1=$(date +%s%N)
  echo "$label $(( (t1 - t0) / 1000000 )) $(grep task-clock "$OUT/perf.txt" | cut -d, -f1) $(echo "$out" | awk '$1=="bind"{b=$2} $1=="total"{t=$2} END{print b+0, t+0}')" >> "$raw"
}
case $mode in
  worker)
    [ -n "${BASE:-}" ] || { echo "set BASE=other kiln-runtime.jar" >&2; exit 2; }
    W="examples/loss-worker/target/classes:$(cat out/run/classpath.txt)"
    B=$(echo "$W" | sed "s#[^:]*/kiln-runtime[^/:]*\.jar#$BASE#")
    for i in $(seq "$n"); do
      KILN_CACHE_PATH=out/run/cache timed base java --enable-native-access=ALL-UNNAMED -cp "$B" dev.kiln.examples.loss.LossWorker --out "$OUT/w" "$@"
      KILN_CACHE_PATH=out/run/cache timed this java --enable-native-access=ALL-UNNAMED -cp "$W" dev.kiln.examples.loss.LossWorker --out "$OUT/w" "$@"
      timed hotspot java -Dkiln.disable=true --enable-native-access=ALL-UNNAMED -cp "$W" dev.kiln.examples.loss.LossWorker --out "$OUT/w" "$@"
    done ;;
  warm10|numba)
    cache=$1; : > "$OUT/first-base.tsv"; : > "$OUT/first-this.tsv"
    if [ "$mode" = numba ]; then   # fill Numba's cache once, untimed
      (cd bench/numba && NUMBA_CACHE_DIR="$OUT/numba-cache" "$PY" warm_start.py --kernels 10 >/dev/null) || exit 1
    fi
    for i in $(seq "$n"); do
      if [ "$mode" = warm10 ]; then
        [ -n "${BASE:-}" ] || { echo "set BASE=other kiln-runtime.jar" >&2; exit 2; }
        timed base java ${AOT_BASE:+-XX:AOTCache=$AOT_BASE} --enable-native-access=ALL-UNNAMED -cp "$BASE:${BENCH_CP:-bench/target/classes}" dev.kiln.bench.WarmStart --cache "$cache" --kernels 10 --times "$OUT/first-base.tsv" ${KCPU:+--cpu}
      else
        (cd bench/numba && NUMBA_CACHE_DIR="$OUT/numba-cache" timed numba "$PY" warm_start.py --kernels 10 --expect-cached)
      fi
      timed this java ${AOT_THIS:+-XX:AOTCache=$AOT_THIS} --enable-native-access=ALL-UNNAMED -cp "$RT:${BENCH_CP:-bench/target/classes}" dev.kiln.bench.WarmStart --cache "$cache" --kernels 10 --times "$OUT/first-this.tsv" ${KCPU:+--cpu}
    done ;;
esac
python3 - "$raw" "$OUT" <<'PY'
import statistics as st, collections, sys, os
d = collections.defaultdict(list)
for l in open(sys.argv[1]):
    k, w, c, b, t = l.split()
    d[k].append((int(w), float(c), float(b), float(t)))
for k, v in d.items():
    print(f"{k:8s} wall median {st.median(x[0] for x in v):7.0f} ms (min {min(x[0] for x in v)})  CPU median {st.median(x[1] for x in v):6.0f} ms"
          + (f"  bind {st.median(x[2] for x in v):6.1f} ms  worker total {st.median(x[3] for x in v):7.1f} ms" if any(x[3] for x in v) else "")
          + f"  n={len(v)}")
if "hotspot" in d:
    for k in ("base", "this"):
        print(f"HotSpot wall / {k} wall = {st.median(x[0] for x in d['hotspot']) / st.median(x[0] for x in d[k]):.2f}x")
if "numba" in d:
    print(f"Numba wall / Kiln wall = {st.median(x[0] for x in d['numba']) / st.median(x[0] for x in d['this']):.2f}x")
for k in ("base", "this"):
    f = os.path.join(sys.argv[2], f"first-{k}.tsv")
    rows = [l.split() for l in open(f)] if os.path.exists(f) else []
    for col, what in ((1, "wall"), (2, "main-thread CPU")):
        xs = sorted(int(r[col]) for r in rows if len(r) > col)
        if xs:
            print(f"{k}: each kernel after the first, compile -> first result, {what}: median {xs[len(xs)//2]/1e6:.2f} ms, "
                  f"p95 {xs[max(0, -(-95 * len(xs) // 100) - 1)]/1e6:.2f} ms, n={len(xs)}")
PY
