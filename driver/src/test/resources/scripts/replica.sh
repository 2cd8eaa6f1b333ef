#!/usr/bin/env bash
# A test replica: records its environment, sleeps, and exits (non-zero on attempt 0 if asked).
set -u
env | grep -E '^(COHORT_|TORCHX_|JOB_|CUDA_|SHARD=|READER=)' | sort > "$OUT_DIR/env-r${COHORT_REPLICA}.${COHORT_ATTEMPT}"
echo "replica $COHORT_REPLICA attempt $COHORT_ATTEMPT up"
sleep "${SLEEP:-1}"
if [ "$COHORT_ATTEMPT" = "0" ] && [ -n "${EXIT_ON_ATTEMPT0:-}" ]; then
  exit "$EXIT_ON_ATTEMPT0"
fi
exit 0
