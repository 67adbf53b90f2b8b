# Helpers for integration tests: start a worker, talk REST, wait for things.
# Each test runs in its own $WORK directory; workers started here are
# stopped on exit.
set -euo pipefail

: "${CONNECTD_BIN:?}" "${CONNECTD_PLUGIN_DIR:?}" "${KAFKA_BOOTSTRAP:?}" "${WORK:?}"
WORKER_PIDS=()

cleanup_workers() {
  for p in "${WORKER_PIDS[@]:-}"; do
    [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true
  done
}
trap cleanup_workers EXIT

fail() { echo "FAILED: $*" >&2; exit 1; }
log() { echo "--- $*" >&2; }

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# A unique name, so tests never share topics or consumer groups.
uniq() { echo "$1-$(date +%s%N | tail -c 9)-$RANDOM"; }

# write_worker FILE PORT [extra lines...]
write_worker() {
  local file=$1 port=$2; shift 2
  {
    echo "bootstrap.servers=$KAFKA_BOOTSTRAP"
    echo "key.converter=org.apache.kafka.connect.json.JsonConverter"
    echo "value.converter=org.apache.kafka.connect.json.JsonConverter"
    echo "offset.storage.file.filename=$WORK/offsets"
    echo "offset.flush.interval.ms=1000"
    echo "plugin.path=$CONNECTD_PLUGIN_DIR"
    echo "listeners=http://127.0.0.1:$port"
    for l in "$@"; do echo "$l"; done
  } >"$file"
}

# start_worker LOGFILE WORKER.properties [CONNECTOR.properties...]; sets WORKER_PID
start_worker() {
  local logf=$1; shift
  "$CONNECTD_BIN" standalone "$@" >>"$logf" 2>&1 &
  WORKER_PID=$!
  WORKER_PIDS+=("$WORKER_PID")
}

# wait_http PORT [SECONDS]: until GET / answers 200.
wait_http() {
  local port=$1 secs=${2:-30} i
  for ((i = 0; i < secs * 10; i++)); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  fail "worker on port $port did not answer within ${secs}s"
}

# stop_worker PID [SIGNAL]: signal, wait for exit, fail unless it exits 0
# (not run in a subshell: only this shell can wait for its children).
stop_worker() {
  local pid=$1 sig=${2:-TERM} rc=0
  kill "-$sig" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || rc=$?
  [ "$rc" = 0 ] || fail "worker $pid exited with $rc after SIG$sig"
}

# wait_lines FILE N [SECONDS]: until FILE has at least N lines.
wait_lines() {
  local f=$1 n=$2 secs=${3:-60} i have=0
  for ((i = 0; i < secs * 10; i++)); do
    have=$( [ -f "$f" ] && wc -l <"$f" || echo 0)
    [ "$have" -ge "$n" ] && return 0
    sleep 0.1
  done
  fail "$f has $have lines, expected $n within ${secs}s"
}

# http METHOD URL [BODY]: prints "STATUS BODY".
http() {
  local method=$1 url=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -sS -X "$method" -H 'Content-Type: application/json' -d "$body" -w '\n%{http_code}' "$url"
  else
    curl -sS -X "$method" -w '\n%{http_code}' "$url"
  fi | { body=$(cat); code=${body##*$'\n'}; echo "$code ${body%$'\n'*}"; }
}

# wait_state PORT CONNECTOR STATE [SECONDS]: connector and all tasks in STATE.
wait_state() {
  local port=$1 name=$2 want=$3 secs=${4:-30} i s
  for ((i = 0; i < secs * 10; i++)); do
    s=$(curl -fsS "http://127.0.0.1:$port/connectors/$name/status" 2>/dev/null || true)
    if [ -n "$s" ] && echo "$s" | jq -e --arg w "$want" \
        '.connector.state == $w and (.tasks | length > 0) and all(.tasks[]; .state == $w)' >/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  fail "connector $name not $want within ${secs}s: $s"
}

# produce TOPIC < lines
produce() { kcat -P -b "$KAFKA_BOOTSTRAP" -t "$1"; }
# consume TOPIC COUNT [FORMAT]: prints the first COUNT messages, waiting up
# to 30 s for the topic and its messages to appear.
consume() {
  local topic=$1 count=$2 fmt=${3:-'%s\n'} i out
  for ((i = 0; i < 60; i++)); do
    if out=$(timeout 20 kcat -C -b "$KAFKA_BOOTSTRAP" -t "$topic" -o beginning -c "$count" -q -f "$fmt" 2>/dev/null) &&
       [ "$(printf '%s' "$out" | grep -c '')" -ge "$count" ]; then
      printf '%s\n' "$out"
      return 0
    fi
    sleep 0.5
  done
  fail "fewer than $count messages in topic $topic"
}

# expect_http "STATUS BODY" STATUS [exact body]: the answer of `http`.
expect_http() {
  local got=$1 code=$2 body=${3-}
  [ "${got%% *}" = "$code" ] || fail "expected $code, got: $got"
  if [ $# -ge 3 ]; then [ "${got#* }" = "$body" ] || fail "expected body $body, got: ${got#* }"; fi
}

# count_messages TOPIC: how many messages the topic holds now.
count_messages() {
  timeout 20 kcat -C -b "$KAFKA_BOOTSTRAP" -t "$1" -o beginning -e -q -f '.\n' 2>/dev/null | grep -c . || true
}
