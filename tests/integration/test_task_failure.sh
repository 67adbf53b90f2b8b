# errors.tolerance=none: a poison record fails its task with a trace in the
# status; other connectors keep running.
. "$ROOT/tests/integration/lib.sh"

bad=$(uniq fail-in)
good=$(uniq ok-in)
port=$(free_port)
write_worker worker.properties "$port"
echo 'not json at all' | produce "$bad"
echo '{"schema":{"type":"string","optional":false},"payload":"fine"}' | produce "$good"
cat >bad.properties <<P
name=bad-sink
connector.class=FileStreamSink
file=$WORK/bad.txt
topics=$bad
P
cat >good.properties <<P
name=good-sink
connector.class=FileStreamSink
file=$WORK/good.txt
topics=$good
P
start_worker worker.log worker.properties bad.properties good.properties
wait_http "$port"
for ((i = 0; i < 300; i++)); do
  st=$(curl -fsS "http://127.0.0.1:$port/connectors/bad-sink/status")
  [ "$(echo "$st" | jq -r '.tasks[0].state')" = FAILED ] && break
  sleep 0.1
done
echo "$st" | jq -e '.tasks[0].state == "FAILED"' >/dev/null || fail "task not FAILED: $st"
echo "$st" | jq -e '.tasks[0].trace | test("DataException")' >/dev/null || fail "no trace: $st"
echo "$st" | jq -e '.connector.state == "RUNNING"' >/dev/null || fail "connector state: $st"
wait_lines "$WORK/good.txt" 1 30
wait_state "$port" good-sink RUNNING
stop_worker "$WORKER_PID"
