# ${file:...} and ${env:...} resolve at start; REST shows the raw value and
# the log never shows the secret.
. "$ROOT/tests/integration/lib.sh"

port=$(free_port)
topic=$(uniq providers)
printf 'out.file=%s\npassword=hunter2-s3cr3t\n' "$WORK/secret-out.txt" >"$WORK/secrets.properties"
echo "provided" | sed 's/^/{"schema":{"type":"string","optional":false},"payload":"/; s/$/"}/' | produce "$topic"
write_worker worker.properties "$port" \
  "config.providers=file,env" \
  "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider" \
  "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider"
cat >sink.properties <<P
name=sink
connector.class=FileStreamSink
file=\${file:$WORK/secrets.properties:out.file}
topics=\${env:CONNECTD_TEST_TOPIC}
some.password=\${file:$WORK/secrets.properties:password}
P
CONNECTD_TEST_TOPIC=$topic start_worker worker.log worker.properties sink.properties
wait_http "$port"
wait_lines "$WORK/secret-out.txt" 1 60
[ "$(cat "$WORK/secret-out.txt")" = provided ] || fail "wrong content"
cfg=$(curl -fsS "http://127.0.0.1:$port/connectors/sink")
echo "$cfg" | jq -e --arg f "\${file:$WORK/secrets.properties:out.file}" '.config.file == $f' >/dev/null ||
  fail "REST shows a resolved value: $cfg"
! grep -q "hunter2-s3cr3t" worker.log || fail "a resolved secret was logged"
stop_worker "$WORKER_PID"
