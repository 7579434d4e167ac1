#!/usr/bin/env bash
# Runs Hearth's benchmarks and prints one markdown table of the results.
#
# Usage (from anywhere):  benchmarks/run.sh [extra JMH arguments...]
#   N=1000000            tasks in the memdb / map benchmarks and in HeapFootprint
#   JMH_OPTS="-f 1 -wi 2 -i 3 -w 3s -r 5s -prof gc"
#                        JMH settings (defaults shown); extra arguments are appended to them
#   BENCH='io.hearth.benchmarks.(MemDb|Store)Benchmark.*'   regular expression of the benchmarks to run
#                        (the watch and cluster benchmarks have their own commands: README)
#   SKIP_BUILD=1         use the benchmarks.jar already built
#   SKIP_HEAP=1          skip HeapFootprint
#   HEAP_OPTS="-Xmx8g -Djdk.attach.allowAttachSelf=true"   JVM options of HeapFootprint
# Raw results: benchmarks/target/results/{jmh.json,jmh.log,heap.txt,table.md}.
# About 10 minutes on 2 cores with the defaults.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
n=${N:-1000000}
jmh_opts=${JMH_OPTS:--f 1 -wi 2 -i 3 -w 3s -r 5s -prof gc}
bench=${BENCH:-io.hearth.benchmarks.(MemDb|Store)Benchmark.*}
jar="$here/target/benchmarks.jar"
out="$here/target/results"

cd "$root"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building benchmarks.jar" >&2
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$out"
rm -f "$out/jmh.json" "$out/heap.txt"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
# Sample the load average while measuring, to report how busy the (shared) machine was.
(while sleep 15; do cut -d' ' -f1 /proc/loadavg; done) > "$out/load.log" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

echo "== JMH: $bench $jmh_opts -p n=$n $*" >&2
# shellcheck disable=SC2086 # jmh_opts is a list of words on purpose
java -jar "$jar" "$bench" $jmh_opts -p "n=$n" -rf json -rff "$out/jmh.json" "$@" | tee "$out/jmh.log" >&2

if [[ -z "${SKIP_HEAP:-}" ]]; then
  echo "== HeapFootprint $n" >&2
  # shellcheck disable=SC2086
  java ${HEAP_OPTS:--Xmx8g -Djdk.attach.allowAttachSelf=true} -cp "$jar" io.hearth.benchmarks.HeapFootprint "$n" 2>&1 | tee "$out/heap.txt" >&2
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$sampler" 2>/dev/null || true

python3 "$here/report.py" \
  --jmh "$out/jmh.json" --heap "$out/heap.txt" \
  --command "N=$n JMH_OPTS=\"$jmh_opts\" benchmarks/run.sh${*:+ $*}" \
  --date "$started" --load-before "$load_before" --load-after "$load_after" \
  --load-samples "$out/load.log" ${BENCH:+--no-expect-all} \
  | tee "$out/table.md"
