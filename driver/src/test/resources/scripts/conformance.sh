#!/usr/bin/env bash
# The replica of the backend conformance suites. It records its environment, runs for $SLEEP
# seconds and exits 0, except:
#   FAIL_REPLICA=i  replica i exits with $FAIL_CODE (3) after $FAIL_AFTER (0.3) seconds on its
#                   first attempt
#   TERM_GRACE=s    on SIGTERM it takes s seconds to shut down, leaves a term-r<i>.<a> marker
#                   and exits 143
set -u
tag="r${COHORT_REPLICA}.${COHORT_ATTEMPT}"
env | grep -E '^(COHORT_|TORCHX_|SHARD=|READER=|CUDA_)' | sort > "$OUT_DIR/env-$tag"
if [ -n "${TERM_GRACE:-}" ]; then
  trap 'sleep "$TERM_GRACE"; touch "$OUT_DIR/term-$tag"; exit 143' TERM
fi
if [ "$COHORT_ATTEMPT" = "0" ] && [ "${FAIL_REPLICA:-}" = "$COHORT_REPLICA" ]; then
  sleep "${FAIL_AFTER:-0.3}" &
  wait $!
  exit "${FAIL_CODE:-3}"
fi
sleep "${SLEEP:-1}" &
wait $!
exit 0
