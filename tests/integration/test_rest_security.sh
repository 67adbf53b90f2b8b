# REST security: an https listener (self-signed PEM keystore made with
# openssl) next to an http one, HTTP basic authentication from a JAAS file
# given the Java way (rest.extension.classes + KAFKA_OPTS), and a worker that
# refuses to start with a bad keystore.
. "$ROOT/tests/integration/lib.sh"
command -v openssl >/dev/null || fail "openssl is missing (scripts/install-deps installs it)"

# Server certificate for 127.0.0.1, and a PEM keystore: key then chain.
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
  -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>openssl.log ||
  { cat openssl.log; fail "openssl could not make a certificate"; }
cat key.pem cert.pem >keystore.pem
printf 'admin: s3cret\n# a comment\nops=0ps:pw\n' >creds.properties
cat >jaas.conf <<EOF
KafkaConnect {
  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required
  file="$WORK/creds.properties";
};
EOF

sport=$(free_port)
hport=$(free_port)
sbase="https://127.0.0.1:$sport"
write_worker worker.properties "$hport" \
  "listeners=https://127.0.0.1:$sport,http://127.0.0.1:$hport" \
  "listeners.https.ssl.keystore.type=PEM" \
  "listeners.https.ssl.keystore.location=$WORK/keystore.pem" \
  "rest.extension.classes=org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension"
KAFKA_OPTS="-Xmx256m -Djava.security.auth.login.config=$WORK/jaas.conf" \
  start_worker worker.log worker.properties
for ((i = 0; i < 300; i++)); do
  curl -fsS -o /dev/null --cacert cert.pem "$sbase/" 2>/dev/null && break
  kill -0 "$WORKER_PID" 2>/dev/null || { cat worker.log; fail "worker exited"; }
  sleep 0.1
done

# c ARGS...: "STATUS BODY" of a curl call over https (certificate checked).
c() {
  curl -sS --cacert cert.pem -w '\n%{http_code}' "$@" |
    { body=$(cat); echo "${body##*$'\n'} ${body%$'\n'*}"; }
}
expect() { # expect "STATUS BODY" STATUS [exact body]
  local got=$1 code=$2 body=${3-}
  [ "${got%% *}" = "$code" ] || fail "expected $code, got: $got"
  if [ $# -ge 3 ]; then [ "${got#* }" = "$body" ] || fail "expected body $body, got: ${got#* }"; fi
}

r=$(c "$sbase/")
expect "$r" 200
echo "${r#* }" | jq -e '.version == "4.3.1"' >/dev/null || fail "GET / over https: $r"
denied='User cannot access the resource.'
expect "$(c "$sbase/connectors")" 401 "$denied"
expect "$(c -u admin:wrong "$sbase/connectors")" 401 "$denied"
expect "$(c -u nobody:s3cret "$sbase/connectors")" 401 "$denied"
expect "$(c -H 'Authorization: Bearer abc' "$sbase/connectors")" 401 "$denied"
expect "$(c -u admin:s3cret "$sbase/connectors")" 200 '[]'
expect "$(c -u ops:0ps:pw "$sbase/connector-plugins")" 200
hdr=$(curl -sS -o /dev/null -D - --cacert cert.pem "$sbase/connectors" | tr -d '\r')
echo "$hdr" | grep -qx 'WWW-Authenticate: Basic realm="connect"' || fail "no challenge: $hdr"
echo "$hdr" | grep -qx 'Content-Type: application/json' || fail "401 content type: $hdr"

# Creating a connector needs credentials too; its Location says https.
topic=$(uniq sec)
src="{\"name\":\"sec-source\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"$WORK/in.txt\",\"topic\":\"$topic\"}}"
expect "$(c -X POST -H 'Content-Type: application/json' -d "$src" "$sbase/connectors")" 401 "$denied"
loc=$(curl -sS -o /dev/null -D - --cacert cert.pem -u admin:s3cret -X POST \
  -H 'Content-Type: application/json' -d "$src" "$sbase/connectors" | tr -d '\r')
echo "$loc" | grep -q '^HTTP/1.1 201' || fail "POST /connectors with credentials: $loc"
echo "$loc" | grep -qx "Location: $sbase/connectors/sec-source" || fail "Location: $loc"
expect "$(c -u admin:s3cret "$sbase/connectors")" 200 '["sec-source"]'
expect "$(c -X DELETE "$sbase/connectors/sec-source")" 401 "$denied"

# The http listener next to it serves the same API, with the same rules.
expect "$(http GET "http://127.0.0.1:$hport/connectors")" 401 "$denied"
r=$(curl -sS -u admin:s3cret -w '\n%{http_code}' "http://127.0.0.1:$hport/connectors")
[ "${r##*$'\n'}" = 200 ] || fail "http listener with credentials: $r"

# Plain http to the https port gets no HTTP answer; an untrusted
# certificate is refused by the client.
if curl -sS -o /dev/null "http://127.0.0.1:$sport/" 2>/dev/null; then fail "plain http to the https port answered"; fi
if curl -sS -o /dev/null "$sbase/" 2>/dev/null; then fail "curl trusted a self-signed certificate"; fi
curl -sS -o /dev/null -k "$sbase/" || fail "TLS without verification failed"
grep -q 's3cret' worker.log && fail "a password reached the log"
stop_worker "$WORKER_PID"

# A keystore whose key does not match its certificate: the worker refuses
# to start and names the key it could not use.
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.pem -out /dev/null -days 2 -subj /CN=x 2>/dev/null
cat other.pem cert.pem >mismatch.pem
write_worker bad.properties "$(free_port)" "listeners=https://127.0.0.1:$(free_port)" \
  "listeners.https.ssl.keystore.location=$WORK/mismatch.pem"
rc=0
timeout 60 "$CONNECTD_BIN" standalone bad.properties >bad.log 2>&1 || rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] || { cat bad.log; fail "worker with a bad keystore: exit $rc"; }
grep -q "cannot use the keystore from listeners.https.ssl.keystore.location ($WORK/mismatch.pem)" bad.log ||
  { cat bad.log; fail "bad keystore error does not name the key"; }

# JKS (Kafka's default keystore type) is refused with a pointer to PEM.
write_worker jks.properties "$(free_port)" "listeners=https://127.0.0.1:$(free_port)" \
  "listeners.https.ssl.keystore.type=JKS" "listeners.https.ssl.keystore.location=$WORK/keystore.pem"
rc=0
timeout 60 "$CONNECTD_BIN" standalone jks.properties >jks.log 2>&1 || rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ] || { cat jks.log; fail "worker with a JKS keystore: exit $rc"; }
grep -q "listeners.https.ssl.keystore.type=JKS: connectd's HTTPS listener reads PEM keystores only" jks.log ||
  { cat jks.log; fail "JKS error message"; }
