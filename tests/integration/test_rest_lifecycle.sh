# The connector lifecycle over REST, as a Kafka Connect user drives it:
# create -> pause -> resume -> stop -> offsets PATCH -> resume from the
# patched offset -> restarts -> config PUT/PATCH -> offsets DELETE -> delete,
# for a source (offset file) and a sink (consumer group offsets).
# With LIFECYCLE_EMBEDDED=1 (test_rest_lifecycle_embedded.sh) the worker
# runs on its embedded in-process cluster instead of the real broker.
. "$ROOT/tests/integration/lib.sh"

port=$(free_port)
topic=$(uniq life)
base="http://127.0.0.1:$port"
if [ "${LIFECYCLE_EMBEDDED:-0}" = 1 ]; then
  KAFKA_BOOTSTRAP=embedded write_worker worker.properties "$port"
else
  write_worker worker.properties "$port"
fi
start_worker worker.log worker.properties
wait_http "$port"
if [ "${LIFECYCLE_EMBEDDED:-0}" = 1 ]; then
  KAFKA_BOOTSTRAP=$(sed -n 's/^connectd: embedded Kafka cluster at //p' worker.log | head -n 1)
  [ -n "$KAFKA_BOOTSTRAP" ] || fail "no embedded cluster address in worker.log"
fi
ok() { echo "{\"error_code\":$1,\"message\":\"$2\"}"; }

printf 'a1\na2\na3\n' >"$WORK/in.txt"
src="{\"name\":\"src\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\",\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\"}}"
expect_http "$(http POST "$base/connectors" "$src")" 201
wait_state "$port" src RUNNING
consume "$topic" 3 >/dev/null

log "pause: no data moves; resume: it does again"
expect_http "$(http PUT "$base/connectors/src/pause")" 202 ''
wait_state "$port" src PAUSED
expect_http "$(http PUT "$base/connectors/src/pause")" 202 ''  # idempotent
echo a4 >>"$WORK/in.txt"
sleep 2
[ "$(count_messages "$topic")" = 3 ] || fail "a paused source produced"
expect_http "$(http PUT "$base/connectors/src/resume")" 202 ''
wait_state "$port" src RUNNING
consume "$topic" 4 >/dev/null

log "offsets: readable while running, changeable only when stopped"
for i in $(seq 50); do
  r=$(http GET "$base/connectors/src/offsets")
  [ "$r" = "200 {\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":12}}]}" ] && break
  sleep 0.2
done
expect_http "$r" 200 "{\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":12}}]}"
stopped_msg="Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/src/stop' endpoint"
expect_http "$(http DELETE "$base/connectors/src/offsets")" 400 "$(ok 400 "$stopped_msg")"
patch="{\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":3}}]}"
expect_http "$(http PATCH "$base/connectors/src/offsets" "$patch")" 400 "$(ok 400 "$stopped_msg")"

log "stop: no tasks; offsets PATCH; resume from the patched position"
expect_http "$(http PUT "$base/connectors/src/stop")" 204 ''
expect_http "$(http GET "$base/connectors/src/status")" 200 \
  "{\"name\":\"src\",\"connector\":{\"state\":\"STOPPED\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"},\"tasks\":[],\"type\":\"source\"}"
expect_http "$(http GET "$base/connectors/src/tasks")" 200 '[]'
expect_http "$(http PATCH "$base/connectors/src/offsets" '{"offsets":[]}')" 400 \
  "$(ok 400 'Partitions / offsets need to be provided for an alter offsets request')"
expect_http "$(http PATCH "$base/connectors/src/offsets" "{\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":-1}}]}")" 400 \
  "$(ok 400 "The value for the 'position' key in the offset should be a non-negative value")"
expect_http "$(http PATCH "$base/connectors/src/offsets" "$patch")" 200 \
  '{"message":"The offsets for this connector have been altered successfully"}'
expect_http "$(http GET "$base/connectors/src/offsets")" 200 \
  "{\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":3}}]}"
expect_http "$(http PUT "$base/connectors/src/resume")" 202 ''
wait_state "$port" src RUNNING
got=$(consume "$topic" 7 | tail -n 3 | tr '\n' ' ')
[ "$got" = "a2 a3 a4 " ] || fail "after the PATCH the source re-read: $got"

