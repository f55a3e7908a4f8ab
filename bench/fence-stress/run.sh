#!/usr/bin/env bash
# Runs FenceStress RUNS times with each executioner under the launcher's collector settings and
# prints how many runs crashed. Usage: bench/fence-stress/run.sh [RUNS] [SECONDS]   (default 8, 20)
# Needs a built launcher classpath: run ./curio --help once first.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-8}" seconds="${2:-20}"
cp_file="$root/cli/target/curio.classpath"
[[ -f "$cp_file" ]] || { echo "run ./curio --help once first (builds $cp_file)" >&2; exit 2; }
cp="$root/cli/target/classes:$(cat "$cp_file")"
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"
tmp="$(mktemp -d)"
for which in nd4j curio; do
  crashed=0
  for i in $(seq 1 "$runs"); do
    java -XX:+UseParallelGC -Xmn128m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy \
      -XX:ErrorFile="$tmp/hs_err_%p.log" -cp "$cp" "$root/bench/fence-stress/FenceStress.java" "$which" "$seconds" \
      >"$tmp/$which-$i.log" 2>&1
    rc=$?
    [[ $rc -ne 0 ]] && crashed=$((crashed + 1))
    echo "$which run $i: exit $rc"
  done
  echo "$which: $crashed of $runs runs crashed"
done
echo "logs and crash reports: $tmp"
