# /admin/loggers changes what a running worker logs: DEBUG set on one
# plugin logger shows that logger's DEBUG lines and nobody else's; then a
# worker logger (WorkerSourceTask) is turned on the same way.
. "$ROOT/tests/integration/lib.sh"

port=$(free_port)
topic=$(uniq loggers)
base="http://127.0.0.1:$port"
write_worker worker.properties "$port"
start_worker worker.log worker.properties
wait_http "$port"

expect() { # expect "STATUS BODY" STATUS [exact body]
  local got=$1 code=$2 body=${3-}
  [ "${got%% *}" = "$code" ] || fail "expected $code, got: $got"
  if [ $# -ge 3 ]; then [ "${got#* }" = "$body" ] || fail "expected body $body, got: ${got#* }"; fi
}

# The worker's own loggers are listed from the start, with root.
r=$(http GET "$base/admin/loggers")
expect "$r" 200
echo "${r#* }" | jq -e '.root == {"level":"INFO","last_modified":null}
  and .["org.apache.kafka.connect.runtime.WorkerSourceTask"].level == "INFO"
  and (keys == (keys | sort))' >/dev/null || fail "GET /admin/loggers: $r"

task_logger=org.apache.kafka.connect.file.FileStreamSourceTask
expect "$(http PUT "$base/admin/loggers/$task_logger" '{"level":"DEBUG"}')" 200 "[\"$task_logger\"]"
r=$(http GET "$base/admin/loggers/$task_logger")
expect "$r" 200
echo "${r#* }" | jq -e '.level == "DEBUG" and (.last_modified | type == "number")' >/dev/null ||
  fail "GET logger: $r"
expect "$(http GET "$base/admin/loggers/com.example.Nope")" 404 \
  '{"error_code":404,"message":"Logger com.example.Nope not found."}'
expect "$(http PUT "$base/admin/loggers/$task_logger" '{"level":"LOUD"}')" 404 \
  "{\"error_code\":404,\"message\":\"invalid log level 'LOUD'.\"}"
expect "$(http PUT "$base/admin/loggers/$task_logger" '{}')" 400 \
  "{\"error_code\":400,\"message\":\"Desired 'level' parameter was not specified in request.\"}"

printf 'one\ntwo\n' >"$WORK/in.txt"
expect "$(http POST "$base/connectors" "{\"name\":\"src\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\"}}")" 201
wait_state "$port" src RUNNING
consume "$topic" 2 >/dev/null

want="DEBUG [src|task-0] $task_logger: Opened $WORK/in.txt for reading"
for ((i = 0; i < 100; i++)); do grep -qF "$want" worker.log && break; sleep 0.1; done
grep -qF "$want" worker.log || fail "no DEBUG line of $task_logger in the log: $(tail -n 20 worker.log)"
# Offsets are committed every second (a DEBUG line of WorkerSourceTask):
# let a few commits pass, none may show.
sleep 2.5
others=$(grep -E '^[^ ]+ DEBUG ' worker.log | grep -vF " $task_logger: " || true)
[ -z "$others" ] || fail "DEBUG lines of other loggers: $others"

# A worker logger, by its Kafka name; a parent namespace reaches it.
r=$(http PUT "$base/admin/loggers/org.apache.kafka.connect.runtime" '{"level":"debug"}')
expect "$r" 200
echo "${r#* }" | jq -e 'index("org.apache.kafka.connect.runtime") != null
  and index("org.apache.kafka.connect.runtime.WorkerSourceTask") != null
  and index("'$task_logger'") == null' >/dev/null || fail "PUT namespace: $r"
printf 'three\n' >>"$WORK/in.txt"
consume "$topic" 3 >/dev/null
want="DEBUG [src|task-0] org.apache.kafka.connect.runtime.WorkerSourceTask: Committed offsets"
for ((i = 0; i < 100; i++)); do grep -qF "$want" worker.log && break; sleep 0.1; done
grep -qF "$want" worker.log || fail "no DEBUG line of WorkerSourceTask: $(tail -n 20 worker.log)"

# scope=cluster: standalone applies it here and answers 204.
expect "$(http PUT "$base/admin/loggers/org.apache.kafka.connect?scope=cluster" '{"level":"WARN"}')" 204 ''
r=$(http GET "$base/admin/loggers/$task_logger")
echo "${r#* }" | jq -e '.level == "WARN"' >/dev/null || fail "after cluster scope: $r"

stop_worker "$WORKER_PID"
