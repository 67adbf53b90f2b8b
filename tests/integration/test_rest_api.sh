# The REST endpoints of this step answer as Kafka Connect 4.3.1 does
# (status codes and JSON shapes of its recorded answers).
. "$ROOT/tests/integration/lib.sh"

port=$(free_port)
topic=$(uniq rest)
base="http://127.0.0.1:$port"
write_worker worker.properties "$port"
start_worker worker.log worker.properties
wait_http "$port"

expect() { # expect "STATUS BODY" STATUS [exact body]
  local got=$1 code=$2 body=${3-}
  [ "${got%% *}" = "$code" ] || fail "expected $code, got: $got"
  if [ $# -ge 3 ]; then [ "${got#* }" = "$body" ] || fail "expected body $body, got: ${got#* }"; fi
}

r=$(http GET "$base/")
expect "$r" 200
echo "${r#* }" | jq -e '.version == "4.3.1" and (.commit | type == "string") and (.kafka_cluster_id | length > 0)' >/dev/null ||
  fail "GET /: $r"
expect "$(http GET "$base/connectors")" 200 '[]'

src="{\"name\":\"file-source\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\"}}"
r=$(http POST "$base/connectors" "$src")
expect "$r" 201 "{\"name\":\"file-source\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\",\"name\":\"file-source\"},\"tasks\":[{\"connector\":\"file-source\",\"task\":0}],\"type\":\"source\"}"
loc=$(curl -sS -o /dev/null -D - -X POST -H 'Content-Type: application/json' -d "${src/file-source/file-source-2}" "$base/connectors" | tr -d '\r' | sed -n 's/^Location: //p')
[ "$loc" = "$base/connectors/file-source-2" ] || fail "Location header: $loc"

expect "$(http POST "$base/connectors" "$src")" 409 '{"error_code":409,"message":"Connector file-source already exists"}'
expect "$(http POST "$base/connectors" '{"name":"bad","config":{"tasks.max":"1"}}')" 400 \
  '{"error_code":400,"message":"Connector config {name=bad, tasks.max=1} contains no connector type"}'
r=$(http POST "$base/connectors" '{"name":"bad2","config":{"connector.class":"com.example.Nope"}}')
expect "$r" 400
echo "${r#* }" | jq -e '.message | startswith("Failed to find any class that implements Connector and which name matches com.example.Nope, available connectors are: PluginDesc{klass=class org.apache.kafka.connect.file.")' >/dev/null ||
  fail "unknown class message: $r"
expect "$(http POST "$base/connectors" '{"name":"bad3","config":{"connector.class":"FileStreamSource","tasks.max":"1"}}')" 400 \
  '{"error_code":400,"message":"Connector configuration is invalid and contains the following 1 error(s):\nMissing required configuration \"topic\" which has no default value.\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`"}'
r=$(http POST "$base/connectors" '{"name":')
expect "$r" 400
r=$(curl -sS -X POST -H 'Content-Type: text/plain' -d "$src" -w '\n%{http_code}' "$base/connectors")
[ "${r##*$'\n'}" = 415 ] || fail "text/plain: $r"

wait_state "$port" file-source RUNNING
r=$(http GET "$base/connectors/file-source/status")
expect "$r" 200 "{\"name\":\"file-source\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"}],\"type\":\"source\"}"
expect "$(http GET "$base/connectors/file-source/tasks/0/status")" 200 \
  "{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:$port\",\"version\":\"4.3.1\"}"
expect "$(http GET "$base/connectors/file-source/tasks/7/status")" 404 \
  '{"error_code":404,"message":"No status found for task file-source-7"}'
expect "$(http GET "$base/connectors")" 200 '["file-source","file-source-2"]'
r=$(http GET "$base/connector-plugins")
expect "$r" 200 '[{"class":"org.apache.kafka.connect.file.FileStreamSinkConnector","type":"sink","version":"4.3.1"},{"class":"org.apache.kafka.connect.file.FileStreamSourceConnector","type":"source","version":"4.3.1"}]'

expect "$(http DELETE "$base/connectors/file-source")" 204 ''
expect "$(http GET "$base/connectors/file-source")" 404 '{"error_code":404,"message":"Connector file-source not found"}'
expect "$(http DELETE "$base/connectors/nope")" 404 '{"error_code":404,"message":"Connector nope not found"}'
expect "$(http GET "$base/no/such/path")" 404 '{"error_code":404,"message":"HTTP 404 Not Found"}'
stop_worker "$WORKER_PID"
