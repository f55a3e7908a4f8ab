#!/usr/bin/env bash
# Samples a command's resident set while it runs, for docs/performance.md, "Memory":
#
#   bench/rss.sh OUT.csv SECONDS INTERVAL command...
#
# Runs the command (its output goes to OUT.csv.log), writes "t_s,rss_mb" every INTERVAL seconds,
# and after SECONDS sends it SIGTERM (curio train then checkpoints and exits); 0 runs it to the end.
# The command must become the process it starts (./curio execs java), so its PID is the JVM's.
set -euo pipefail
if [[ $# -lt 4 ]]; then
  echo "usage: bench/rss.sh OUT.csv SECONDS INTERVAL command..." >&2
  exit 2
fi
out="$1"; limit="$2"; every="$3"; shift 3
"$@" > "$out.log" 2>&1 &
pid=$!
echo "t_s,rss_mb" > "$out"
start=$SECONDS
while kill -0 "$pid" 2>/dev/null; do
  t=$((SECONDS - start))
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || true)
  [[ -n "$rss" ]] && echo "$t,$rss" >> "$out"
  if [[ "$limit" -gt 0 && "$t" -ge "$limit" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    break
  fi
  sleep "$every"
done
wait "$pid" || true
