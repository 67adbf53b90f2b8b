# connectd: one build for the daemon, the shipped plugins and the tests.
#   make            bin/connectd and plugins/*.so
#   make run        install what is missing, build, run a demo worker on the embedded broker
#   make test       install what is missing, start a real Kafka, run every test
#   make test-asan  the same suite under AddressSanitizer + UBSan
# Sanitizer builds go to build/asan/ so they never mix with the normal build.

CC      ?= cc
SAN     ?= 0
PKGS    := rdkafka libmicrohttpd jansson libpcre2-8 libcurl libcrypto libssl
TESTPKGS := check

ifeq ($(SAN),1)
OUT     := build/asan
BINDIR  := build/asan/bin
PLUGDIR := build/asan/plugins
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT     := -O1 -g
else
OUT     := build/release
BINDIR  := bin
PLUGDIR := plugins
SANFLAGS :=
OPT     := -O2 -g
endif

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CSTD     := -std=c11 -D_GNU_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell pkg-config --cflags $(TESTPKGS) 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

CFLAGS   := $(CSTD) $(WARN) $(OPT) $(SANFLAGS) -MMD -MP
CORE_CFLAGS = $(CFLAGS) -Iinclude -Iworker $(PKG_CFLAGS)
# Plugins see the public ABI only: a plugin that needs worker/ is a bug.
PLUGIN_CFLAGS = $(CFLAGS) -fPIC -fvisibility=hidden -Iinclude
LDLIBS_CORE = $(PKG_LIBS) -lpthread -ldl -lm
# The executable exports the cd_* ABI functions that plugins call.
EXPORT_ABI := -Wl,--export-dynamic-symbol='cd_*'

CORE_SRC  := $(filter-out worker/main.c,$(shell find worker -name '*.c' | sort))
CORE_OBJ  := $(CORE_SRC:%.c=$(OUT)/obj/%.o)
# worker/rest/openapi.json is compiled in (GET /openapi.json, rest_openapi.h).
CORE_OBJ  += $(OUT)/obj/gen/openapi_json.o
CORE_LIB  := $(OUT)/libconnectd.a
MAIN_OBJ  := $(OUT)/obj/worker/main.o

# One shared object per folder under connectors/ and transforms/.
PLUGIN_DIRS := $(sort $(dir $(wildcard connectors/*/*.c transforms/*/*.c)))
PLUGIN_NAMES := $(foreach d,$(PLUGIN_DIRS),$(notdir $(patsubst %/,%,$(d))))
PLUGIN_SOS := $(foreach n,$(PLUGIN_NAMES),$(PLUGDIR)/connectd-$(n).so)

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_OBJ  := $(UNIT_SRC:%.c=$(OUT)/obj/%.o)
UNIT_BIN  := $(OUT)/tests/unit_tests

.PHONY: all deps run test test-asan unit integration services services-stop clean example docs
.PHONY: bench bench-quick
all: $(BINDIR)/connectd plugins-all

deps:
	@scripts/install-deps

$(OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) -c $< -o $@

$(OUT)/gen/openapi_json.c: worker/rest/openapi.json scripts/embed-file
	@mkdir -p $(dir $@)
	scripts/embed-file rest_openapi_json $< rest/rest_openapi.h > $@.tmp && mv $@.tmp $@

$(OUT)/obj/gen/openapi_json.o: $(OUT)/gen/openapi_json.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BINDIR)/connectd: $(MAIN_OBJ) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(EXPORT_ABI) -o $@ $(MAIN_OBJ) -Wl,--whole-archive $(CORE_LIB) -Wl,--no-whole-archive $(LDLIBS_CORE)

# Plugin objects are compiled with PLUGIN_CFLAGS (no worker/ on the path).
$(OUT)/pobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -c $< -o $@

