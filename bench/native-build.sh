#!/usr/bin/env bash
# Runs a curio command on one of nd4j-native 1.0.0-M2.1's CPU builds, for the table of
# docs/performance.md, "Native builds". ./curio itself chooses between two (CURIO_NATIVE=onednn,
# the default, or plain); this script also reaches the per-instruction-set builds, downloading the
# one asked for into Maven's cache.
#
#   bench/native-build.sh BUILD curio-args...
#
# BUILD: plain, avx2, avx512, onednn, onednn-avx2 or onednn-avx512 (nd4j-native's classifier
# linux-x86_64[-BUILD]). avx512 builds need a CPU with AVX-512. OPENBLAS_CORETYPE and
# DNNL_MAX_CPU_ISA are pinned as ./curio pins them unless already set.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 ]]; then
  echo "usage: bench/native-build.sh BUILD curio-args..." >&2
  exit 2
fi
build="$1"; shift
case "$build" in
  plain|avx2|avx512|onednn|onednn-avx2|onednn-avx512) ;;
  *) echo "native-build.sh: BUILD must be plain, avx2, avx512, onednn, onednn-avx2 or onednn-avx512, got '$build'" >&2
     exit 2 ;;
esac
"$root/curio" --version > /dev/null   # builds the project if needed
version=1.0.0-M2.1
extra=""
extension=""
if [[ "$build" != plain ]]; then
  jar="$HOME/.m2/repository/org/nd4j/nd4j-native/$version/nd4j-native-$version-linux-x86_64-$build.jar"
  if [[ ! -f "$jar" ]]; then
    mvn -B -q dependency:get -Dtransitive=false -Dartifact="org.nd4j:nd4j-native:$version:jar:linux-x86_64-$build" >&2
  fi
  extra=":$jar"
  extension="-$build"
fi
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-$("$root/.mvn/openblas-coretype")}"
export DNNL_MAX_CPU_ISA="${DNNL_MAX_CPU_ISA:-$("$root/.mvn/openblas-coretype" --dnnl)}"
cp="$root/cli/target/classes:$(cat "$root/cli/target/curio.classpath")$extra"
# shellcheck disable=SC2086
exec java -XX:+UseParallelGC -Xmn64m ${CURIO_JAVA_OPTS:--Xmx2g} -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 \
  -Dorg.bytedeco.javacpp.platform.extension="$extension" -cp "$cp" dev.curio.cli.Main "$@"
