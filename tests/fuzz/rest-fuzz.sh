#!/usr/bin/env bash
# Fuzzes connectd's REST API with schemathesis, driven by the worker's own
# GET /openapi.json: every operation gets schema examples, coverage cases,
# random (valid and invalid) requests and stateful sequences. Fails on any
# 5xx answer, any answer whose status, content type or body the document
# does not give for that operation, or a worker that crashed, hung or
# (ASan build) leaked.
#
#   tests/fuzz/rest-fuzz.sh                     # what `make fuzz-rest` runs
#   FUZZ_MODE=distributed tests/fuzz/rest-fuzz.sh
#
# FUZZ_MODE=distributed starts two distributed workers in one group (group
# and internal topics named afresh each run) and fuzzes through the worker
# that is NOT the group's leader, so every leader-only write goes through
# request forwarding; FUZZ_TARGET=both then runs a second pass through the
# leader. There the document is fuzzed with one addition: an operation on
# /connectors that documents no 409 may answer 409 with one of Kafka's
# three rebalance messages (writes wait for a rebalance only so long, and
# ?forward=false on the wrong worker is Kafka's 409), and with no other.
# After the run both workers must list the same connectors.
#
# Environment (all optional):
#   FUZZ_MODE            standalone (default) or distributed
#   FUZZ_TARGET          distributed only: follower (default) or both
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
MODE=${FUZZ_MODE:-standalone}
TARGET=${FUZZ_TARGET:-follower}

