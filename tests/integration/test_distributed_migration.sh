# Migration from Kafka Connect's own Java worker (4.3.1) to connectd in
# distributed mode: the Java worker creates the internal topics and runs a
# FileStream pipeline (plus a PAUSED and a STOPPED connector); it is stopped
# and connectd starts with the same worker properties. connectd must read
# the Java worker's config, offsets and status topics as they are: the same
# connectors and target states, the source resuming from Java's committed
# position, the sink from Java's committed consumer offsets.
. "$ROOT/tests/integration/lib.sh"
# Any other failing command (e.g. curl finding a worker gone) says where.
trap 'rc=$?; echo "FAILED: exit $rc at line $LINENO: $BASH_COMMAND" >&2' ERR

port=$(free_port)
base="http://127.0.0.1:$port"
group=$(uniq mig-group)
prefix=$(uniq mig)
topic=$(uniq mig-data)
src=$(uniq src) sink=$(uniq sink) parked=$(uniq parked) halted=$(uniq halted)
lines=100000
seq -f "migrated line %06g" 1 "$lines" >"$WORK/in.txt"
: >"$WORK/idle.txt"

# One file for both workers: the Java worker cannot take connectd's
# plugin.path (an unknown directory of .so files) and finds FileStream on
# its classpath; connectd's default plugin.path is plugins/ beside bin/.
DIST_PLUGIN_PATH=0 write_distributed_worker worker.properties "$port" "$group" "$prefix" \
  plugin.discovery=service_load
connectd_props=worker.properties
default_plugins=$(cd "$(dirname "$CONNECTD_BIN")/../plugins" 2>/dev/null && pwd || true)
if [ "$default_plugins" != "$(cd "$CONNECTD_PLUGIN_DIR" && pwd)" ]; then
  cp worker.properties connectd.properties
  echo "plugin.path=$CONNECTD_PLUGIN_DIR" >>connectd.properties
  connectd_props=connectd.properties
fi

log "Java worker: start, create four connectors, let the lines flow"
start_java_worker java worker.properties java.log
wait_named_http java "$port" 90 java.log
create() { # create NAME CONFIG_JSON_FIELDS
  expect_http "$(http POST "$base/connectors" "{\"name\":\"$1\",\"config\":{$2}}")" 201
}
create "$src" "\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\""
create "$sink" "\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\",\"file\":\"$WORK/out.txt\",\"topics\":\"$topic\""
create "$parked" "\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/idle.txt\",\"topic\":\"$topic-parked\""
create "$halted" "\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/idle.txt\",\"topic\":\"$topic-halted\""
wait_state "$port" "$parked" RUNNING 60
expect_http "$(http PUT "$base/connectors/$parked/pause")" 202 ''
expect_http "$(http PUT "$base/connectors/$halted/stop")" 204 ''
wait_state "$port" "$parked" PAUSED 30
wait_status "$port" "$halted" '.connector.state == "STOPPED" and (.tasks | length) == 0' 30
wait_lines "$WORK/out.txt" "$lines" 90
size=$(stat -c %s "$WORK/in.txt")
# Java commits source offsets every offset.flush.interval.ms (1 s) and on stop.
for ((i = 0; i < 50; i++)); do
  r=$(http GET "$base/connectors/$src/offsets")
  [ "$r" = "200 {\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":$size}}]}" ] && break
  sleep 0.2
done
log "Java worker's source offsets: $r"
stop_named_worker java TERM "0 143"
[ "$(wc -l <"$WORK/out.txt")" = "$lines" ] || fail "the Java worker wrote $(wc -l <"$WORK/out.txt") lines, expected $lines"
log "Java worker stopped after writing all $lines lines"

log "connectd, same worker properties: same connectors, states and offsets"
start_named_worker connectd "$connectd_props" connectd.log
wait_named_http connectd "$port" 60 connectd.log
want=$(printf '%s\n' "$src" "$sink" "$parked" "$halted" | jq -Rsc 'split("\n") | map(select(. != "")) | sort')
lists_all() { [ "$(curl -fsS "$base/connectors" | jq -c sort)" = "$want" ]; }
wait_until 30 "GET /connectors under connectd never listed the Java worker's connectors $want" lists_all
wait_state "$port" "$src" RUNNING 60
wait_state "$port" "$sink" RUNNING 60
wait_state "$port" "$parked" PAUSED 60
wait_status "$port" "$halted" \
  ".connector.state == \"STOPPED\" and (.tasks | length) == 0 and .connector.worker_id == \"127.0.0.1:$port\"" 60
expect_http "$(http GET "$base/connectors/$src/offsets")" 200 \
  "{\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":$size}}]}"
r=$(http GET "$base/connectors/$src/config")
expect_http "$r" 200
echo "${r#* }" | jq -e --arg f "$WORK/in.txt" --arg n "$src" \
  '.file == $f and .name == $n and .["connector.class"] == "FileStreamSource"' >/dev/null ||
  fail "connector config read from the Java worker's config topic: $r"

log "new lines flow through connectd"
seq -f "migrated line %06g" $((lines + 1)) $((lines + 20000)) >>"$WORK/in.txt"
wait_lines "$WORK/out.txt" $((lines + 20000)) 90
for ((i = 0; i < 30; i++)); do
  missing=$(missing_lines "$WORK/in.txt" "$WORK/out.txt")
  [ "$missing" = 0 ] && break
  sleep 1
done
[ "$missing" = 0 ] || fail "$missing lines lost across the migration"
sleep 2 # any re-sent line would land now
dups=$(count_dups "$WORK/out.txt")
echo "migration: 0 lost, $dups duplicate line(s) in $(wc -l <"$WORK/out.txt")"
# Re-reading the file or the topic from the start (offsets not taken over)
# would duplicate all $lines old lines; a few batches at most are tolerable.
[ "$dups" -le 1000 ] || fail "$dups duplicates: connectd did not resume from the Java worker's offsets"
wait_state "$port" "$parked" PAUSED 5
stop_named_worker connectd TERM
