# Three distributed workers on one machine form one Connect group: work is
# spread over all of them, any worker answers any REST call (writes are
# forwarded to the leader), the internal topics hold Kafka Connect's exact
# formats, and a worker stopped with SIGTERM hands its tasks over at once.
. "$ROOT/tests/integration/lib.sh"
# Any other failing command (e.g. curl finding a worker gone) says where.
trap 'rc=$?; echo "FAILED: exit $rc at line $LINENO: $BASH_COMMAND" >&2' ERR

group=$(uniq dist-group)
prefix=$(uniq dist)
topic=$(uniq dist-data)
sp=$(uniq spread) # unique: sink consumer groups (connect-<name>) live on the shared broker
ports=() urls=()
for w in 1 2 3; do
  ports[w]=$(free_port)
  urls[w]="http://127.0.0.1:${ports[w]}"
  write_distributed_worker "w$w.properties" "${ports[w]}" "$group" "$prefix"
done
: >"$WORK/idle.txt"
# Three partitions, so that three sink tasks each get one.
"$ROOT/tests/services/kafka" topics --create --topic "$topic" --partitions 3 --replication-factor 1 >/dev/null ||
  fail "could not create topic $topic"

for w in 1 2 3; do start_named_worker "w$w" "w$w.properties"; done
for w in 1 2 3; do wait_named_http "w$w" "${ports[w]}" 30; done

log "a sink with tasks.max=3, created through worker 1, runs on all three workers"
sink_cfg="{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"3\",\"file\":\"$WORK/out.txt\",\"topics\":\"$topic\",\"key.converter\":\"org.apache.kafka.connect.storage.StringConverter\",\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\"}"
# The first create may meet the group while it is still forming (409, as
# Kafka's workers answer then); it must succeed within the rebalance.
for ((i = 0; i < 100; i++)); do
  r=$(http POST "${urls[1]}/connectors" "{\"name\":\"$sp\",\"config\":$sink_cfg}")
  [ "${r%% *}" = 409 ] || break
  sleep 0.3
done
expect_http "$r" 201
echo "${r#* }" | jq -e --arg n "$sp" '.name == $n and .type == "sink" and .config.name == $n' >/dev/null ||
  fail "create answer: $r"
all_three=$(printf '"127.0.0.1:%s",' "${ports[1]}" "${ports[2]}" "${ports[3]}")
all_three="[${all_three%,}] | sort"
t0=$(date +%s.%N)
wait_status "${ports[3]}" "$sp" \
  ".connector.state == \"RUNNING\" and (.tasks | length) == 3 and all(.tasks[]; .state == \"RUNNING\")
   and ([.tasks[].worker_id] | sort) == ($all_three)" 30
log "3 tasks RUNNING on 3 distinct workers after $(elapsed "$t0")s: $(status_json "${ports[3]}" "$sp" | jq -c '[.tasks[] | {id, worker_id}]')"
seq -f "spread %g" 1 3000 | produce "$topic"
wait_lines "$WORK/out.txt" 3000 30
[ "$(sort -u "$WORK/out.txt" | wc -l)" = 3000 ] || fail "the three sink tasks wrote $(sort -u "$WORK/out.txt" | wc -l) distinct lines, expected 3000"

