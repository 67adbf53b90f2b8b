# A poison record with errors.tolerance=all goes to the DLQ with Kafka's
# __connect.errors.* headers while the good records flow on.
. "$ROOT/tests/integration/lib.sh"

topic=$(uniq dlq-in)
dlq=$(uniq dlq-out)
port=$(free_port)
write_worker worker.properties "$port"
echo '{"schema":{"type":"string","optional":false},"payload":"good 1"}' | produce "$topic"
# The poison record carries a header of its own, which the DLQ must keep.
echo 'this is not json' | kcat -P -b "$KAFKA_BOOTSTRAP" -t "$topic" -H "trace-id=abc-123"
# A good record with headers goes through the (default) SimpleHeaderConverter.
echo '{"schema":{"type":"string","optional":false},"payload":"good 2"}' |
  kcat -P -b "$KAFKA_BOOTSTRAP" -t "$topic" -H "n=42" -H "when=2023-11-14" -H "list=[1,2]"
cat >sink.properties <<P
name=sink
connector.class=FileStreamSink
file=$WORK/out.txt
topics=$topic
errors.tolerance=all
errors.log.enable=true
errors.deadletterqueue.topic.name=$dlq
errors.deadletterqueue.topic.replication.factor=1
errors.deadletterqueue.context.headers.enable=true
P
start_worker worker.log worker.properties sink.properties
wait_http "$port"
wait_lines "$WORK/out.txt" 2 60
[ "$(cat "$WORK/out.txt")" = "$(printf 'good 1\ngood 2')" ] || fail "sink wrote: $(cat "$WORK/out.txt")"

got=$(consume "$dlq" 1 '%s|%h\n')
log "DLQ record: $got"
case "$got" in "this is not json|"*) ;; *) fail "DLQ record value wrong: $got" ;; esac
for h in "trace-id=abc-123" "__connect.errors.topic=$topic" "__connect.errors.partition=0" "__connect.errors.offset=1" \
         "__connect.errors.connector.name=sink" "__connect.errors.task.id=0" \
         "__connect.errors.stage=VALUE_CONVERTER" \
         "__connect.errors.class.name=org.apache.kafka.connect.json.JsonConverter" \
         "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException"; do
  case "$got" in *"$h"*) ;; *) fail "DLQ record lacks header $h" ;; esac
done
grep -q "Error encountered in task sink-0. Executing stage 'VALUE_CONVERTER'" worker.log ||
  fail "errors.log.enable did not log the error"
curl -fsS "http://127.0.0.1:$port/connectors/sink/status" | jq -e '.tasks[0].state == "RUNNING"' >/dev/null ||
  fail "task not RUNNING after a tolerated error"
stop_worker "$WORKER_PID"
