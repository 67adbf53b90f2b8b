# A whole distributed cluster (two workers) is stopped with SIGTERM and
# started again: the internal topics are its only memory. The connectors,
# their target states (RUNNING, PAUSED, STOPPED) and the source's committed
# offset all come back: new input lines appear once, old ones are not
# re-sent, and paused or stopped connectors move nothing.
. "$ROOT/tests/integration/lib.sh"
# Any other failing command (e.g. curl finding a worker gone) says where.
trap 'rc=$?; echo "FAILED: exit $rc at line $LINENO: $BASH_COMMAND" >&2' ERR

group=$(uniq rs-group)
prefix=$(uniq rs)
topic=$(uniq rs-data)
# unique sink names: sink consumer groups (connect-<name>) live on the shared broker
sink=$(uniq sink) held=$(uniq held)
ports=() urls=()
for w in 1 2; do
  ports[w]=$(free_port)
  urls[w]="http://127.0.0.1:${ports[w]}"
  write_distributed_worker "w$w.properties" "${ports[w]}" "$group" "$prefix"
done
seq -f "restart line %05g" 1 1000 >"$WORK/in.txt"
: >"$WORK/idle.txt"

start_all() { # start_all LOG_SUFFIX
  local w
  for w in 1 2; do start_named_worker "w$w" "w$w.properties" "w$w$1.log"; done
  for w in 1 2; do wait_named_http "w$w" "${ports[w]}" 30 "w$w$1.log"; done
}
start_all ""

create() { # create NAME CONFIG_FIELDS: through worker 2, retried while the group forms
  local r i
  for ((i = 0; i < 100; i++)); do
    r=$(http POST "${urls[2]}/connectors" "{\"name\":\"$1\",\"config\":{$2}}")
    [ "${r%% *}" = 409 ] || break
    sleep 0.3
  done
  expect_http "$r" 201
}
create src "\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\""
create "$sink" "\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\",\"file\":\"$WORK/out.txt\",\"topics\":\"$topic\""
create "$held" "\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\",\"file\":\"$WORK/held.txt\",\"topics\":\"$topic\""
create parked "\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/idle.txt\",\"topic\":\"$topic-parked\""
wait_lines "$WORK/out.txt" 1000 60
wait_lines "$WORK/held.txt" 1000 60
wait_state "${ports[1]}" parked RUNNING 30
expect_http "$(http PUT "${urls[1]}/connectors/parked/pause")" 202 ''
expect_http "$(http PUT "${urls[1]}/connectors/$held/stop")" 204 ''
wait_state "${ports[2]}" parked PAUSED 30
stopped="(.connector.state == \"STOPPED\") and (.tasks | length) == 0"
wait_status "${ports[2]}" "$held" "$stopped" 30
size=$(stat -c %s "$WORK/in.txt")
offsets="{\"offsets\":[{\"partition\":{\"filename\":\"$WORK/in.txt\"},\"offset\":{\"position\":$size}}]}"
has_offset() { [ "$(curl -fsS "${urls[1]}/connectors/src/offsets")" = "$offsets" ]; }
WAIT_DIAG='curl -sS "${urls[1]}/connectors/src/offsets"' wait_until 15 "the source's offset never reached $size" has_offset
# The offsets topic holds Kafka Connect's record for it.
rec=$(topic_dump "$prefix-offsets" | grep -F "[\"src\",{\"filename\":\"$WORK/in.txt\"}] => " | tail -n 1)
[ "$rec" = "[\"src\",{\"filename\":\"$WORK/in.txt\"}] => {\"position\":$size}" ] ||
  fail "offsets topic record: '$rec'"

log "SIGTERM both workers, start them again"
stop_named_workers TERM w1 w2
start_all 2
want=$(printf '%s\n' "$held" parked "$sink" src | jq -Rsc 'split("\n") | map(select(. != "")) | sort')

for w in 1 2; do
  r=$(http GET "${urls[w]}/connectors")
  for ((i = 0; i < 50; i++)); do
    [ "$(echo "${r#* }" | jq -c sort 2>/dev/null)" = "$want" ] && break
    sleep 0.2
    r=$(http GET "${urls[w]}/connectors")
  done
  [ "$(echo "${r#* }" | jq -c sort)" = "$want" ] || fail "GET /connectors through worker $w after the restart: $r"
done
wait_state "${ports[1]}" src RUNNING 60
wait_state "${ports[1]}" "$sink" RUNNING 60
wait_state "${ports[2]}" parked PAUSED 60
wait_status "${ports[2]}" "$held" "$stopped" 30
r=$(http GET "${urls[2]}/connectors/src/offsets")
expect_http "$r" 200 "$offsets"

log "new lines once, old lines never again; paused and stopped stay still"
seq -f "restart line %05g" 1001 1500 >>"$WORK/in.txt"
echo "must not move" >>"$WORK/idle.txt"
wait_lines "$WORK/out.txt" 1500 60
sleep 3 # a re-sent line would arrive now
cmp -s "$WORK/in.txt" "$WORK/out.txt" || fail "after the restart out.txt is not in.txt: $(wc -l <"$WORK/out.txt") lines, \
$(count_dups "$WORK/out.txt") duplicate(s), $(missing_lines "$WORK/in.txt" "$WORK/out.txt") missing"
n=$(count_messages "$topic")
[ "$n" = 1500 ] || fail "topic $topic holds $n records, expected 1500 (old lines re-sent?)"
[ "$(wc -l <"$WORK/held.txt")" = 1000 ] || fail "the STOPPED sink wrote after the restart: $(wc -l <"$WORK/held.txt") lines"
[ "$(count_messages "$topic-parked")" = 0 ] || fail "the PAUSED source produced after the restart"

log "the stopped sink resumes from its committed offsets"
expect_http "$(http PUT "${urls[1]}/connectors/$held/resume")" 202 ''
wait_lines "$WORK/held.txt" 1500 60
sleep 2
cmp -s "$WORK/in.txt" "$WORK/held.txt" || fail "resumed sink: $(wc -l <"$WORK/held.txt") lines, $(count_dups "$WORK/held.txt") duplicate(s)"

stop_named_workers TERM w1 w2
