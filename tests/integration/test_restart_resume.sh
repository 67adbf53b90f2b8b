# SIGTERM, append more lines, restart: every line exactly once.
. "$ROOT/tests/integration/lib.sh"

topic=$(uniq resume)
port=$(free_port)
seq -f "first %g" 1 20000 >"$WORK/in.txt"
write_worker worker.properties "$port"
cat >source.properties <<P
name=src
connector.class=FileStreamSource
file=$WORK/in.txt
topic=$topic
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
stop_worker "$WORKER_PID"

seq -f "second %g" 1 5000 >>"$WORK/in.txt"
start_worker worker2.log worker.properties source.properties sink.properties
wait_http "$port"
wait_lines "$WORK/out.txt" 25000 60
sleep 2 # anything extra (a duplicate) would arrive now
stop_worker "$WORKER_PID"
cmp "$WORK/in.txt" "$WORK/out.txt" || {
  echo "in: $(wc -l <"$WORK/in.txt") out: $(wc -l <"$WORK/out.txt")" >&2
  fail "lines lost or duplicated across a graceful restart"
}
