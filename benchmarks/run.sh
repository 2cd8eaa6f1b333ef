#!/usr/bin/env bash
# Builds and runs Cohort's JMH suite, then writes benchmarks/results/{jmh.json,summary.json,*.png}.
#   benchmarks/run.sh           full settings from the annotations (about 15 minutes on 2 cores)
#   benchmarks/run.sh --quick   fewer, shorter iterations (about 6 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
if [ "${1:-}" = "--quick" ]; then
  args=(-wi 2 -i 2 -w 2s -r 2s -f 1)
fi
echo "building benchmarks/target/benchmarks.jar..." >&2
mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true -pl benchmarks -am install
mkdir -p benchmarks/results
java -jar benchmarks/target/benchmarks.jar -rf json -rff benchmarks/results/jmh.json "${args[@]}"
java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar dev.cohort.benchmarks.Summarize \
  benchmarks/results/jmh.json benchmarks/results
