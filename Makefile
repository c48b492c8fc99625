# relnav: PGXS build, plus the `demo` and `test` entry points.
#
#   make demo   install what is missing, build, install, run test/demo.sql
#   make test   the same set-up, then every test; ends with "N passed, M failed"
#
# This file must parse on a fresh machine where PostgreSQL (and so pg_config
# and pgxs.mk) is not installed yet: PGXS is included only when it exists, and
# `demo`/`test` install the dependencies first and then re-invoke $(MAKE), so
# the recursive make re-reads this file and sees PGXS.

EXTENSION = relnav
MODULE_big = relnav
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c))
DATA = $(wildcard relnav--*.sql)

# `:=` so that `ifdef REGRESS` / `ifdef ISOLATION` inside pgxs.mk are false
# when there are no tests yet (a recursive variable is "defined" even when it
# expands to nothing).
REGRESS := $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=.

# Test databases in UTF-8 with the C locale, whatever the machine's locale:
# the same sort order and encoding everywhere, so expected output is stable.
ENCODING = UTF8
NO_LOCALE = 1

# Isolation specs live in test/isolation/specs/*.spec with expected output in
# test/isolation/expected/*.out. The test database has relnav created already
# (--load-extension), so a spec's setup only creates its own tables.
ISOLATION := $(sort $(basename $(notdir $(wildcard test/isolation/specs/*.spec))))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=relnav

PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wno-sign-compare $(if $(filter 1,$(WERROR)),-Werror)

EXTRA_CLEAN = results/ regression.diffs regression.out output_iso/ output_t/ \
	log/ tmp_check/ tmp_check_iso/ .build-flags

# On Debian /usr/bin/pg_config may be libpq-dev's (no server paths), so prefer
# the PostgreSQL 15 server's own.
PG_CONFIG ?= $(if $(wildcard /usr/lib/postgresql/15/bin/pg_config),/usr/lib/postgresql/15/bin/pg_config,pg_config)
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

ifneq ($(wildcard $(PGXS)),)
include $(PGXS)

# Objects depend on the compiler flags, so `make` followed by `make test`
# recompiles with -Werror instead of keeping objects built without it.
# The stamp is rewritten only when the flags change.
$(OBJS): .build-flags
# Debian's PGXS tracks no header dependencies: rebuild everything when any
# header changes (a few files; stale objects after a struct change crash).
$(OBJS): $(wildcard src/*.h)
.build-flags: FORCE
	@echo '$(PG_CFLAGS)' | cmp -s - $@ || echo '$(PG_CFLAGS)' > $@
.PHONY: FORCE
FORCE:
else
# No PGXS yet: plain `make` explains what to do instead of failing obscurely.
all install installcheck:
	@echo "relnav: PostgreSQL 15 development files not found (PG_CONFIG=$(PG_CONFIG))." >&2
	@echo "relnav: run 'make demo' or 'make test' (they install them), or 'test/deps.sh'." >&2
	@exit 1
endif

# ---------------------------------------------------------------------------
# demo / test

# Root installs directly; anyone else through sudo (the extension goes into
# the system's PostgreSQL directories).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# A throw-away cluster. -t keeps it in a temporary directory even as root, so
# a stale /etc/postgresql/15/regress from an interrupted run cannot block us.
# A UTF-8 C locale for the cluster and psql, whatever the caller's locale
# (CI may have none). The superuser is "postgres" for everyone: as root
# pg_virtualenv always uses it, otherwise it takes $$USER, and test output
# must not depend on who runs the tests.
PG_VIRTUALENV = LANG=C.UTF-8 LC_ALL=C.UTF-8 USER=postgres LOGNAME=postgres pg_virtualenv -t -v 15

# Where test/run_all.sh leaves its closing "N passed, M failed" line, so the
# `test` recipe can print it again after pg_virtualenv's own closing messages.
SUMMARY = results/summary.txt

.PHONY: deps demo test build-install soak valgrind bench

deps:
	@test/deps.sh

# Build and install with the current flags (the caller sets WERROR).
# The install is a separate make run so that, under sudo, it only copies
# files: everything is already built, with the same flags.
build-install:
	@$(MAKE) --no-print-directory all
	@if [ -n "$(SUDO)" ] && ! command -v $(SUDO) >/dev/null 2>&1; then \
		echo "relnav: installing the extension needs root: run as root, or install sudo" >&2; \
		exit 1; \
	fi
	@$(SUDO) $(MAKE) --no-print-directory install PG_CONFIG='$(PG_CONFIG)' WERROR='$(WERROR)'

demo:
	@test/deps.sh
	@$(MAKE) --no-print-directory build-install
	@echo "relnav: starting a throw-away PostgreSQL 15 cluster for the demo"
	@$(PG_VIRTUALENV) psql -X -v ON_ERROR_STOP=1 --echo-queries -P pager=off -f test/demo.sql

# Every way out of `test` ends with the count line, also kept in $(SUMMARY)
# (for .ci/run, which repeats it after make's own "Error" message).
test:
	@mkdir -p $(dir $(SUMMARY)); rm -f $(SUMMARY)
	@if ! test/deps.sh; then \
		echo "relnav: could not install the dependencies (see the messages above); no test was run"; \
		echo "0 passed, 1 failed" | tee $(SUMMARY); \
		exit 1; \
	fi
	@if ! $(MAKE) --no-print-directory build-install WERROR=1; then \
		echo "relnav: build or install failed (see the messages above); no test was run"; \
		echo "0 passed, 1 failed" | tee $(SUMMARY); \
		exit 1; \
	fi
	@rc=0; $(PG_VIRTUALENV) test/run_all.sh || rc=$$?; \
	if [ -s $(SUMMARY) ]; then \
		tail -n 1 $(SUMMARY); \
	else \
		echo "relnav: the test runner did not finish (exit status $$rc)"; \
		echo "0 passed, 1 failed" | tee $(SUMMARY); \
		rc=1; \
	fi; \
	exit $$rc

# Long runs, not part of `make test`; the README has their latest results.

# A million calls in one session: backend memory must stay flat.
soak:
	@test/deps.sh
	@$(MAKE) --no-print-directory build-install
	@$(PG_VIRTUALENV) test/memory_soak.sh $(SOAK_CALLS)

# The regression suite under valgrind memcheck (10-30 minutes).
valgrind:
	@test/deps.sh
	@command -v valgrind >/dev/null 2>&1 || test/apt-install.sh valgrind
	@$(MAKE) --no-print-directory build-install
	@test/valgrind.sh

# relnav against the hand-written SQL and SQLAlchemy (about 15 minutes);
# writes test/bench/results.md, which the README quotes.
bench:
	@test/deps.sh
	@test/bench/deps.sh
	@$(MAKE) --no-print-directory build-install
	@test/bench/bench.sh
