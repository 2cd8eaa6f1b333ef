#!/usr/bin/env bash
# Stand-in for `torchrun --nnodes $COHORT_NNODES --rdzv_endpoint $COHORT_RDZV_ENDPOINT train.py`:
# prints what a replica is told, then "trains" a few epochs.
set -eu
epochs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    *) shift ;;
  esac
done
echo "replica ${COHORT_REPLICA} attempt ${COHORT_ATTEMPT} on ${COHORT_NODE}: rank0=${COHORT_RANK0} rendezvous ${COHORT_RDZV_ENDPOINT} nnodes ${COHORT_NNODES}"
for e in $(seq 1 "$epochs"); do
  sleep "${EPOCH_SECONDS:-1}"
  echo "epoch $e/$epochs done"
done