say() { echo "rest-fuzz: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

[ -x "$BIN" ] || die "no worker binary at $BIN (run make first)"
case $MODE in standalone | distributed) ;; *) die "FUZZ_MODE is standalone or distributed, not $MODE" ;; esac
case $TARGET in follower | both) ;; *) die "FUZZ_TARGET is follower or both, not $TARGET" ;; esac

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
# The workers, by index: name (its log is $WORK/NAME.log), port, pid.
W_NAME=() W_PORT=() W_PID=()
# How messages name worker INDEX.
wlabel() { if [ "$MODE" = standalone ]; then echo "the worker"; else echo "worker ${W_NAME[$1]}"; fi; }
cleanup() {
  for p in "${W_PID[@]:-}"; do
    [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true
  done
  [ "$STARTED_KAFKA" = 1 ] && tests/services/kafka stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# The worker runs inside $WORK: the document's examples use relative file
# names (test.txt, test.sink.txt), so connectors the fuzzer creates from
# them read and write there and nowhere else.
printf 'line %s\n' 1 2 3 >"$WORK/test.txt"

# start_worker INDEX NAME MODE: runs $WORK/NAME.properties.
start_worker() {
  local i=$1 name=$2 mode=$3
  (cd "$WORK" && exec "$BIN" "$mode" "$name.properties" >>"$WORK/$name.log" 2>&1) &
  W_NAME[i]=$name
  W_PID[i]=$!
}

# wait_healthy INDEX SECONDS: until GET /health answers 200.
wait_healthy() {
  local i=$1 secs=$2 n
  for ((n = 0; n < secs * 10; n++)); do
    kill -0 "${W_PID[i]}" 2>/dev/null || die "$(wlabel "$i") exited during startup; log: $WORK/${W_NAME[i]}.log"
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${W_PORT[i]}/health" 2>/dev/null)" = 200 ]; then return 0; fi
    sleep 0.1
  done
  die "$(wlabel "$i") not healthy within $secs s; log: $WORK/${W_NAME[i]}.log"
}

# create_connector URL JSON: POST /connectors, retrying a 409 (a group
# still forming or rebalancing) for up to 60 s.
create_connector() {
  local url=$1 body=$2 code n
  for ((n = 0; n < 200; n++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$body" "$url/connectors")
    [ "$code" = 409 ] || break
    sleep 0.3
  done
  [ "$code" = 201 ] || die "creating an example connector answered $code"
}

# The last "Joined group at generation G as M with protocol P; leader L
# (URL)" line of a distributed worker's log, as "G URL" (empty if none).
joined() {
  sed -n 's/.*Joined group at generation \([0-9]*\) as .* leader .* (\([^)]*\)).*/\1 \2/p' "$WORK/$1.log" | tail -n 1
}

if [ "$MODE" = standalone ]; then
  W_PORT[0]=$(free_port)
  cat >"$WORK/worker.properties" <<EOF
bootstrap.servers=$KAFKA_BOOTSTRAP
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$WORK/offsets
offset.flush.interval.ms=1000
plugin.path=$PLUGDIR
listeners=http://127.0.0.1:${W_PORT[0]}
EOF
  start_worker 0 worker standalone
  wait_healthy 0 30
  TARGETS=(0)
else
  # A group and internal topics of this run's own: nothing is shared with
  # another run or test on the same broker.
  run_id=$(date +%s%N | tail -c 9)-$RANDOM
  group=connectd-fuzz-$run_id
  for i in 0 1; do
    W_PORT[i]=$(free_port)
    cat >"$WORK/w$i.properties" <<EOF
bootstrap.servers=$KAFKA_BOOTSTRAP
group.id=$group
config.storage.topic=$group-configs
offset.storage.topic=$group-offsets
status.storage.topic=$group-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.storage.partitions=5
status.storage.partitions=3
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.flush.interval.ms=1000
session.timeout.ms=6000
heartbeat.interval.ms=1000
scheduled.rebalance.max.delay.ms=0
plugin.path=$PLUGDIR
listeners=http://127.0.0.1:${W_PORT[i]}
rest.advertised.host.name=127.0.0.1
rest.advertised.port=${W_PORT[i]}
EOF
  done
  # One after the other: the first creates the internal topics.
  start_worker 0 w0 distributed
  wait_healthy 0 60
  start_worker 1 w1 distributed
  wait_healthy 1 60
  # Both in the same generation, agreeing on the leader.
  leader=
  for ((n = 0; n < 600; n++)); do
    j0=$(joined w0) j1=$(joined w1)
    if [ -n "$j0" ] && [ "$j0" = "$j1" ]; then
      case ${j0#* } in
        */127.0.0.1:${W_PORT[0]}/ | */127.0.0.1:${W_PORT[0]}) leader=0 ;;
        */127.0.0.1:${W_PORT[1]}/ | */127.0.0.1:${W_PORT[1]}) leader=1 ;;
      esac
      [ -n "$leader" ] && break
    fi
    for i in 0 1; do
      kill -0 "${W_PID[i]}" 2>/dev/null || die "worker w$i exited while joining; log: $WORK/w$i.log"
    done
    sleep 0.1
  done
  [ -n "$leader" ] || die "the two workers did not agree on a leader within 60 s (w0: '$(joined w0)', w1: '$(joined w1)'); logs in $WORK"
  follower=$((1 - leader))
  printf 'leader=%s\nfollower=%s\n' "${W_NAME[leader]}" "${W_NAME[follower]}" >"$WORK/roles"
  say "group $group: leader ${W_NAME[leader]} (port ${W_PORT[leader]}), follower ${W_NAME[follower]} (port ${W_PORT[follower]})"
  TARGETS=("$follower")
  [ "$TARGET" = both ] && TARGETS+=("$leader")
  # Kafka's workers may answer 409 on any /connectors operation while a
  # rebalance is under way (and for ?forward=false on the wrong worker);
  # the document lists 409 only where it means "already exists". The run
  # takes the document with exactly those three answers added.
  curl -fsS -o "$WORK/openapi-worker.json" "http://127.0.0.1:${W_PORT[follower]}/openapi.json" ||
    die "GET /openapi.json failed"
  python3 - "$WORK/openapi-worker.json" "$WORK/openapi-distributed.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc.setdefault("components", {}).setdefault("responses", {})["Rebalance409"] = {
    "description": "Conflict (a rebalance is under way, or ?forward=false on the wrong worker)",
    "content": {"application/json": {"schema": {"allOf": [
        {"$ref": "#/components/schemas/ErrorMessage"},
        {"type": "object", "required": ["message"], "properties": {"message": {"enum": [
            "Cannot complete request momentarily due to stale configuration "
            "(typically caused by a concurrent config change)",
            "Cannot complete request momentarily due to no known leader URL, "
            "likely because a rebalance was underway.",
            "Cannot complete request because of a conflicting operation "
            "(e.g. worker rebalance)",
        ]}}},
    ]}}},
}
for path, ops in doc["paths"].items():
    if path != "/connectors" and not path.startswith("/connectors/"):
        continue
    for method, op in ops.items():
        if method in ("get", "put", "post", "patch", "delete"):
            op.setdefault("responses", {}).setdefault(
                "409", {"$ref": "#/components/responses/Rebalance409"})
json.dump(doc, open(sys.argv[2], "w"), indent=1)
PY
fi
WORKER_PID=${W_PID[0]}
BASE=http://127.0.0.1:${W_PORT[${TARGETS[0]}]}

# The connectors the document's examples name, so that the examples phase
# exercises live connectors (pause, stop, offsets, restart, ...).
for c in '{"name":"local-file-source","config":{"connector.class":"FileStreamSource","tasks.max":"1","file":"test.txt","topic":"connect-test"}}' \
         '{"name":"local-file-sink","config":{"connector.class":"FileStreamSink","tasks.max":"1","file":"test.sink.txt","topics":"connect-test"}}'; do
  create_connector "$BASE" "$c"
done

# One schemathesis worker: the runs are reproducible from the seed, and
# hypothesis's lambda-description code is not thread-safe on Python 3.11.
failed=0
for t in "${TARGETS[@]}"; do
  BASE=http://127.0.0.1:${W_PORT[t]}
  if [ "$MODE" = standalone ]; then
    say "fuzzing $BASE (worker pid $WORKER_PID, $EXAMPLES examples per operation, seed $SEED; files in $WORK)"
    schema=(run "$BASE/openapi.json")
  else
    say "fuzzing $BASE, worker ${W_NAME[t]} (pid ${W_PID[t]}), $EXAMPLES examples per operation, seed $SEED; files in $WORK"
    schema=(run "$WORK/openapi-distributed.json" --url "$BASE")
  fi
  st_rc=0
  (cd "$WORK" && timeout "$TIMEOUT" "$VENV/bin/schemathesis" "${schema[@]}" \
     --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
     --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
     --request-timeout 30 --no-color) || st_rc=$?
  [ "$st_rc" = 0 ] || { say "schemathesis reported failures (exit $st_rc; 124 = timed out)"; failed=1; }
done
if [ "$MODE" = distributed ]; then
  say "after the run: w0 joined generation/leader $(joined w0), w1 $(joined w1)"
  # Both workers read the same config topic: once the writes have settled
  # they list the same connectors (a write the leader answered but the
  # other worker never sees would show here).
  same=0
  for ((n = 0; n < 100; n++)); do
    l0=$(curl -fsS -m 10 "http://127.0.0.1:${W_PORT[0]}/connectors" 2>/dev/null | jq -c 'sort' 2>/dev/null || true)
    l1=$(curl -fsS -m 10 "http://127.0.0.1:${W_PORT[1]}/connectors" 2>/dev/null | jq -c 'sort' 2>/dev/null || true)
    if [ -n "$l0" ] && [ "$l0" = "$l1" ]; then same=1; break; fi
    sleep 0.2
  done
  if [ "$same" = 1 ]; then
    say "both workers list the same $(echo "$l0" | jq length) connector(s)"
  else
    say "the workers list different connectors: w0 $l0, w1 $l1"; failed=1
  fi
fi

# Still alive and answering, then a clean shutdown: exit 0, and under ASan
# that also means no leak, overflow or undefined behaviour.
for i in "${!W_PID[@]}"; do
  if ! kill -0 "${W_PID[i]}" 2>/dev/null; then
    say "$(wlabel "$i") died during the fuzz run"; failed=1
  elif [ "$(curl -s -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${W_PORT[i]}/health")" != 200 ]; then
    say "$(wlabel "$i") no longer answers GET /health with 200"; failed=1
  fi
done
# All at once, as a whole cluster goes down (each is signalled once: a
# second SIGTERM makes a worker exit at once).
for i in "${!W_PID[@]}"; do kill -0 "${W_PID[i]}" 2>/dev/null && kill -TERM "${W_PID[i]}"; done
for i in "${!W_PID[@]}"; do
  rc=0
  wait "${W_PID[i]}" || rc=$?
  W_PID[i]=
  [ "$rc" = 0 ] || { say "$(wlabel "$i") exited with $rc after SIGTERM"; failed=1; }
done
for name in "${W_NAME[@]}"; do
  if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$WORK/$name.log"; then
    say "sanitizer report in the log of ${name}:"
    grep -E -A30 'AddressSanitizer|LeakSanitizer|runtime error:' "$WORK/$name.log" | head -60 >&2
    failed=1
  fi
done
if [ "$failed" = 1 ]; then
  for name in "${W_NAME[@]}"; do
    say "worker log: $WORK/$name.log"
    tail -n 40 "$WORK/$name.log" >&2
  done
  exit 1
fi
if [ "$MODE" = standalone ]; then
  say "no server error, every answer as documented, worker alive and exited cleanly"
else
  say "no server error, every answer as documented, both workers alive and exited cleanly"
fi
[ -n "${FUZZ_WORK:-}" ] || rm -rf "$WORK"
