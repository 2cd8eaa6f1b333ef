#!/usr/bin/env bash
# A replica for the resume tests: writes its environment, appends "start"/"end" lines with the
# time to a timeline shared by every replica, and runs for $SLEEP seconds; replica $FAIL_REPLICA
# exits 3 after $FAIL_AFTER seconds on its first attempt.
set -u
tag="r${COHORT_REPLICA}.${COHORT_ATTEMPT}"
env | grep -E '^COHORT_' | sort > "$OUT_DIR/env-$tag"
echo "start $COHORT_REPLICA $COHORT_ATTEMPT $(date +%s%N)" >> "$OUT_DIR/timeline"
if [ "$COHORT_ATTEMPT" = "0" ] && [ "${FAIL_REPLICA:-}" = "$COHORT_REPLICA" ]; then
  sleep "${FAIL_AFTER:-1}"
  echo "end $COHORT_REPLICA $COHORT_ATTEMPT $(date +%s%N)" >> "$OUT_DIR/timeline"
  exit 3
fi
sleep "${SLEEP:-3}"
echo "end $COHORT_REPLICA $COHORT_ATTEMPT $(date +%s%N)" >> "$OUT_DIR/timeline"
