#!/usr/bin/env bash
# Microbenchmarks behind FloatOps' lowerings (docs/benchmarks.md, "Math.min/max and (int)/(long)"): each candidate
# lowering as LLVM IR, compiled by clang 20 at -O3 for x86-64-v3 and -v4, timed side by side in one process
# (ns per element, best of 5 batches).
#   bench/micro/floatops/run.sh [CLANG]   CLANG: a clang 20 (org.bytedeco:llvm's platform jar has one)
set -euo pipefail
CLANG=${1:-clang}
OUT=${TMPDIR:-/tmp}/kiln-floatops
mkdir -p "$OUT"
cd "$(dirname "$0")"
python3 minmax_gen.py double > "$OUT/minmax.ll"
python3 convert_gen.py > "$OUT/convert.ll"
for L in 3 4; do
  "$CLANG" -O3 -march=x86-64-v$L -c "$OUT/minmax.ll" -o "$OUT/minmax$L.o" 2>/dev/null
  "$CLANG" -O3 -march=x86-64-v$L -c "$OUT/convert.ll" -o "$OUT/convert$L.o" 2>/dev/null
  gcc -O2 minmax_drv.c "$OUT/minmax$L.o" -o "$OUT/minmax$L" -lm
  gcc -O2 convert_drv.c "$OUT/convert$L.o" -o "$OUT/convert$L"
  echo "== x86-64-v$L"
  "$OUT/minmax$L" 4096 20000
  "$OUT/convert$L" 4096 20000
done
