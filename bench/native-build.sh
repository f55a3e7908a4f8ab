#!/usr/bin/env bash
# Runs a curio command on one of nd4j-native 1.0.0-M2.1's CPU builds, for the table of
# docs/performance.md, "Native builds": fetches the build into Maven's cache if needed, then runs
# ./curio with CURIO_NATIVE set to it (the launcher's JVM options and kernel pins apply).
#
#   bench/native-build.sh BUILD curio-args...
#
# BUILD: onednn (the default of ./curio), plain, avx2, avx512, onednn-avx2 or onednn-avx512
# (nd4j-native's classifier linux-x86_64[-BUILD]). The avx512 builds need a CPU with AVX-512.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 ]]; then
  echo "usage: bench/native-build.sh BUILD curio-args..." >&2
  exit 2
fi
build="$1"; shift
case "$build" in
  onednn|plain) ;;
  avx2|avx512|onednn-avx2|onednn-avx512)
    version=1.0.0-M2.1
    jar="$HOME/.m2/repository/org/nd4j/nd4j-native/$version/nd4j-native-$version-linux-x86_64-$build.jar"
    if [[ ! -f "$jar" ]]; then
      mvn -B -q dependency:get -Dtransitive=false -Dartifact="org.nd4j:nd4j-native:$version:jar:linux-x86_64-$build" >&2
    fi ;;
  *) echo "native-build.sh: BUILD must be onednn, plain, avx2, avx512, onednn-avx2 or onednn-avx512, got '$build'" >&2
     exit 2 ;;
esac
CURIO_NATIVE="$build" exec "$root/curio" "$@"
