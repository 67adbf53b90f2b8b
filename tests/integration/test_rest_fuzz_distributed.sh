# A short, bounded schemathesis pass over the whole REST API of a
# distributed cluster of two workers (tests/fuzz/rest-fuzz.sh with
# FUZZ_MODE=distributed), fuzzed through the worker that is not the leader,
# so that every leader-only write is forwarded: no 5xx, every answer's
# status, content type and body as the document gives them (plus Kafka's
# rebalance 409s), both list the same connectors afterwards, and both
# survive it and exit 0 (under ASan: without a leak). Group and internal
# topics are named afresh each run.
# Installs schemathesis into .cache/schemathesis-venv on first use.
. "$ROOT/tests/integration/lib.sh"

FUZZ_MODE=distributed FUZZ_TARGET=follower FUZZ_WORK=$WORK/fuzz \
  FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-6} FUZZ_SEED=${FUZZ_SEED:-7} FUZZ_TIMEOUT=45 \
  "$ROOT/tests/fuzz/rest-fuzz.sh" || fail "the distributed REST fuzz pass failed (above)"
# Everything went through the follower, yet only the leader wrote configs:
# the writes were forwarded.
leader=$(sed -n 's/^leader=//p' "$WORK/fuzz/roles")
follower=$(sed -n 's/^follower=//p' "$WORK/fuzz/roles")
grep -q 'Created connector local-file-source' "$WORK/fuzz/$leader.log" ||
  fail "the leader ($leader) did not create the example connectors"
! grep -E 'Created connector|Reconfigured connector|Deleted connector' "$WORK/fuzz/$follower.log" ||
  fail "the follower ($follower) wrote connector configs itself"
