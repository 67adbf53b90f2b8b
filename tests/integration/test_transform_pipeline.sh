# file -> Kafka -> file with transform chains and predicates on both sides:
#
#   source chain (shared by two source connectors, as a config template):
#     dropDebug  Filter, predicate isDebug (TopicNameMatches .*-debug-raw)
#     hoist      HoistField$Value field=line
#     tag        InsertField$Value origin=file-source, predicate isRaw
#     route      RegexRouter (.*)-raw -> $1-clean
#   sink chain:
#     dropSkip   Filter, predicate hasSkip (HasHeaderKey skip)
#     dropTomb   Filter, predicate isTomb (RecordIsTombstone)
#     stamp      InsertField$Value stage=sink
#
# The "debug" source's records are all dropped before Kafka, yet its offsets
# advance past them; records another producer puts on the topic with a
# "skip" header, and tombstones, never reach the sink file. After a restart
# nothing is delivered twice. The preview endpoint predicts the same result.
. "$ROOT/tests/integration/lib.sh"

p=$(uniq smt)
port=$(free_port)
printf 'apple\nbanana\ncherry\n' >"$WORK/in.txt"
printf 'debug one\ndebug two\n' >"$WORK/debug.txt"
write_worker worker.properties "$port"

X=org.apache.kafka.connect.transforms
chain() {
  cat <<P
transforms=dropDebug,hoist,tag,route
transforms.dropDebug.type=$X.Filter
transforms.dropDebug.predicate=isDebug
transforms.hoist.type=$X.HoistField\$Value
transforms.hoist.field=line
transforms.tag.type=$X.InsertField\$Value
transforms.tag.static.field=origin
transforms.tag.static.value=file-source
transforms.tag.predicate=isRaw
transforms.route.type=$X.RegexRouter
transforms.route.regex=(.*)-raw
transforms.route.replacement=\$1-clean
predicates=isDebug,isRaw
predicates.isDebug.type=$X.predicates.TopicNameMatches
predicates.isDebug.pattern=.*-debug-raw
predicates.isRaw.type=$X.predicates.TopicNameMatches
predicates.isRaw.pattern=.*-raw
P
}
{ printf 'name=src\nconnector.class=FileStreamSource\ntasks.max=1\nfile=%s\ntopic=%s-raw\n' \
    "$WORK/in.txt" "$p"; chain; } >src.properties
{ printf 'name=debug\nconnector.class=FileStreamSource\ntasks.max=1\nfile=%s\ntopic=%s-debug-raw\n' \
    "$WORK/debug.txt" "$p"; chain; } >debug.properties
cat >sink.properties <<P
name=sink
connector.class=FileStreamSink
tasks.max=1
file=$WORK/out.txt
topics=$p-clean
transforms=dropSkip,dropTomb,stamp
transforms.dropSkip.type=$X.Filter
transforms.dropSkip.predicate=hasSkip
transforms.dropTomb.type=$X.Filter
transforms.dropTomb.predicate=isTomb
transforms.stamp.type=$X.InsertField\$Value
transforms.stamp.static.field=stage
transforms.stamp.static.value=sink
predicates=hasSkip,isTomb
predicates.hasSkip.type=$X.predicates.HasHeaderKey
predicates.hasSkip.name=skip
predicates.isTomb.type=$X.predicates.RecordIsTombstone
P

# source offset of a file connector, from the REST API ("" when none yet)
position() {
  curl -fsS "http://127.0.0.1:$port/connectors/$1/offsets" |
    jq -r '.offsets[0].offset.position // empty'
}
# wait_position CONNECTOR BYTES: until its committed offset is BYTES
wait_position() {
  local i got=
  for ((i = 0; i < 300; i++)); do
    got=$(position "$1" 2>/dev/null || true)
    [ "$got" = "$2" ] && return 0
    sleep 0.1
  done
  fail "offset of $1 is '$got', expected $2"
}
expect_out() {
  local want
  want=$(for l in "$@"; do echo "Struct{line=$l,origin=file-source,stage=sink}"; done)
  [ "$(cat "$WORK/out.txt")" = "$want" ] || fail "sink file:
$(cat "$WORK/out.txt")
expected:
$want"
}

start_worker worker.log worker.properties src.properties debug.properties sink.properties
wait_http "$port"
wait_state "$port" src RUNNING
wait_state "$port" debug RUNNING
wait_state "$port" sink RUNNING

# The preview predicts what the pipeline does with a line of each source.
chain_json=$(chain | jq -R 'capture("^(?<k>[^=]+)=(?<v>.*)$") | {(.k): .v}' | jq -s add)
preview=$(jq -n --argjson c "$chain_json" --arg t "$p" \
  '{config: $c, records: [{topic: ($t + "-raw"), value: "apple", value_schema: {type: "string", optional: false}},
                          {topic: ($t + "-debug-raw"), value: "debug one", value_schema: {type: "string", optional: false}}]}')
got=$(http POST "http://127.0.0.1:$port/connectd/v1/transforms/preview" "$preview")
expect_http "$got" 200
echo "${got#* }" | jq -e --arg t "$p-clean" \
  '.records[0].topic == $t and .records[0].value == {line: "apple", origin: "file-source"} and
   .records[1] == null and .stages[1].outcome == "dropped" and
   .stages[1].steps[0].predicate_matched == true' >/dev/null ||
  fail "unexpected preview: ${got#* }"

wait_lines "$WORK/out.txt" 3
# Another producer's records on the same topic: one marked "skip", one
# tombstone. Then one more line from the file, which must come after them.
echo '{"schema":{"type":"string","optional":false},"payload":"injected"}' |
  kcat -P -b "$KAFKA_BOOTSTRAP" -t "$p-clean" -H skip=yes
echo '{"schema":{"type":"string","optional":false},"payload":"k"}|' |
  kcat -P -b "$KAFKA_BOOTSTRAP" -t "$p-clean" -Z -K'|'
sleep 1
echo date >>"$WORK/in.txt"
wait_lines "$WORK/out.txt" 4
sleep 2 # anything wrongly let through would arrive by now
expect_out apple banana cherry date
grep -q injected "$WORK/out.txt" && fail "a record with the skip header reached the sink"

# Nothing from the debug source reached Kafka, yet its offset covers every
# line it dropped.
[ "$(count_messages "$p-debug-clean")" = 0 ] || fail "debug records reached Kafka"
[ "$(count_messages "$p-debug-raw")" = 0 ] || fail "debug records reached Kafka"
wait_position debug "$(stat -c %s "$WORK/debug.txt")"
wait_position src "$(stat -c %s "$WORK/in.txt")"
[ "$(count_messages "$p-clean")" = 6 ] || fail "expected 4 source records + 2 injected in $p-clean"

# Restart: nothing is re-delivered, new lines flow, new debug lines are
# dropped and their offsets still advance.
stop_worker "$WORKER_PID"
echo elderberry >>"$WORK/in.txt"
echo 'debug three' >>"$WORK/debug.txt"
start_worker worker2.log worker.properties src.properties debug.properties sink.properties
wait_http "$port"
wait_state "$port" src RUNNING
wait_state "$port" sink RUNNING
wait_lines "$WORK/out.txt" 5
wait_position debug "$(stat -c %s "$WORK/debug.txt")"
wait_position src "$(stat -c %s "$WORK/in.txt")"
sleep 2
expect_out apple banana cherry date elderberry
[ "$(count_messages "$p-clean")" = 7 ] || fail "records were produced twice after the restart"
[ "$(count_messages "$p-debug-clean")" = 0 ] || fail "debug records reached Kafka"
stop_worker "$WORKER_PID"
