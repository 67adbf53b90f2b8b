# README.md's configuration reference is exactly what `connectd config-docs`
# renders from the definition tables, so it can never go stale: after a
# change to a table, `make docs` regenerates it. Needs no Kafka.
. "$ROOT/tests/integration/lib.sh"

begin='<!-- BEGIN GENERATED CONFIG REFERENCE (make docs) -->'
end='<!-- END GENERATED CONFIG REFERENCE -->'
readme=$ROOT/README.md
[ "$(grep -cxF -- "$begin" "$readme")" = 1 ] || fail "README.md lacks the line: $begin"
[ "$(grep -cxF -- "$end" "$readme")" = 1 ] || fail "README.md lacks the line: $end"

# The block as scripts/update-readme-docs writes it: a blank line, the
# generated text, a blank line.
rc=0
"$CONNECTD_BIN" config-docs "$CONNECTD_PLUGIN_DIR" >generated.md 2>config-docs.log || rc=$?
[ "$rc" = 0 ] || { cat config-docs.log; fail "connectd config-docs exited with $rc"; }
{ echo; cat generated.md; echo; } >expected.md
awk -v b="$begin" -v e="$end" '$0 == e { inside = 0 } inside { print } $0 == b { inside = 1 }' \
  "$readme" >actual.md

# The reference must cover the framework tables and the shipped plugins,
# and say nothing about where this build keeps them.
for s in '### Worker' '### Worker (standalone)' '### Connector (common)' '### Source connector' \
         '### Sink connector' \
         '### `org.apache.kafka.connect.file.FileStreamSourceConnector` (source)' \
         '### `org.apache.kafka.connect.json.JsonConverter` (converter, header_converter)'; do
  grep -qxF -- "$s" generated.md || fail "config-docs output lacks the section: $s"
done
if grep -qF -- "$CONNECTD_PLUGIN_DIR" generated.md; then fail "config-docs output names the plugin directory"; fi
if grep -qF -- "$ROOT" generated.md; then fail "config-docs output names the source tree"; fi

if ! diff -u actual.md expected.md >readme.diff; then
  cat readme.diff
  fail "README.md's generated configuration reference is stale (- README, + config-docs): run 'make docs'"
fi
