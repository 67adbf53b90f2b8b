# Two distributed workers reach Kafka only through an SSL listener
# (security.protocol=SSL, ssl.ca.location): they join one Connect group over
# TLS (the group membership speaks the protocol itself, the rest goes
# through librdkafka), share a sink's tasks, and move a file's lines through
# a source, a topic and a sink. Runs its own SSL-enabled broker, since the
# shared one has no SSL listener.
. "$ROOT/tests/integration/lib.sh"
trap 'rc=$?; echo "FAILED: exit $rc at line $LINENO: $BASH_COMMAND" >&2' ERR

# Our own broker: free ports, state under $WORK, stopped on exit.
export KAFKA_PORT KAFKA_SSL_PORT CONTROLLER_PORT KAFKA_STATE_DIR=$WORK/kafka-state
KAFKA_PORT=$(free_port)
CONTROLLER_PORT=$(free_port)
KAFKA_SSL_PORT=$(free_port)
stop_broker() { "$ROOT/tests/services/kafka" stop >/dev/null 2>&1 || true; }
trap 'cleanup_workers; stop_broker' EXIT
t0=$(date +%s.%N)
env_lines=$("$ROOT/tests/services/kafka" start) || fail "could not start the SSL broker"
eval "$env_lines"   # KAFKA_BOOTSTRAP (its PLAINTEXT listener, for kcat), KAFKA_SSL_BOOTSTRAP, KAFKA_SSL_CA
[ "$KAFKA_BOOTSTRAP" = "127.0.0.1:$KAFKA_PORT" ] && [ "$KAFKA_SSL_BOOTSTRAP" = "127.0.0.1:$KAFKA_SSL_PORT" ] &&
  [ -f "$KAFKA_SSL_CA" ] || fail "unexpected broker environment: $env_lines"
log "SSL broker up in $(elapsed "$t0")s at $KAFKA_SSL_BOOTSTRAP"

group=$(uniq ssl-group)
prefix=$(uniq ssl)
topic=$(uniq ssl-data)
ports=() urls=()
for w in 1 2; do
  ports[w]=$(free_port)
  urls[w]="http://127.0.0.1:${ports[w]}"
  write_distributed_worker "w$w.properties" "${ports[w]}" "$group" "$prefix" \
    "bootstrap.servers=$KAFKA_SSL_BOOTSTRAP" "security.protocol=SSL" "ssl.ca.location=$KAFKA_SSL_CA"
done
# Two partitions, so that both sink tasks get one.
"$ROOT/tests/services/kafka" topics --create --topic "$topic" --partitions 2 --replication-factor 1 >/dev/null ||
  fail "could not create topic $topic"
seq -f "tls line %g" 1 500 >"$WORK/in.txt"

for w in 1 2; do start_named_worker "w$w" "w$w.properties"; done
for w in 1 2; do wait_named_http "w$w" "${ports[w]}" 30; done

create() { # create NAME CONFIG_JSON: retried while the group forms (409)
  local r i
  for ((i = 0; i < 100; i++)); do
    r=$(http POST "${urls[1]}/connectors" "{\"name\":\"$1\",\"config\":$2}")
    [ "${r%% *}" = 409 ] || break
    sleep 0.3
  done
  expect_http "$r" 201
}
strings='"key.converter":"org.apache.kafka.connect.storage.StringConverter","value.converter":"org.apache.kafka.connect.storage.StringConverter"'
log "a sink with tasks.max=2 runs one task on each worker"
create sink "{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"2\",\"file\":\"$WORK/out.txt\",\"topics\":\"$topic\",$strings}"
both=$(printf '"127.0.0.1:%s",' "${ports[1]}" "${ports[2]}")
both="[${both%,}] | sort"
wait_status "${ports[2]}" sink \
  ".connector.state == \"RUNNING\" and (.tasks | length) == 2 and all(.tasks[]; .state == \"RUNNING\")
   and ([.tasks[].worker_id] | sort) == ($both)" 60
log "sink tasks: $(status_json "${ports[2]}" sink | jq -c '[.tasks[] | {id, worker_id}]')"

log "a source reads the file into the topic; the sink writes it out"
create source "{\"connector.class\":\"FileStreamSource\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\",$strings}"
wait_state "${ports[1]}" source RUNNING 30
wait_lines "$WORK/out.txt" 500 60
[ "$(missing_lines "$WORK/in.txt" "$WORK/out.txt")" = 0 ] || fail "lines missing from out.txt"
seq -f "tls later %g" 1 50 >>"$WORK/in.txt"
wait_lines "$WORK/out.txt" 550 30
[ "$(missing_lines "$WORK/in.txt" "$WORK/out.txt")" = 0 ] || fail "appended lines missing from out.txt"

log "both workers found the coordinator on the SSL listener and joined the group there"
for w in 1 2; do
  grep -q "Discovered group coordinator 127.0.0.1:$KAFKA_SSL_PORT " "w$w.log" ||
    fail "worker $w did not use the SSL listener for the group: $(grep -i coordinator "w$w.log" | tail -3)"
  grep -q "Successfully joined group" "w$w.log" || fail "worker $w never joined the group"
  ! grep -qi "security.protocol" "w$w.log" || fail "worker $w complained: $(grep -i security.protocol "w$w.log")"
done

log "SIGTERM: both leave the group over TLS and exit 0"
stop_named_workers TERM w1 w2
for w in 1 2; do
  grep -q "sending LeaveGroup request to coordinator 127.0.0.1:$KAFKA_SSL_PORT" "w$w.log" ||
    fail "worker $w sent no LeaveGroup over TLS"
done
stop_broker
log "done in $(elapsed "$t0")s"
