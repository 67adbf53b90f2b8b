# Bad configuration is refused at start with an error that names the key,
# and the worker exits non-zero instead of running half-configured.
. "$ROOT/tests/integration/lib.sh"

port=$(free_port)
expect_refusal() { # expect_refusal PATTERN ARGS...: connectd exits non-zero, log matches
  local pattern=$1; shift
  local rc=0
  timeout 60 "$CONNECTD_BIN" standalone "$@" >out.log 2>&1 || rc=$?
  [ "$rc" != 0 ] || fail "connectd accepted $*"
  # Exactly 1: a sanitizer abort (a leak on the error path) is a failure too.
  [ "$rc" = 1 ] || { cat out.log >&2; fail "connectd exited with $rc on $*"; }
  [ "$rc" != 124 ] || fail "connectd hung on $*"
  grep -qF -- "$pattern" out.log || { cat out.log >&2; fail "no '$pattern' in the output"; }
}

expect_refusal "no-such-file.properties" no-such-file.properties

write_worker no-converter.properties "$port"
sed -i '/^value.converter=/d' no-converter.properties
expect_refusal 'Missing required configuration "value.converter" which has no default value.' no-converter.properties

write_worker bad-number.properties "$port" "offset.flush.interval.ms=soon"
expect_refusal "Invalid value soon for configuration offset.flush.interval.ms" bad-number.properties

write_worker worker.properties "$port"
printf 'name=bad\nconnector.class=FileStreamSource\ntopic=t\ntasks.max=0\n' >bad-tasks.properties
expect_refusal "Invalid value 0 for configuration tasks.max: Value must be at least 1" worker.properties bad-tasks.properties

printf 'name=nope\nconnector.class=com.example.Missing\n' >missing-class.properties
expect_refusal "Failed to find any class that implements Connector and which name matches com.example.Missing" \
  worker.properties missing-class.properties

printf 'name=sink\nconnector.class=FileStreamSink\ntopics=a\ntopics.regex=b.*\n' >both-topics.properties
expect_refusal "topics and topics.regex are mutually exclusive options, but both are set." \
  worker.properties both-topics.properties

printf 'name=src\nconnector.class=FileStreamSource\nfile=/tmp/x\n' >no-topic.properties
expect_refusal 'Missing required configuration "topic" which has no default value.' worker.properties no-topic.properties
