#!/usr/bin/env bash
# Start-up benchmark (issue 2's "start-up to a ready StoreService under 2 s"): starts the
# launcher RUNS times, each on a fresh data directory under a temp dir, with `scr:list` piped to
# its standard input (the node prints "Hearth node ready in N ms", runs the command and exits
# at the end of its input), and prints the times it reported, their median, and the machine.
# N counts from the JVM's start (HearthNode), so it includes JVM, Felix, SCR, Ratis and gRPC.
#
# Usage (from anywhere):  benchmarks/startup.sh
#   RUNS=5         number of starts
#   SKIP_BUILD=1   use the launcher jar already built
#   JAVA_OPTS=...  JVM options for the launcher (none by default, as in the README's command)
# About 20 s plus the build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar="$root/launcher/target/hearth-launcher.jar"
runs=${RUNS:-5}

cd "$root"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building the launcher" >&2
  ./mvnw -B -q -pl launcher -am package -DskipTests
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/hearth-startup-XXXXXX")
trap 'rm -rf "$work"' EXIT

times=()
for ((i = 1; i <= runs; i++)); do
  mkdir "$work/$i"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of words on purpose
  line=$(cd "$work/$i" && echo 'scr:list' | timeout 60 java ${JAVA_OPTS:-} -jar "$jar" 2>&1 \
    | grep -m1 -o 'Hearth node ready in [0-9]* ms' || true)
  if [[ -z "$line" ]]; then
    echo "run $i: the node did not report ready within 60 s" >&2
    exit 1
  fi
  ms=${line//[^0-9]/}
  echo "run $i: $ms ms" >&2
  times+=("$ms")
done

sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
echo "| metric | Hearth | target | met? |"
echo "|---|---|---|---|"
met=no
if ((median < 2000)); then met=yes; fi
echo "| launcher start-up to a ready store (median of $runs, fresh data dir) | $median ms (min $(echo "$sorted" | head -1), max $(echo "$sorted" | tail -1)) | < 2,000 ms | $met |"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (modified)')"
echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load before $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- java: $(java -version 2>&1 | head -1)"
echo "- command: \`${JAVA_OPTS:+JAVA_OPTS=\"$JAVA_OPTS\" }${SKIP_BUILD:+SKIP_BUILD=1 }RUNS=$runs benchmarks/startup.sh\`"
