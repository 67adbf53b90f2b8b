# A short, bounded schemathesis pass over the whole REST API, driven by
# the worker's GET /openapi.json (tests/fuzz/rest-fuzz.sh; `make fuzz-rest`
# runs the long one): no 5xx, every answer's status, content type and body
# as the document gives them, and the worker survives it and exits 0
# (under ASan: without a leak).
# Installs schemathesis into .cache/schemathesis-venv on first use.
. "$ROOT/tests/integration/lib.sh"

FUZZ_WORK=$WORK/fuzz FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-15} FUZZ_SEED=${FUZZ_SEED:-7} FUZZ_TIMEOUT=80 \
  "$ROOT/tests/fuzz/rest-fuzz.sh" || fail "the REST fuzz pass failed (above)"