log "tasks and topics"
r=$(http GET "$base/connectors/src/tasks")
expect_http "$r" 200
echo "${r#* }" | jq -e --arg t "$topic" '.[0].id == {"connector":"src","task":0} and .[0].config["task.class"] == "org.apache.kafka.connect.file.FileStreamSourceTask" and .[0].config.topic == $t' >/dev/null ||
  fail "tasks: $r"
expect_http "$(http GET "$base/connectors/src/topics")" 200 "{\"src\":{\"topics\":[\"$topic\"]}}"
expect_http "$(http PUT "$base/connectors/src/topics/reset")" 202 ''
expect_http "$(http GET "$base/connectors/src/topics")" 200 '{"src":{"topics":[]}}'
expect_http "$(http GET "$base/connectors/nope/topics")" 200 '{"nope":{"topics":[]}}'
expect_http "$(http GET "$base/connectors/src/tasks-config")" 404 "$(ok 404 'HTTP 404 Not Found')"

log "restarts"
expect_http "$(http POST "$base/connectors/src/restart")" 204 ''
expect_http "$(http POST "$base/connectors/src/restart?includeTasks=true")" 202 \
  "{\"name\":\"src\",\"connector\":{\"state\":\"RESTARTING\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"},\"tasks\":[{\"id\":0,\"state\":\"RESTARTING\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"}],\"type\":\"source\"}"
wait_state "$port" src RUNNING
expect_http "$(http POST "$base/connectors/src/restart?includeTasks=true&onlyFailed=true")" 202 \
  "{\"name\":\"src\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"}],\"type\":\"source\"}"
expect_http "$(http POST "$base/connectors/src/tasks/0/restart")" 204 ''
wait_state "$port" src RUNNING
expect_http "$(http POST "$base/connectors/src/tasks/7/restart")" 404 "$(ok 404 'Task src-7 not found')"
expect_http "$(http POST "$base/connectors/nope/restart")" 404 "$(ok 404 'Connector nope not found')"
expect_http "$(http POST "$base/connectors/nope/restart?includeTasks=true")" 404 "$(ok 404 'Unknown connector: nope')"
for verb in pause resume stop; do
  expect_http "$(http PUT "$base/connectors/nope/$verb")" 404 "$(ok 404 'Connector nope not found')"
done
sleep 1
[ "$(count_messages "$topic")" = 7 ] || fail "restarts re-sent records: $(count_messages "$topic")"

log "config: PUT updates (200) or creates (201), PATCH merges and removes"
cfg="{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\",\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\",\"batch.size\":\"500\"}"
r=$(http PUT "$base/connectors/src/config" "$cfg")
expect_http "$r" 200
echo "${r#* }" | jq -e '.name == "src" and .config["batch.size"] == "500" and .config.name == "src" and .type == "source"' >/dev/null || fail "PUT update: $r"
r=$(curl -sS -D headers -o body -w '%{http_code}' -X PUT -H 'Content-Type: application/json' -d "${cfg/$topic/$topic-2}" "$base/connectors/src2/config")
[ "$r" = 201 ] || fail "PUT create: $r $(cat body)"
grep -qi "^Location: $base/connectors/src2" headers || fail "PUT create Location: $(cat headers)"
r=$(http PATCH "$base/connectors/src/config" '{"batch.size":null,"tasks.max":"1"}')
expect_http "$r" 200
echo "${r#* }" | jq -e '.config | has("batch.size") | not' >/dev/null || fail "PATCH null did not remove: $r"
expect_http "$(http GET "$base/connectors/src/config")" 200 \
  "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\",\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\",\"name\":\"src\"}"
expect_http "$(http PATCH "$base/connectors/nope/config" '{"a":"b"}')" 404 "$(ok 404 'Connector nope not found')"
r=$(http PATCH "$base/connectors/src/config" '{"topic":null}')
expect_http "$r" 400
echo "${r#* }" | grep -q 'Missing required configuration \\"topic\\"' || fail "PATCH removing a required key: $r"
expect_http "$(http DELETE "$base/connectors/src2")" 204 ''

