#!/usr/bin/env bash
# The end-to-end benchmark (issue 5): a service of 10,000 replicas on 1,000 simulated nodes in a
# 3-replica group (HearthStore + Ratis, GRPC on 127.0.0.1, fsync on, one JVM), with the
# orchestrator, allocator and scheduler running on the leader; timed until every task is
# created, allocated and assigned, then the same for a rolling update to a new image.
#
# Usage (from anywhere):  benchmarks/endtoend.sh [EndToEnd arguments...]
#   --tasks 10000      replicas of the service
#   --nodes 1000       worker nodes
#   --parallelism 0    the service's update.parallelism for the rolling update (0: all slots)
#   --timeout 300      seconds each phase may take before it counts as not done
#   --dir DIR          where the replicas keep their data (default: benchmarks/target/endtoend/data;
#                      a real disk, for fsync to mean anything)
#   --runs 2           runs in one JVM, each on a new group (the first pays for JIT compiling)
#   --batch-size N     the three plugins' batch.size (default: theirs)
#   --keep             keep the data directories
#   SKIP_BUILD=1       use the benchmarks.jar already built
#   JAVA_OPTS=...      JVM options (default below: a fixed heap pre-touched on huge pages, as in
#                      cluster.sh, which says why; 6 GiB is plenty for 10,000 tasks)
# Output: the tables on stdout and in benchmarks/target/endtoend/table.md; progress on stderr;
# Ratis and Hearth warnings in benchmarks/target/endtoend/endtoend.log. Exit status 1 if a phase
# did not finish or the final state was wrong. About a minute with the defaults (two runs).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar="$here/target/benchmarks.jar"
out="$here/target/endtoend"

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

echo "== EndToEnd ${args[*]}" >&2
java_opts=${JAVA_OPTS:--Xms6g -Xmx6g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}
status=0
# shellcheck disable=SC2086 # java_opts is a list of words on purpose
java $java_opts \
  -Dorg.slf4j.simpleLogger.logFile="$out/endtoend.log" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.showDateTime=true \
  -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS \
  -cp "$jar" io.hearth.benchmarks.endtoend.EndToEnd "${args[@]}" | tee "$out/table.md" \
  || status=$?
{
  echo "- command: \`${JAVA_OPTS:+JAVA_OPTS=\"$JAVA_OPTS\" }benchmarks/endtoend.sh${*:+ $*}\`"
  echo "- java -version: $(java -version 2>&1 | tr '\n' ' ')"
} | tee -a "$out/table.md"
exit "$status"
