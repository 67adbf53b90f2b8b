# Failover: three workers run a file -> Kafka -> file pipeline of 1 000 000
# lines among other work; the worker running its sink task is killed with
# SIGKILL while lines flow. Its connectors and tasks must run again on the
# survivors within session.timeout.ms (6 s) plus a few seconds, and the
# output must end with every input line (at-least-once: duplicates are
# counted and reported, none may be lost).
. "$ROOT/tests/integration/lib.sh"
# Any other failing command (e.g. curl finding a worker gone) says where.
trap 'rc=$?; echo "FAILED: exit $rc at line $LINENO: $BASH_COMMAND" >&2' ERR

group=$(uniq fo-group)
prefix=$(uniq fo)
topic=$(uniq fo-data)
sink=$(uniq sink) # unique: sink consumer groups (connect-<name>) live on the shared broker
total=1000000 chunk=50000
ports=() urls=()
for w in 1 2 3; do
  ports[w]=$(free_port)
  urls[w]="http://127.0.0.1:${ports[w]}"
  # No consumer.session.timeout.ms: a sink's consumer takes the worker's
  # session.timeout.ms, so a killed worker's partitions are free as soon.
  write_distributed_worker "w$w.properties" "${ports[w]}" "$group" "$prefix" \
    session.timeout.ms=6000 heartbeat.interval.ms=1000
done
"$ROOT/tests/services/kafka" topics --create --topic "$topic" --partitions 3 --replication-factor 1 >/dev/null ||
  fail "could not create topic $topic"
: >"$WORK/in.txt"
: >"$WORK/idle.txt"

for w in 1 2 3; do start_named_worker "w$w" "w$w.properties"; done
for w in 1 2 3; do wait_named_http "w$w" "${ports[w]}" 30; done

create() { # create NAME CONFIG_FIELDS: through worker 1, retried while the group forms
  local r i
  for ((i = 0; i < 100; i++)); do
    r=$(http POST "${urls[1]}/connectors" "{\"name\":\"$1\",\"config\":{$2}}")
    [ "${r%% *}" = 409 ] || break
    sleep 0.3
  done
  expect_http "$r" 201
}
create src "\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\",\"batch.size\":\"2000\""
# tasks.max=1: a single task writes out.txt (batches go out with one write(2)).
create "$sink" "\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\",\"file\":\"$WORK/out.txt\",\"topics\":\"$topic\""
names=(src "$sink")
for n in 1 2 3 4; do
  create "idle$n" "\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/idle.txt\",\"topic\":\"$topic-idle$n\""
  names+=("idle$n")
done

# all_running PORT [GONE_WORKER_ID]: every connector and task RUNNING (and
# none on GONE_WORKER_ID).
all_running() {
  local n
  for n in "${names[@]}"; do
    status_matches "$1" "$n" "(.tasks | length) == 1 and .connector.state == \"RUNNING\"
      and all(.tasks[]; .state == \"RUNNING\") and ([.connector.worker_id, .tasks[].worker_id] | map(select(. == \"${2:-none}\")) | length) == 0" ||
      return 1
  done
}
# placement PORT: "worker_id kind" for every instance (kind: sink or src for
# the pipeline's tasks, other for the rest).
placement() {
  local n
  for n in "${names[@]}"; do
    status_json "$1" "$n" | jq -r --arg n "$n" --arg sink "$sink" '.connector.worker_id + " other",
      (.tasks[] | .worker_id + (if $n == "src" then " src" elif $n == $sink then " sink" else " other" end))'
  done
}
WAIT_DIAG='placement "${ports[1]}"'
wait_until 60 "the six connectors never all ran" all_running "${ports[1]}"
spread() { [ "$(placement "${ports[1]}" | cut -d' ' -f1 | sort -u | wc -l)" = 3 ]; }
wait_until 30 "work never spread over the three workers" spread

log "feeding $total lines in chunks of $chunk"
(
  for ((i = 0; i < total; i += chunk)); do
    seq -f "failover line %07g" $((i + 1)) $((i + chunk)) >>"$WORK/in.txt"
    sleep 0.5
  done
) &
WORKER_PIDS+=("$!")
feeder=$!
# About 3 s into the feed: periodic commits (offset.flush.interval.ms=1000)
# have happened, and lines still flow.
wait_lines "$WORK/out.txt" 300000 60

# The victim: the worker running the sink task (the source's too if it
# can), then the most work.
victim_id=$(placement "${ports[1]}" | awk '{ s[$1] += ($2 == "sink" ? 1000 : $2 == "src" ? 100 : 1) } END { for (w in s) print s[w], w }' |
  sort -rn | head -n 1 | cut -d' ' -f2)
victim=""
for w in 1 2 3; do [ "127.0.0.1:${ports[w]}" = "$victim_id" ] && victim=$w; done
[ -n "$victim" ] || fail "no worker matches $victim_id"
reader=$(( victim == 1 ? 2 : 1 ))
log "placement: $(placement "${ports[reader]}" | sort | command uniq -c | tr '\n' ';')"
at_kill=$(wc -l <"$WORK/out.txt")
log "SIGKILL worker $victim ($victim_id) with $at_kill lines written"
t0=$(date +%s.%N)
stop_named_worker "w$victim" KILL
kill -0 "$feeder" 2>/dev/null || log "(the feeder had already finished: lines were not flowing at the kill)"
# session.timeout.ms (6 s) for the group to notice, then a rebalance and
# the restarts: 15 s in all.
WAIT_DIAG='placement "${ports[reader]}"'
wait_until 15 "work of the killed worker did not resume on the survivors" all_running "${ports[reader]}" "$victim_id"
unset WAIT_DIAG
log "all work RUNNING on the survivors $(elapsed "$t0")s after the SIGKILL: $(placement "${ports[reader]}" | sort | command uniq -c | tr '\n' ';')"

wait "$feeder" || fail "the feeder failed"
# The data flows again as soon: every line is out within 40 s of the kill
# (a sink consumer holding on to its partitions for librdkafka's default
# 45 s session would miss this).
left=$(awk -v a="$(elapsed "$t0")" 'BEGIN { printf "%d", 40 - a }')
wait_lines "$WORK/out.txt" "$total" "$left"
log "every line out $(elapsed "$t0")s after the SIGKILL"
for ((i = 0; i < 30; i++)); do
  missing=$(missing_lines "$WORK/in.txt" "$WORK/out.txt")
  [ "$missing" = 0 ] && break
  sleep 1
done
[ "$(wc -l <"$WORK/in.txt")" = "$total" ] || fail "the feeder wrote $(wc -l <"$WORK/in.txt") lines"
[ "$missing" = 0 ] || fail "$missing lines lost after SIGKILL of worker $victim"
sleep 2 # any late duplicate lands now
dups=$(count_dups "$WORK/out.txt")
echo "failover: 0 lost, $dups duplicate line(s) in $(wc -l <"$WORK/out.txt")"
# At-least-once allows duplicates, but offsets are committed every second:
# re-sending everything written before the kill means nothing was committed.
[ "$dups" -lt "$at_kill" ] ||
  fail "$dups duplicates for $at_kill lines written before the SIGKILL: the killed worker committed no offsets"
stop_named_workers TERM "${!NAMED_PID[@]}"
