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

# ---- Distributed mode ------------------------------------------------------

# write_distributed_worker FILE PORT GROUP PREFIX [extra k=v...]: a
# distributed worker's properties. Workers of one group share GROUP and
# PREFIX (internal topics PREFIX-configs, PREFIX-offsets, PREFIX-status);
# each has its own PORT. Small partition counts and fast group timings keep
# tests quick; extra lines come last, so they override (last key wins).
# DIST_PLUGIN_PATH=0 leaves plugin.path out (the Java worker refuses ours).
write_distributed_worker() {
  local file=$1 port=$2 group=$3 prefix=$4; shift 4
  {
    echo "bootstrap.servers=$KAFKA_BOOTSTRAP"
    echo "group.id=$group"
    echo "config.storage.topic=$prefix-configs"
    echo "offset.storage.topic=$prefix-offsets"
    echo "status.storage.topic=$prefix-status"
    echo "config.storage.replication.factor=1"
    echo "offset.storage.replication.factor=1"
    echo "status.storage.replication.factor=1"
    echo "offset.storage.partitions=5"
    echo "status.storage.partitions=3"
    echo "key.converter=org.apache.kafka.connect.json.JsonConverter"
    echo "value.converter=org.apache.kafka.connect.json.JsonConverter"
    echo "offset.flush.interval.ms=1000"
    echo "session.timeout.ms=6000"
    echo "heartbeat.interval.ms=1000"
    echo "scheduled.rebalance.max.delay.ms=0"
    echo "listeners=http://127.0.0.1:$port"
    echo "rest.advertised.host.name=127.0.0.1"
    echo "rest.advertised.port=$port"
    [ "${DIST_PLUGIN_PATH:-1}" = 0 ] || echo "plugin.path=$CONNECTD_PLUGIN_DIR"
    for l in "$@"; do echo "$l"; done
  } >"$file"
}

# start_named_worker NAME WORKER.properties [LOGFILE]: starts a distributed
# connectd worker in the background; its pid is NAMED_PID[NAME] (and it is
# killed on exit like every worker). The log defaults to NAME.log.
declare -A NAMED_PID=()
start_named_worker() {
  local name=$1 props=$2 logf=${3:-$1.log}
  "$CONNECTD_BIN" distributed "$props" >>"$logf" 2>&1 &
  NAMED_PID[$name]=$!
  WORKER_PIDS+=("$!")
}

# start_java_worker NAME WORKER.properties [LOGFILE]: Kafka Connect's own
# Java worker (bench/java-worker) in distributed mode, as NAMED_PID[NAME].
start_java_worker() {
  local name=$1 props=$2 logf=${3:-$1.log}
  "$ROOT/bench/java-worker" distributed "$props" >>"$logf" 2>&1 &
  NAMED_PID[$name]=$!
  WORKER_PIDS+=("$!")
}

# stop_named_worker NAME [SIGNAL] [OK_CODES]: signal the worker and wait
# for it to exit. After SIGKILL any status will do; otherwise the exit
# status must be one of OK_CODES (default "0", or $DIST_EXIT_OK: connectd
# exits 0 on SIGTERM; the JVM exits 143).
stop_named_worker() {
  local name=$1 sig=${2:-TERM} ok=${3:-${DIST_EXIT_OK:-0}} pid=${NAMED_PID[$1]:?no worker named $1} rc=0
  kill "-$sig" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || rc=$?
  unset "NAMED_PID[$name]"
  [ "$sig" = KILL ] && return 0
  [[ " $ok " == *" $rc "* ]] || fail "worker $name ($pid) exited with $rc after SIG$sig"
}

# stop_named_workers SIGNAL NAME...: signal all the workers at once (the
# whole cluster going down), then wait for each as stop_named_worker does.
# (A second SIGTERM would make a worker exit at once: signal each once.)
stop_named_workers() {
  local sig=$1 name rc pid; shift
  for name in "$@"; do kill "-$sig" "${NAMED_PID[$name]:?no worker named $name}" 2>/dev/null || true; done
  for name in "$@"; do
    pid=${NAMED_PID[$name]} rc=0
    wait "$pid" 2>/dev/null || rc=$?
    unset "NAMED_PID[$name]"
    [ "$sig" = KILL ] || [[ " ${DIST_EXIT_OK:-0} " == *" $rc "* ]] ||
      fail "worker $name ($pid) exited with $rc after SIG$sig"
  done
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s
# until it succeeds; fails with DESCRIPTION if it never does, followed by
# the output of the command line in $WAIT_DIAG (if set) to show the state.
wait_until() {
  local secs=$1 what=$2 end; shift 2
  end=$(( $(date +%s%N) + secs * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$end" ]; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  # One last check: the deadline may pass while a slow check runs.
  if "$@" >/dev/null 2>&1; then return 0; fi
  [ -z "${WAIT_DIAG:-}" ] || what="$what; now: $(eval "$WAIT_DIAG" 2>&1 | tr '\n' ' ')"
  fail "$what (not within ${secs}s)"
}

# status_json PORT CONNECTOR: GET /connectors/CONNECTOR/status (empty on error).
status_json() { curl -fsS --max-time 5 "http://127.0.0.1:$1/connectors/$2/status" 2>/dev/null || true; }

# status_matches PORT CONNECTOR JQ_FILTER: the status satisfies the filter.
status_matches() {
  local s
  s=$(status_json "$1" "$2")
  [ -n "$s" ] && echo "$s" | jq -e "$3" >/dev/null
}

# wait_status PORT CONNECTOR JQ_FILTER SECONDS: until status_matches; the
# failure message shows the last status seen.
wait_status() {
  local port=$1 name=$2 filter=$3 secs=${4:-30} end
  end=$(( $(date +%s%N) + secs * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$end" ]; do
    status_matches "$port" "$name" "$filter" && return 0
    sleep 0.2
  done
  status_matches "$port" "$name" "$filter" && return 0
  fail "status of $name via port $port never matched $filter within ${secs}s; last: $(status_json "$port" "$name")"
}

# topic_dump TOPIC: every record of TOPIC as "key => value" (tombstones as
# NULL), read with kcat to the end.
topic_dump() {
  timeout 30 kcat -C -b "$KAFKA_BOOTSTRAP" -t "$1" -o beginning -e -q -Z -f '%k => %s\n' 2>/dev/null
}

# count_dups FILE: how many lines of FILE are extra copies of another line.
count_dups() { echo $(( $(wc -l <"$1") - $(sort -u "$1" | wc -l) )); }

# missing_lines IN OUT: how many distinct lines of IN are not in OUT.
missing_lines() { sort -u "$2" | comm -23 <(sort -u "$1") - | wc -l; }

# wait_named_http NAME PORT [SECONDS] [LOGFILE]: like wait_http, but fails
# at once, with the end of the worker's log, if worker NAME exits first.
wait_named_http() {
  local name=$1 port=$2 secs=${3:-30} logf=${4:-$1.log} i pid=${NAMED_PID[$1]:?no worker named $1}
  for ((i = 0; i < secs * 10; i++)); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$logf" >&2 2>/dev/null || true
      fail "worker $name exited before answering on port $port (log: $logf)"
    fi
    sleep 0.1
  done
  tail -n 20 "$logf" >&2 2>/dev/null || true
  fail "worker $name on port $port did not answer within ${secs}s"
}

# elapsed T0: seconds (one decimal) since T0, a `date +%s.%N` value.
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
