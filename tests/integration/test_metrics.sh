# GET /metrics after a file -> Kafka -> file pipeline: the task counters
# equal the line count, offsets were committed, and the answer is valid
# Prometheus text with its content type.
. "$ROOT/tests/integration/lib.sh"

lines=2000
topic=$(uniq metrics)
# Unique names: a sink group left behind by a killed run would delay ours.
srcname=$(uniq msrc)
sinkname=$(uniq msink)
port=$(free_port)
seq -f "metrics line %g" 1 "$lines" >"$WORK/in.txt"
write_worker worker.properties "$port"
cat >source.properties <<P
name=$srcname
connector.class=FileStreamSource
tasks.max=1
file=$WORK/in.txt
topic=$topic
P
cat >sink.properties <<P
name=$sinkname
connector.class=FileStreamSink
tasks.max=1
file=$WORK/out.txt
topics=$topic
P
start_worker worker.log worker.properties source.properties sink.properties
wait_http "$port"
wait_state "$port" "$srcname" RUNNING
wait_state "$port" "$sinkname" RUNNING
wait_lines "$WORK/out.txt" "$lines" 120
cmp "$WORK/in.txt" "$WORK/out.txt" || fail "output differs from input"

url="http://127.0.0.1:$port/metrics"
# value NAME LABELS: the sample's value, or empty.
value() {
  grep -F "$1{$2} " "$WORK/metrics.txt" | head -n1 | awk '{print $NF}'
}
fetch() { curl -fsS "$url" >"$WORK/metrics.txt" || fail "GET /metrics failed"; }

# Acknowledgements and commits trail the data by up to a flush interval.
src="connector=\"$srcname\",task=\"0\""
snk="connector=\"$sinkname\",task=\"0\""
ok=0
for ((i = 0; i < 300; i++)); do
  fetch
  if [ "$(value connectd_source_record_poll_total "$src")" = "$lines" ] &&
     [ "$(value connectd_source_record_write_total "$src")" = "$lines" ] &&
     [ "$(value connectd_sink_record_read_total "$snk")" = "$lines" ] &&
     [ "$(value connectd_sink_record_send_total "$snk")" = "$lines" ] &&
     [ "$(value connectd_task_offset_commit_success_total "$src")" -gt 0 ] &&
     [ "$(value connectd_task_offset_commit_success_total "$snk")" -gt 0 ] &&
     [ "$(value connectd_sink_record_active "$snk")" = 0 ] &&
     [ "$(value connectd_source_record_active "$src")" = 0 ]; then
    ok=1
    break
  fi
  sleep 0.1
done
[ "$ok" = 1 ] || fail "metrics did not reach $lines records and a commit: $(grep -E '^connectd_(source|sink)_record|^connectd_task_offset_commit' "$WORK/metrics.txt")"

# Nothing failed and nothing is counted twice.
[ "$(value connectd_task_offset_commit_failure_total "$src")" = 0 ] || fail "source commit failures"
[ "$(value connectd_task_record_errors_total "$snk")" = 0 ] || fail "sink record errors"
[ "$(value connectd_sink_partitions "$snk")" = 1 ] || fail "sink partition count"
[ "$(value connectd_source_poll_batch_seconds_count "$src")" -gt 0 ] || fail "no poll batches timed"
[ "$(value connectd_sink_put_batch_seconds_count "$snk")" -gt 0 ] || fail "no put batches timed"
grep -qx 'connectd_worker_connectors 2' "$WORK/metrics.txt" || fail "connector count"
grep -qx 'connectd_worker_tasks 2' "$WORK/metrics.txt" || fail "task count"
grep -qx 'connectd_worker_task_startup_success_total 2' "$WORK/metrics.txt" || fail "task startups"
grep -qxF "connectd_connector_tasks{connector=\"$srcname\",state=\"RUNNING\"} 1" "$WORK/metrics.txt" ||
  fail "running task count"
grep -qxF "connectd_task_status{$snk,state=\"RUNNING\"} 1" "$WORK/metrics.txt" ||
  fail "task status"
grep -qF "connectd_connector_info{connector=\"$sinkname\",class=\"FileStreamSink\",type=\"sink\"," \
  "$WORK/metrics.txt" || fail "connector info"
grep -qE '^process_resident_memory_bytes [1-9]' "$WORK/metrics.txt" || fail "process memory"
grep -qx '# TYPE connectd_source_record_poll_total counter' "$WORK/metrics.txt" || fail "TYPE line"

# The exposition format: every sample sits in the family its TYPE line
# declared (summaries add _sum/_count), each family is declared once.
python3 - "$WORK/metrics.txt" <<'PY' || fail "invalid exposition format"
import re, sys
family, kind, seen = None, None, set()
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("# HELP "):
        continue
    m = re.match(r"# TYPE (\S+) (counter|gauge|summary)$", line)
    if m:
        family, kind = m.groups()
        assert family not in seen, family
        seen.add(family)
        continue
    m = re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$', line)
    assert m, line
    name = m.group(1)
    ok = name == family or (kind == "summary" and name in (family + "_sum", family + "_count"))
    assert ok, line
    float(m.group(3))
PY

ct=$(curl -fsS -o /dev/null -w '%{content_type}' "$url")
[ "$ct" = 'text/plain; version=0.0.4; charset=utf-8' ] || fail "content type: $ct"

stop_worker "$WORKER_PID"