log "any worker serves reads: config and status through workers 2 and 3"
for w in 2 3; do
  r=$(http GET "${urls[w]}/connectors/$sp/config")
  expect_http "$r" 200
  [ "$(echo "${r#* }" | jq -S -c .)" = "$(echo "$sink_cfg" | jq -S -c --arg n "$sp" '. + {name: $n}')" ] ||
    fail "config through worker $w: $r"
  r=$(http GET "${urls[w]}/connectors/$sp/tasks")
  expect_http "$r" 200
  [ "$(echo "${r#* }" | jq -c '[.[].id.task]')" = '[0,1,2]' ] || fail "tasks through worker $w: $r"
done

log "writes sent to any worker are forwarded to the leader"
src_cfg() { echo "{\"name\":\"$1\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/idle.txt\",\"topic\":\"$topic-$1\"}}"; }
r=$(http POST "${urls[2]}/connectors" "$(src_cfg via2)")
expect_http "$r" 201
echo "${r#* }" | jq -e '.name == "via2" and .type == "source"' >/dev/null || fail "create via worker 2: $r"
expect_http "$(http POST "${urls[3]}/connectors" "$(src_cfg via3)")" 201
expect_http "$(http POST "${urls[2]}/connectors" "$(src_cfg via3)")" 409 '{"error_code":409,"message":"Connector via3 already exists"}'
expect_http "$(http PUT "${urls[3]}/connectors/via2/config" "$(src_cfg via2 | jq -c '.config + {"batch.size": "100"}')")" 200
r=$(http GET "${urls[1]}/connectors")
[ "$(echo "${r#* }" | jq -c sort)" = "$(jq -cn --arg n "$sp" '[$n, "via2", "via3"] | sort')" ] || fail "GET /connectors via worker 1: $r"
wait_state "${ports[1]}" via3 RUNNING 30
# pause is not forwarded: any worker writes the target state itself.
expect_http "$(http PUT "${urls[2]}/connectors/via3/pause")" 202 ''
wait_state "${ports[1]}" via3 PAUSED 30
[ "$(curl -fsS "${urls[1]}/connectors/via2/config" | jq -r '.["batch.size"]')" = 100 ] ||
  fail "PUT config through worker 3 not visible through worker 1"

log "?forward=false: only the leader accepts a write, the others answer 409"
leader="" try=0
while [ -z "$leader" ] && [ $((try += 1)) -le 5 ]; do
  codes=() bodies=()
  for w in 1 2 3; do
    r=$(http POST "${urls[w]}/connectors?forward=false" "$(src_cfg "probe$try-$w")")
    codes[w]=${r%% *} bodies[w]=${r#* }
  done
  created=0
  for w in 1 2 3; do [ "${codes[w]}" = 201 ] && { created=$((created + 1)); leader=$w; }; done
  [ "$created" = 1 ] && break
  # More than one 201 would mean more than one leader.
  [ "$created" -le 1 ] || fail "forward=false create succeeded on $created workers: ${codes[*]}"
  leader=""
  log "no leader found (codes ${codes[*]}), a rebalance may be under way; again"
  sleep 2
done
[ -n "$leader" ] || fail "no worker accepted a forward=false create; codes ${codes[*]}, bodies ${bodies[*]}"
for w in 1 2 3; do
  [ "$w" = "$leader" ] && continue
  [ "${codes[w]} ${bodies[w]}" = '409 {"error_code":409,"message":"Cannot complete request because of a conflicting operation (e.g. worker rebalance)"}' ] ||
    fail "forward=false to non-leader worker $w: ${codes[w]} ${bodies[w]}"
done
log "leader is worker $leader (port ${ports[leader]})"

log "internal topics: compacted, with the configured partition counts"
desc=$("$ROOT/tests/services/kafka" topics --describe --topic "$prefix-.*" 2>/dev/null | grep '^Topic:' || true)
for t in configs:1 offsets:5 status:3; do
  line=$(echo "$desc" | grep -P "^Topic: \Q$prefix-${t%%:*}\E\t" || true)
  [ -n "$line" ] || fail "topic $prefix-${t%%:*} does not exist: $desc"
  echo "$line" | grep -q "PartitionCount: ${t#*:}	" || fail "wrong partition count: $line"
  echo "$line" | grep -q 'cleanup.policy=compact' && ! echo "$line" | grep -q 'cleanup.policy=compact,delete' ||
    fail "not cleanup.policy=compact: $line"
done

log "the config topic holds Kafka Connect's records (read with kafka-console-consumer)"
configs=$("$ROOT/tests/services/kafka" console-consumer --topic "$prefix-configs" --from-beginning \
  --property print.key=true --property key.separator=' => ' --timeout-ms 8000 2>/dev/null || true)
value_of() { # value_of KEY RECORDS: the value of KEY's last record in RECORDS
  printf '%s\n' "$2" | awk -v k="$1 => " 'index($0, k) == 1 { v = substr($0, length(k) + 1) } END { print v }'
}
line_of() { printf '%s\n' "$configs" | grep -n -m1 -F "$1 => " | cut -d: -f1; }
v=$(value_of connector-$sp "$configs")
echo "$v" | jq -e --argjson c "$sink_cfg" --arg n "$sp" '.properties == ($c + {name: $n}) and (keys == ["properties"])' >/dev/null ||
  fail "connector-$sp record: $v"
for n in 0 1 2; do
  v=$(value_of "task-$sp-$n" "$configs")
  echo "$v" | jq -e --arg t "$topic" '.properties["task.class"] == "org.apache.kafka.connect.file.FileStreamSinkTask" and .properties.topics == $t' >/dev/null ||
    fail "task-$sp-$n record: $v"
  [ -n "$(line_of "task-$sp-$n")" ] && [ "$(line_of "task-$sp-$n")" -lt "$(line_of commit-$sp)" ] ||
    fail "task-$sp-$n is not written before commit-$sp"
done
[ "$(value_of commit-$sp "$configs")" = '{"tasks":3}' ] || fail "commit-$sp record: $(value_of commit-$sp "$configs")"
[ "$(value_of commit-via2 "$configs")" = '{"tasks":1}' ] || fail "commit-via2 record: $(value_of commit-via2 "$configs")"
[ "$(value_of target-state-via3 "$configs")" = '{"state":"PAUSED","state.v2":"PAUSED"}' ] ||
  fail "target-state-via3 record: $(value_of target-state-via3 "$configs")"

log "the status topic holds Kafka Connect's status records"
statuses=$("$ROOT/tests/services/kafka" console-consumer --topic "$prefix-status" --from-beginning \
  --property print.key=true --property key.separator=' => ' --timeout-ms 8000 2>/dev/null || true)
st=$(status_json "${ports[1]}" "$sp")
for key in connector task-0 task-1 task-2; do
  if [ "$key" = connector ]; then
    rec=status-connector-$sp want=$(echo "$st" | jq -r .connector.worker_id)
  else
    rec=status-task-$sp-${key#task-} want=$(echo "$st" | jq -r --argjson i "${key#task-}" '.tasks[] | select(.id == $i) | .worker_id')
  fi
  v=$(value_of "$rec" "$statuses")
  case "$v" in
    "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"$want\",\"generation\":"*) ;;
    *) fail "$rec record: '$v' (expected RUNNING on $want, Kafka's field order)";;
  esac
  echo "$v" | jq -e '.generation | type == "number" and . >= 0' >/dev/null || fail "$rec generation: $v"
done

log "SIGTERM the leader: a new leader takes over and its work moves at once"
victim=$leader
reader=$(( leader == 1 ? 2 : 1 ))
other=$(( 6 - victim - reader ))
gone="127.0.0.1:${ports[victim]}"
echo "$st" | jq -e --arg g "$gone" '[.tasks[] | select(.worker_id == $g)] | length >= 1' >/dev/null ||
  fail "worker $victim runs no task of $sp: $st"
t0=$(date +%s.%N)
stop_named_worker "w$victim" TERM
wait_status "${ports[reader]}" "$sp" \
  "(.tasks | length) == 3 and all(.tasks[]; .state == \"RUNNING\" and .worker_id != \"$gone\")
   and .connector.state == \"RUNNING\" and .connector.worker_id != \"$gone\"" 15
log "handover after SIGTERM of worker $victim took $(elapsed "$t0")s: $(status_json "${ports[reader]}" "$sp" | jq -c '[.tasks[] | {id, worker_id}]')"
wait_state "${ports[reader]}" via3 PAUSED 15
wait_state "${ports[reader]}" via2 RUNNING 15
seq -f "after %g" 1 300 | produce "$topic"
wait_lines "$WORK/out.txt" 3300 30
# Writes still work through either survivor: they found the new leader.
expect_http "$(http POST "${urls[reader]}/connectors" "$(src_cfg after1)")" 201
expect_http "$(http DELETE "${urls[other]}/connectors/after1")" 204 ''
r=$(http GET "${urls[other]}/connectors")
[ "$(echo "${r#* }" | jq -c '[.[] | select(startswith("probe") | not)] | sort')" = "$(jq -cn --arg n "$sp" '[$n, "via2", "via3"] | sort')" ] ||
  fail "GET /connectors after the handover: $r"

log "worker $victim comes back: the leader gives it its share again"
t0=$(date +%s.%N)
start_named_worker "w$victim" "w$victim.properties" "w$victim-again.log"
wait_named_http "w$victim" "${ports[victim]}" 30
# Five tasks over three workers: the returning one must get at least one
# (incremental rebalancing revokes it from a survivor and assigns it in
# the follow-up round), and nobody may hold more than two.
back="127.0.0.1:${ports[victim]}"
tasks_per_worker() {
  local n
  for n in "$sp" via2 via3; do status_json "${ports[reader]}" "$n" | jq -r '.tasks[] | select(.state == "RUNNING" or .state == "PAUSED") | .worker_id'; done |
    sort | command uniq -c
}
balanced_again() {
  local t
  t=$(tasks_per_worker)
  echo "$t" | grep -q " $back\$" && [ "$(echo "$t" | awk '{ s += $1 } END { print s }')" = 5 ] &&
    [ "$(echo "$t" | awk '$1 > 2' | wc -l)" = 0 ]
}
WAIT_DIAG='tasks_per_worker'
wait_until 30 "worker $victim got no task back after its restart" balanced_again
unset WAIT_DIAG
log "worker $victim runs a task again $(elapsed "$t0")s after its restart: $(tasks_per_worker | tr '\n' ';')"
seq -f "back %g" 1 300 | produce "$topic"
wait_lines "$WORK/out.txt" 3600 30

stop_named_workers TERM "${!NAMED_PID[@]}"
