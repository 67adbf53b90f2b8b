# SIGKILL mid-stream, restart: no line is lost; duplicates are counted.
. "$ROOT/tests/integration/lib.sh"

topic=$(uniq kill)
port=$(free_port)
seq -f "row %g" 1 200000 >"$WORK/in.txt"
# A killed consumer holds its partitions until its session times out.
write_worker worker.properties "$port" consumer.session.timeout.ms=6000 consumer.heartbeat.interval.ms=1000
cat >source.properties <<P
name=src
connector.class=FileStreamSource
file=$WORK/in.txt
topic=$topic
batch.size=500
P
cat >sink.properties <<P
name=sink
connector.class=FileStreamSink
file=$WORK/out.txt
topics=$topic
P
start_worker worker.log worker.properties source.properties sink.properties
wait_http "$port"
wait_lines "$WORK/out.txt" 20000 60
kill -KILL "$WORKER_PID"
wait "$WORKER_PID" 2>/dev/null || true
log "killed with $(wc -l <"$WORK/out.txt") lines written"

start_worker worker2.log worker.properties source.properties sink.properties
wait_http "$port"
# Every input line must appear at least once.
wait_lines "$WORK/out.txt" 200000 120
for ((i = 0; i < 30; i++)); do
  missing=$(sort -u "$WORK/out.txt" | comm -23 <(sort -u "$WORK/in.txt") - | wc -l)
  [ "$missing" = 0 ] && break
  sleep 1
done
[ "$missing" = 0 ] || fail "$missing lines lost after SIGKILL"
sleep 2 # let any redelivered duplicates land before counting
total=$(wc -l <"$WORK/out.txt")
dups=$((total - 200000))
echo "after SIGKILL: 0 lost, $dups duplicate line(s)"
stop_worker "$WORKER_PID"