log "DELETE offsets when stopped resets them"
expect_http "$(http PUT "$base/connectors/src/stop")" 204 ''
expect_http "$(http DELETE "$base/connectors/src/offsets")" 200 \
  '{"message":"The offsets for this connector have been reset successfully"}'
expect_http "$(http GET "$base/connectors/src/offsets")" 200 '{"offsets":[]}'

if [ "${LIFECYCLE_EMBEDDED:-0}" = 1 ]; then
  # librdkafka's mock cluster answers the admin API's group offset listing
  # with nothing, so the sink half runs against the real broker only.
  log "sink offsets: skipped on the embedded cluster"
else
log "sink offsets are the consumer group's"
sink="{\"name\":\"snk\",\"config\":{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\",\"file\":\"$WORK/out.txt\",\"topics\":\"$topic\",\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\"}}"
expect_http "$(http POST "$base/connectors" "$sink")" 201
wait_lines "$WORK/out.txt" 7
expect_http "$(http PUT "$base/connectors/snk/stop")" 204 ''
expect_http "$(http GET "$base/connectors/snk/offsets")" 200 \
  "{\"offsets\":[{\"partition\":{\"kafka_partition\":0,\"kafka_topic\":\"$topic\"},\"offset\":{\"kafka_offset\":7}}]}"
expect_http "$(http PATCH "$base/connectors/snk/offsets" "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"$topic\"},\"offset\":{\"kafka_offset\":5}}]}")" 400 \
  "$(ok 400 "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'")"
expect_http "$(http PATCH "$base/connectors/snk/offsets" "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"$topic\",\"kafka_partition\":\"0\"},\"offset\":{\"kafka_offset\":\"5\"}}]}")" 200 \
  '{"message":"The offsets for this connector have been altered successfully"}'
expect_http "$(http GET "$base/connectors/snk/offsets")" 200 \
  "{\"offsets\":[{\"partition\":{\"kafka_partition\":0,\"kafka_topic\":\"$topic\"},\"offset\":{\"kafka_offset\":5}}]}"
expect_http "$(http PUT "$base/connectors/snk/resume")" 202 ''
wait_lines "$WORK/out.txt" 9
sleep 1
[ "$(wc -l <"$WORK/out.txt")" = 9 ] || fail "sink re-read more than the patched range: $(wc -l <"$WORK/out.txt")"
[ "$(tail -n 2 "$WORK/out.txt" | tr '\n' ' ')" = "a3 a4 " ] || fail "sink re-read: $(tail -n 2 "$WORK/out.txt")"
expect_http "$(http PUT "$base/connectors/snk/stop")" 204 ''
expect_http "$(http DELETE "$base/connectors/snk/offsets")" 200 \
  '{"message":"The offsets for this connector have been reset successfully"}'
expect_http "$(http GET "$base/connectors/snk/offsets")" 200 '{"offsets":[]}'
expect_http "$(http DELETE "$base/connectors/snk")" 204 ''
fi

expect_http "$(http DELETE "$base/connectors/src")" 204 ''
expect_http "$(http GET "$base/connectors")" 200 '[]'

log "target states and REST-created connectors survive a worker restart"
printf 'b1\n' >"$WORK/in2.txt"
for c in keep-running keep-paused keep-stopped; do
  body="{\"name\":\"$c\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/in2.txt\",\"topic\":\"$topic-$c\"}}"
  expect_http "$(http POST "$base/connectors" "$body")" 201
done
wait_state "$port" keep-paused RUNNING
expect_http "$(http PUT "$base/connectors/keep-paused/pause")" 202 ''
expect_http "$(http PUT "$base/connectors/keep-stopped/stop")" 204 ''
stop_worker "$WORKER_PID"
start_worker worker2.log worker.properties
wait_http "$port"
expect_http "$(http GET "$base/connectors")" 200 '["keep-running","keep-paused","keep-stopped"]'
wait_state "$port" keep-running RUNNING
wait_state "$port" keep-paused PAUSED
expect_http "$(http GET "$base/connectors/keep-stopped/status")" 200 \
  "{\"name\":\"keep-stopped\",\"connector\":{\"state\":\"STOPPED\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"},\"tasks\":[],\"type\":\"source\"}"
stop_worker "$WORKER_PID"
