#!/usr/bin/env bash
# Times the issue-11 scale cases (and issue 15's trace replay and 2,048-node example) through ./cohort as a user runs them (cold JVM, --threads 1) and
# prints one markdown row per case: events, the simulation time `simulate` prints, the whole
# command's wall time and its peak RSS. Needs GNU time (/usr/bin/time).
#   benchmarks/cli-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
./cohort validate examples/starvation.yaml >/dev/null # builds the jar on first use
for n in 1000 4000 16000 64000; do
  sed "s/16000/$n/g" benchmarks/scenarios/backlog-16000.yaml >"$tmp/backlog-$n.yaml"
  sed "s/16000/$n/g" benchmarks/scenarios/small-16000.yaml >"$tmp/small-$n.yaml"
done
echo "| case | events | simulating | whole command | peak RSS |"
echo "|---|---:|---:|---:|---:|"
row() {
  local out
  out="$(/usr/bin/time -f 'TIME %e %M' ./cohort simulate "$1" --threads 1 2>&1)"
  local events secs wall rss
  events="$(sed -n 's/.* \([0-9,]*\) events in \([0-9.]*\)s.*/\1/p' <<<"$out" | head -1)"
  secs="$(sed -n 's/.* events in \([0-9.]*\)s.*/\1/p' <<<"$out" | head -1)"
  wall="$(awk '/^TIME/ {print $2}' <<<"$out")"
  rss="$(awk '/^TIME/ {printf "%.0f", $3 / 1024}' <<<"$out")"
  echo "| $(basename "$1" .yaml) | $events | ${secs} s | ${wall} s | ${rss} MB |"
}
for n in 1000 4000 16000 64000; do row "$tmp/backlog-$n.yaml"; done
for n in 1000 4000 16000 64000; do row "$tmp/small-$n.yaml"; done
row benchmarks/scenarios/gang-512.yaml
row benchmarks/scenarios/gang-4096.yaml
row examples/capacity-planning.yaml
row benchmarks/scenarios/wide-20k-nodes.yaml
row examples/llama3-deadline.yaml
if [ -f ../shared/traces/philly.csv ]; then row benchmarks/scenarios/philly-full.yaml; fi
