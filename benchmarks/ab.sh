#!/usr/bin/env bash
# A/B of JMH benchmarks between builds, on a noisy machine: runs each benchmarks.jar in turn,
# ROUNDS times, and prints the best and the median iteration of every benchmark per run.
# Alternating builds spreads the host's slow spells over both; the best iteration is the one
# least disturbed, the median the typical one. Compare builds, not single scores.
#
# Usage:  benchmarks/ab.sh REGEX ROUNDS A.jar B.jar [more.jar ...]
#   JMH_OPTS="-f 1 -wi 4 -w 1s -i 16 -r 500ms"   JMH settings of every run (defaults shown)
# Make the jars by building each variant and copying it aside:
#   ./mvnw -B -q -pl benchmarks -am package -DskipTests && cp benchmarks/target/benchmarks.jar /tmp/A.jar
# Example (what the README's memdb notes of 2026-12-04 used):
#   benchmarks/ab.sh 'MemDbBenchmark.(memdbGetById|hashMapGet)' 2 /tmp/A.jar /tmp/B.jar
set -euo pipefail

if [[ $# -lt 3 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
regex=$1
rounds=$2
shift 2
jmh_opts=${JMH_OPTS:--f 1 -wi 4 -w 1s -i 16 -r 500ms}
json=$(mktemp)
trap 'rm -f "$json"' EXIT

for round in $(seq "$rounds"); do
  for jar in "$@"; do
    # shellcheck disable=SC2086 # jmh_opts is a list of words on purpose
    java -jar "$jar" "$regex" $jmh_opts -rf json -rff "$json" > /dev/null
    python3 - "$jar" "$round" "$json" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, statistics, sys
jar, round_, path, load = sys.argv[1:5]
parts = []
for b in json.load(open(path)):
    raw = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
    parts.append("%s best %.4g med %.4g %s" % (b["benchmark"].rsplit(".", 1)[-1], max(raw),
                 statistics.median(raw), b["primaryMetric"]["scoreUnit"]))
print("%s round %s (load %s): %s" % (jar, round_, load, " | ".join(parts)))
PY
  done
done
