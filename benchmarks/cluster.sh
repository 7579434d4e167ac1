#!/usr/bin/env bash
# The cluster load benchmark (issue 3): 3 Hearth replicas (HearthStore + Ratis, GRPC on
# 127.0.0.1, fsync on) in one JVM; prints one markdown table and the machine's details.
#
# Usage (from anywhere):  benchmarks/cluster.sh [ClusterLoad arguments...]
#   --dir DIR        where the replicas keep their data (default: a temp dir under
#                    benchmarks/target/cluster; must be a real disk for fsync to mean anything)
#   --seconds 10     measured seconds of each writers run (after --warmup 3 seconds)
#   --failovers 3    leader kills
#   --big 1000000    objects of the snapshot/restart phase; --big 0 skips it (quick run, ~2 min)
#   --keep           keep the data directories
#   SKIP_BUILD=1     use the benchmarks.jar already built
#   JAVA_OPTS="-Xms12g -Xmx12g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages
#              -Djava.util.concurrent.ForkJoinPool.common.parallelism=2"
#                    JVM options (the defaults shown).
#                    A fixed heap, pre-touched on huge pages: on this project's VM the first
#                    touch of each 4 KiB page costs about 10 us (pre-touching 4 GiB takes
#                    9.3-9.9 s, 0.3-2 s with huge pages), and a heap that grows while the tool
#                    runs pays that inside the measured windows (batch create 24k objects/s
#                    against 33-38k pre-touched, 64 writers 11-13k tx/s against 16-17k; see
#                    CLUSTER-RESULTS.md, "the heap's first touch"). A long-running node reaches
#                    the same steady state once its heap has been touched; the README's
#                    operator notes recommend the same options.
#                    12 GiB because the 1,000,000-object phase keeps three replicas' stores
#                    (~4.5 GB live) in this one JVM: with 6 GiB (the default until 2026-12-04
#                    20:10 UTC) G1 ran 8 full collections of 0.5-5.7 s in that phase, and its
#                    restart and install times were mostly those (CLUSTER-RESULTS.md).
#                    The parallelism matters on a 2-CPU machine: the common pool's default is
#                    nproc-1 = 1, and then every CompletableFuture *Async call without an
#                    executor (Ratis makes several per entry) starts a new thread (about 4
#                    threads per replicated write; see CLUSTER-RESULTS.md).
# Output: the table on stdout and in benchmarks/target/cluster/table.md; progress on stderr;
# Ratis and Hearth logs (warnings) in benchmarks/target/cluster/cluster.log.
# About 5-6 minutes on 2 cores with the defaults.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar="$here/target/benchmarks.jar"
out="$here/target/cluster"

cd "$root"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building benchmarks.jar" >&2
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$out"
args=("$@")
if [[ " $* " != *" --dir "* ]]; then
  args+=(--dir "$out/data")
fi

echo "== ClusterLoad ${args[*]}" >&2
# shellcheck disable=SC2086 # java_opts is a list of words on purpose
java_opts=${JAVA_OPTS:--Xms12g -Xmx12g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}
# shellcheck disable=SC2086
java $java_opts \
  -Dorg.slf4j.simpleLogger.logFile="$out/cluster.log" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.io.hearth=info \
  -Dorg.slf4j.simpleLogger.showDateTime=true \
  -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS \
  -cp "$jar" io.hearth.benchmarks.cluster.ClusterLoad "${args[@]}" | tee "$out/table.md"
{
  echo
  echo "- command: \`${JAVA_OPTS:+JAVA_OPTS=\"$JAVA_OPTS\" }benchmarks/cluster.sh${*:+ $*}\` (JVM options: $java_opts)"
  echo "- java -version: $(java -version 2>&1 | tr '\n' ' ')"
} | tee -a "$out/table.md"
