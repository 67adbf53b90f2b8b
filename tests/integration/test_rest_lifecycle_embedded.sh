# The REST lifecycle suite against a worker on its embedded cluster
# (bootstrap.servers=embedded), as `make run` users meet it.
LIFECYCLE_EMBEDDED=1
. "$ROOT/tests/integration/test_rest_lifecycle.sh"
