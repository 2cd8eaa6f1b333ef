#!/usr/bin/env bash
# A replica that leaves a grandchild behind (as a data loader or torchrun worker would). Both
# carry $MARKER as their argv[0] so a test can look for survivors in /proc.
set -u
(exec -a "$MARKER-grandchild" sleep 300) &
touch "$OUT_DIR/up-r${COHORT_REPLICA}"
exec -a "$MARKER-replica" sleep 300
