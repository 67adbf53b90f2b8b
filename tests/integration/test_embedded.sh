# bootstrap.servers=embedded: file -> in-process cluster -> file, no broker.
. "$ROOT/tests/integration/lib.sh"

port=$(free_port)
seq -f "embedded %g" 1 1000 >"$WORK/in.txt"
KAFKA_BOOTSTRAP=embedded write_worker worker.properties "$port"
cat >source.properties <<P
name=src
connector.class=FileStreamSource
file=$WORK/in.txt
topic=demo
P
cat >sink.properties <<P
name=sink
connector.class=FileStreamSink
file=$WORK/out.txt
topics=demo
P
start_worker worker.log worker.properties source.properties sink.properties
wait_http "$port"
grep -q "embedded Kafka cluster at 127.0.0.1:" worker.log || fail "no embedded address printed"
grep -q "NOTHING IS DURABLE" worker.log || fail "no durability warning"
wait_lines "$WORK/out.txt" 1000 60
cmp "$WORK/in.txt" "$WORK/out.txt" || fail "embedded pipeline output differs"
stop_worker "$WORKER_PID"
