#!/usr/bin/env bash
# Install what building and testing relnav needs, from Debian 12 packages,
# and nothing when it is all there already.
#
#   PostgreSQL 15 server (and contrib)   postgresql-15, postgresql-contrib
#   server headers and PGXS              postgresql-server-dev-15
#   pg_virtualenv                        postgresql-common
#   a C compiler and libc headers        build-essential
#
# We test for what the build needs (files), not for pgxs.mk: the client
# package ships pgxs.mk without the server headers.
#
# Runs as root (apt-get) or as a user with sudo (sudo apt-get).
# DEPS_DRY_RUN=1 only prints what it would install.
# PG_CONFIG (environment) overrides which pg_config locates the headers.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
PG_CONFIG=${PG_CONFIG:-$PGBIN/pg_config}

missing=()

# postgres.h in the directory pg_config names; no pg_config means no
# PostgreSQL 15 client either, which the server-dev package brings.
includedir=$("$PG_CONFIG" --includedir-server 2>/dev/null || true)
if [ -z "$includedir" ] || [ ! -f "$includedir/postgres.h" ]; then
	missing+=(postgresql-server-dev-15)
fi
[ -x "$PGBIN/postgres" ] || missing+=(postgresql-15)
# Contrib modules ship inside postgresql-15 on Debian 12; the metapackage
# postgresql-contrib depends on it. Checked separately in case a future
# server package splits them out again.
[ -f /usr/share/postgresql/15/extension/pg_stat_statements.control ] ||
	missing+=(postgresql-contrib)
command -v pg_virtualenv >/dev/null 2>&1 || missing+=(postgresql-common)
if ! command -v gcc >/dev/null 2>&1 || [ ! -f /usr/include/stdio.h ]; then
	missing+=(build-essential)
fi

if [ ${#missing[@]} -eq 0 ]; then
	echo "relnav: dependencies present (PostgreSQL 15 server, headers, pg_virtualenv, compiler)"
	exit 0
fi

"$(dirname "$0")/apt-install.sh" "${missing[@]}"
[ "${DEPS_DRY_RUN:-0}" = 1 ] && exit 0

# Check again: a package that installed but still leaves the build without
# headers (say, a PG_CONFIG pointing elsewhere) should fail here, clearly.
includedir=$("$PG_CONFIG" --includedir-server 2>/dev/null || true)
if [ -z "$includedir" ] || [ ! -f "$includedir/postgres.h" ]; then
	echo "relnav: postgres.h still not found via $PG_CONFIG --includedir-server" >&2
	exit 1
fi
echo "relnav: dependencies installed"
