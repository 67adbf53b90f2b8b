#!/usr/bin/env bash
# Fuzzes connectd's REST API with schemathesis, driven by the worker's own
# GET /openapi.json: every operation gets schema examples, coverage cases,
# random (valid and invalid) requests and stateful sequences. Fails on any
# 5xx answer, any answer whose status, content type or body the document
# does not give for that operation, or a worker that crashed, hung or
# (ASan build) leaked.
#
#   tests/fuzz/rest-fuzz.sh            # what `make fuzz-rest` runs
#
# Environment (all optional):
#   CONNECTD_BIN         worker binary (bin/connectd; build/asan/bin/connectd for ASan)
#   CONNECTD_PLUGIN_DIR  plugin.path (plugins)
#   KAFKA_BOOTSTRAP      broker; unset: tests/services/kafka is started (and
#                        stopped again if this script started it)
#   FUZZ_EXAMPLES        test cases per operation and phase (100)
#   FUZZ_SEED            hypothesis seed, for reproducible runs (1)
#   FUZZ_TIMEOUT         seconds the schemathesis run may take (900)
#   FUZZ_WORK            directory for the worker's files and logs (a new temp dir)
#   SCHEMATHESIS_VENV    where the venv lives (.cache/schemathesis-venv)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# Pinned: a version known to work with Debian 12's Python 3.11.
SCHEMATHESIS_VERSION=4.32.5
VENV=${SCHEMATHESIS_VENV:-$ROOT/.cache/schemathesis-venv}
BIN=${CONNECTD_BIN:-bin/connectd}
PLUGDIR=${CONNECTD_PLUGIN_DIR:-plugins}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
case $PLUGDIR in /*) ;; *) PLUGDIR=$ROOT/$PLUGDIR ;; esac
EXAMPLES=${FUZZ_EXAMPLES:-100}
SEED=${FUZZ_SEED:-1}
TIMEOUT=${FUZZ_TIMEOUT:-900}

say() { echo "rest-fuzz: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

[ -x "$BIN" ] || die "no worker binary at $BIN (run make first)"

# ---- schemathesis in a venv of its own, installed from PyPI once ----
ensure_schemathesis() {
  if [ -x "$VENV/bin/schemathesis" ] &&
     [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" = "$SCHEMATHESIS_VERSION" ]; then
    return 0
  fi
  say "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  if ! python3 -m venv "$VENV" >&2; then
    # Debian's python3 keeps venv in a package of its own.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      rm -rf "$VENV"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >&2 ||
        { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >&2; }
      python3 -m venv "$VENV" >&2 || die "python3 -m venv failed"
    else
      die "python3 -m venv failed: install python3-venv"
    fi
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 ||
    { rm -rf "$VENV"; die "pip install schemathesis==$SCHEMATHESIS_VERSION failed"; }
}
ensure_schemathesis

# ---- the broker ----
STARTED_KAFKA=0
if [ -z "${KAFKA_BOOTSTRAP:-}" ]; then
  tests/services/kafka status >/dev/null 2>&1 || STARTED_KAFKA=1
  kafka_env=$(tests/services/kafka start) || die "could not start Kafka"
  eval "$kafka_env"
fi

WORK=${FUZZ_WORK:-$(mktemp -d /tmp/connectd-fuzz.XXXXXX)}
mkdir -p "$WORK"
WORKER_PID=
cleanup() {
  [ -n "$WORKER_PID" ] && kill -KILL "$WORKER_PID" 2>/dev/null || true
  [ "$STARTED_KAFKA" = 1 ] && tests/services/kafka stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
cat >"$WORK/worker.properties" <<EOF
bootstrap.servers=$KAFKA_BOOTSTRAP
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$WORK/offsets
offset.flush.interval.ms=1000
plugin.path=$PLUGDIR
listeners=http://127.0.0.1:$PORT
EOF

# The worker runs inside $WORK: the document's examples use relative file
# names (test.txt, test.sink.txt), so connectors the fuzzer creates from
# them read and write there and nowhere else.
printf 'line %s\n' 1 2 3 >"$WORK/test.txt"
(cd "$WORK" && exec "$BIN" standalone worker.properties >>"$WORK/worker.log" 2>&1) &
WORKER_PID=$!

healthy=0
for _ in $(seq 1 300); do
  kill -0 "$WORKER_PID" 2>/dev/null || die "worker exited during startup; log: $WORK/worker.log"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" 2>/dev/null)" = 200 ]; then healthy=1; break; fi
  sleep 0.1
done
[ "$healthy" = 1 ] || die "worker not healthy within 30 s; log: $WORK/worker.log"

# The connectors the document's examples name, so that the examples phase
# exercises live connectors (pause, stop, offsets, restart, ...).
for c in '{"name":"local-file-source","config":{"connector.class":"FileStreamSource","tasks.max":"1","file":"test.txt","topic":"connect-test"}}' \
         '{"name":"local-file-sink","config":{"connector.class":"FileStreamSink","tasks.max":"1","file":"test.sink.txt","topics":"connect-test"}}'; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$c" "$BASE/connectors")
  [ "$code" = 201 ] || die "creating an example connector answered $code"
done

say "fuzzing $BASE (worker pid $WORKER_PID, $EXAMPLES examples per operation, seed $SEED; files in $WORK)"
# One schemathesis worker: the runs are reproducible from the seed, and
# hypothesis's lambda-description code is not thread-safe on Python 3.11.
st_rc=0
(cd "$WORK" && timeout "$TIMEOUT" "$VENV/bin/schemathesis" run "$BASE/openapi.json" \
   --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
   --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
   --request-timeout 30 --no-color) || st_rc=$?

failed=0
[ "$st_rc" = 0 ] || { say "schemathesis reported failures (exit $st_rc; 124 = timed out)"; failed=1; }

# Still alive and answering, then a clean shutdown: exit 0, and under ASan
# that also means no leak, overflow or undefined behaviour.
if ! kill -0 "$WORKER_PID" 2>/dev/null; then
  say "the worker died during the fuzz run"; failed=1
elif [ "$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$BASE/health")" != 200 ]; then
  say "the worker no longer answers GET /health with 200"; failed=1
fi
if kill -0 "$WORKER_PID" 2>/dev/null; then
  kill -TERM "$WORKER_PID"
  rc=0
  wait "$WORKER_PID" || rc=$?
  WORKER_PID=
  [ "$rc" = 0 ] || { say "worker exited with $rc after SIGTERM"; failed=1; }
fi
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$WORK/worker.log"; then
  say "sanitizer report in the worker log:"
  grep -E -A30 'AddressSanitizer|LeakSanitizer|runtime error:' "$WORK/worker.log" | head -60 >&2
  failed=1
fi
if [ "$failed" = 1 ]; then
  say "worker log: $WORK/worker.log"
  tail -n 40 "$WORK/worker.log" >&2
  exit 1
fi
say "no server error, every answer as documented, worker alive and exited cleanly"
[ -n "${FUZZ_WORK:-}" ] || rm -rf "$WORK"
