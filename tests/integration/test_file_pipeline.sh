# file -> Kafka -> file: 100 000 lines arrive byte-identical, in order.
. "$ROOT/tests/integration/lib.sh"

topic=$(uniq pipeline)
port=$(free_port)
seq -f "line %06g: the quick brown fox jumps over the lazy dog" 1 100000 >"$WORK/in.txt"
write_worker worker.properties "$port"
cat >source.properties <<P
name=src
connector.class=FileStreamSource
tasks.max=1
file=$WORK/in.txt
topic=$topic
P
cat >sink.properties <<P
name=sink
connector.class=org.apache.kafka.connect.file.FileStreamSinkConnector
tasks.max=1
file=$WORK/out.txt
topics=$topic
P
start_worker worker.log worker.properties source.properties sink.properties
wait_http "$port"
wait_state "$port" src RUNNING
wait_state "$port" sink RUNNING
wait_lines "$WORK/out.txt" 100000 120
cmp "$WORK/in.txt" "$WORK/out.txt" || fail "output differs from input"

# The records in Kafka are Kafka Connect's JSON envelope.
first=$(consume "$topic" 1)
[ "$first" = '{"schema":{"type":"string","optional":false},"payload":"line 000001: the quick brown fox jumps over the lazy dog"}' ] ||
  fail "unexpected record in Kafka: $first"

stop_worker "$WORKER_PID"
# The offsets file holds Kafka Connect's offset-topic bytes: the position
# after the last line (100 000 lines of 57 bytes).
jq -e --arg k "[\"src\",{\"filename\":\"$WORK/in.txt\"}]" \
  '.entries[] | select(.[0] == $k) | .[1] == "{\"position\":5700000}"' "$WORK/offsets" >/dev/null ||
  fail "wrong source offset stored: $(cat "$WORK/offsets")"
