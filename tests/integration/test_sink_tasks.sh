# A sink with tasks.max=3 on a 3-partition topic: three tasks share the
# partitions through the consumer group, and together write every record.
# A second sink subscribes by topics.regex.
. "$ROOT/tests/integration/lib.sh"

topic=$(uniq multi)
port=$(free_port)
"$ROOT/tests/services/kafka" topics --create --topic "$topic" --partitions 3 --replication-factor 1 >/dev/null
seq -f "record %g" 1 30000 >"$WORK/in.txt"
produce "$topic" <"$WORK/in.txt"
write_worker worker.properties "$port" \
  "value.converter=org.apache.kafka.connect.storage.StringConverter"
cat >sink.properties <<P
name=sink
connector.class=FileStreamSink
tasks.max=3
file=$WORK/out.txt
topics=$topic
P
# Matches this test's topic only (other runs on the same broker use other
# numbers), but as a pattern, with Java regex syntax (\d, a lazy quantifier).
pattern="${topic%%-*}-${topic#*-}"; pattern="${pattern%-*}-\\\\d+?" # \\ is one backslash in a .properties file
cat >regex.properties <<P
name=regex-sink
connector.class=FileStreamSink
file=$WORK/regex.txt
topics.regex=$pattern
P
start_worker worker.log worker.properties sink.properties regex.properties
wait_http "$port"
wait_state "$port" sink RUNNING
n=$(curl -fsS "http://127.0.0.1:$port/connectors/sink/status" | jq '.tasks | length')
[ "$n" = 3 ] || fail "expected 3 sink tasks, got $n"
wait_lines "$WORK/out.txt" 30000 90
wait_lines "$WORK/regex.txt" 30000 90
sort "$WORK/in.txt" >expected.txt
sort "$WORK/out.txt" | cmp - expected.txt || fail "the three tasks did not write every record exactly once"
sort "$WORK/regex.txt" | cmp - expected.txt || fail "the regex subscription missed records"
# Each of the three tasks gets partitions once the group has settled.
for ((i = 0; i < 300; i++)); do
  assigned=$(grep -o '\[sink|task-[0-9]*\].*Assigned [1-9]' worker.log | cut -d']' -f1 | sort -u | wc -l)
  [ "$assigned" -ge 3 ] && break
  sleep 0.1
done
[ "$assigned" -ge 3 ] || fail "only $assigned sink task(s) were assigned partitions"
stop_worker "$WORKER_PID"
