# A broken .so in plugin.path is skipped with a log line; a custom connector
# built out of tree against include/ only shows up and runs.
. "$ROOT/tests/integration/lib.sh"

plugdir=$WORK/plugins
mkdir -p "$plugdir/counter"
cp "$CONNECTD_PLUGIN_DIR"/connectd-file.so "$plugdir/"
echo "this is not an ELF file" >"$plugdir/broken.so"
printf 'int not_a_plugin(void) { return 1; }\n' >notplugin.c
cc -shared -fPIC -o "$plugdir/notplugin.so" notplugin.c

# Build the example exactly as its README says, from a copy outside the tree.
cp -r "$ROOT/plugins/example" "$WORK/example"
make -C "$WORK/example" CONNECTD_INCLUDE="$ROOT/include" >build.log 2>&1 || { cat build.log; fail "example build"; }
cp "$WORK/example/counter-source.so" "$plugdir/counter/"

port=$(free_port)
topic=$(uniq counter)
write_worker worker.properties "$port"
sed -i "s|^plugin.path=.*|plugin.path=$plugdir|" worker.properties
start_worker worker.log worker.properties
wait_http "$port"
grep -q "Skipping plugin library $plugdir/broken.so" worker.log || fail "broken.so not reported"
grep -q "Skipping plugin library $plugdir/notplugin.so" worker.log || fail "notplugin.so not reported"

plugins=$(curl -fsS "http://127.0.0.1:$port/connector-plugins")
echo "$plugins" | jq -e 'any(.[]; .class == "com.example.CounterSourceConnector" and .type == "source")' >/dev/null ||
  fail "example connector not listed: $plugins"
echo "$plugins" | jq -e 'any(.[]; .class == "org.apache.kafka.connect.file.FileStreamSinkConnector")' >/dev/null ||
  fail "file connectors not listed: $plugins"

r=$(http POST "http://127.0.0.1:$port/connectors" \
  "{\"name\":\"counter\",\"config\":{\"connector.class\":\"CounterSource\",\"topic\":\"$topic\",\"interval.ms\":\"10\",\"max.count\":\"5\"}}")
[ "${r%% *}" = 201 ] || fail "create counter: $r"
wait_state "$port" counter RUNNING
got=$(consume "$topic" 5 | jq -r .payload | tr '\n' ' ')
[ "$got" = "count-1 count-2 count-3 count-4 count-5 " ] || fail "counter produced: $got"
stop_worker "$WORKER_PID"