define plugin_rule
$(PLUGDIR)/connectd-$(1).so: $(patsubst %.c,$(OUT)/pobj/%.o,$(wildcard connectors/$(1)/*.c transforms/$(1)/*.c))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) -shared -o $$@ $$^ $$(shell cat connectors/$(1)/LIBS transforms/$(1)/LIBS 2>/dev/null)
endef
$(foreach n,$(PLUGIN_NAMES),$(eval $(call plugin_rule,$(n))))
plugins-all: $(PLUGIN_SOS)
.PHONY: plugins-all

# Unit tests: every tests/unit/test_<x>.c defines `Suite *suite_<x>(void)`;
# one runner runs them all so Check prints a single summary.
$(OUT)/tests/suites.h: $(UNIT_SRC)
	@mkdir -p $(dir $@)
	@{ for f in $(UNIT_SRC); do n=$$(basename $$f .c); n=$${n#test_}; \
	   echo "SUITE(suite_$$n)"; done; } > $@.tmp && mv $@.tmp $@

$(OUT)/obj/tests/unit/runner.o: tests/unit/runner.c $(OUT)/tests/suites.h
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) $(CHECK_CFLAGS) -I$(OUT)/tests -c $< -o $@

$(OUT)/obj/tests/unit/test_%.o: tests/unit/test_%.c
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) $(CHECK_CFLAGS) -c $< -o $@

$(UNIT_BIN): $(OUT)/obj/tests/unit/runner.o $(UNIT_OBJ) $(CORE_LIB) $(PLUGIN_SOS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(EXPORT_ABI) -o $@ $(OUT)/obj/tests/unit/runner.o $(UNIT_OBJ) \
	  -Wl,--whole-archive $(CORE_LIB) -Wl,--no-whole-archive $(CHECK_LIBS) $(LDLIBS_CORE)

unit: $(UNIT_BIN)
	CONNECTD_PLUGIN_DIR=$(PLUGDIR) $(UNIT_BIN)

integration: all
	CONNECTD_BIN=$(BINDIR)/connectd CONNECTD_PLUGIN_DIR=$(PLUGDIR) tests/run-integration

# The README's test command: installs what is missing, builds the release
# and the sanitizer (ASan + UBSan) builds, starts the real broker, runs the
# unit and integration tests against both, stops the broker.
test:
	@scripts/install-deps
	@$(MAKE) --no-print-directory all build/release/tests/unit_tests
	@$(MAKE) --no-print-directory SAN=1 all build/asan/tests/unit_tests
	tests/run-all release asan

# The sanitizer build alone.
test-asan:
	@scripts/install-deps
	@$(MAKE) --no-print-directory SAN=1 all build/asan/tests/unit_tests
	tests/run-all asan

run:
	@scripts/install-deps
	@$(MAKE) --no-print-directory all
	@scripts/run-demo

services:
	@tests/services/kafka start

services-stop:
	@tests/services/kafka stop

# Builds the out-of-tree example from a copy, so that plugins/ (the default
# plugin.path) only ever holds the shipped plugins.
example: all
	rm -rf $(OUT)/example && cp -r plugins/example $(OUT)/example
	$(MAKE) -C $(OUT)/example CONNECTD_INCLUDE=$(CURDIR)/include
	@echo "built $(OUT)/example/counter-source.so"

# Benchmarks against Kafka Connect's Java worker and raw librdkafka
# (bench/README.md); both write bench/results/latest.{json,md,png}.
bench: all
	bench/run

bench-quick: all
	bench/run --quick

# Transforms on the hot path: records/s through a chain of five SMTs, and
# the mallocs they make (bench/smt/smt_bench.c; release build only, as it
# replaces malloc to count calls).
BENCH_SMT := $(OUT)/bench/smt_bench
$(BENCH_SMT): bench/smt/smt_bench.c $(CORE_LIB) $(PLUGIN_SOS)
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) $(EXPORT_ABI) -Wl,--export-dynamic-symbol=malloc,--export-dynamic-symbol=calloc,--export-dynamic-symbol=realloc,--export-dynamic-symbol=free \
	  -o $@ $< -Wl,--whole-archive $(CORE_LIB) -Wl,--no-whole-archive $(LDLIBS_CORE)

bench-smt: $(BENCH_SMT)
	CONNECTD_PLUGIN_DIR=$(PLUGDIR) $(BENCH_SMT)
.PHONY: bench-smt

# Fuzzes the REST API with schemathesis, driven by GET /openapi.json, against
# a worker on the real broker (tests/fuzz/rest-fuzz.sh; FUZZ_EXAMPLES=N).
fuzz-rest: all
	tests/fuzz/rest-fuzz.sh
# The same against two distributed workers, through the follower and the leader.
fuzz-rest-distributed: all
	FUZZ_MODE=distributed FUZZ_TARGET=both tests/fuzz/rest-fuzz.sh
.PHONY: fuzz-rest fuzz-rest-distributed

# Regenerates README.md's configuration reference from the definition tables.
docs: all
	@scripts/update-readme-docs

clean:
	rm -rf build bin plugins/*.so

-include $(shell find build -name '*.d' 2>/dev/null)
