#!/usr/bin/env bash
# What `make bench` needs on top of test/deps.sh, from Debian 12 packages,
# and nothing when it is all there already:
#
#   SQLAlchemy and psycopg2 for /usr/bin/python3   python3-sqlalchemy, python3-psycopg2
#   pg_stat_statements, pg_prewarm                 postgresql-contrib
#   pgbench                                        postgresql-client-15
#   taskset                                        util-linux
#   ps, pgrep, free                                procps
#
# Runs as root (apt-get) or as a user with sudo. DEPS_DRY_RUN=1 only prints.
set -euo pipefail

missing=()
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sqlalchemy' 2>/dev/null ||
	missing+=(python3-sqlalchemy)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import psycopg2' 2>/dev/null ||
	missing+=(python3-psycopg2)
[ -f /usr/share/postgresql/15/extension/pg_stat_statements.control ] ||
	missing+=(postgresql-contrib)
[ -x /usr/lib/postgresql/15/bin/pgbench ] || missing+=(postgresql-client-15)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
{ command -v pgrep && command -v ps && command -v free; } >/dev/null 2>&1 || missing+=(procps)

if [ ${#missing[@]} -eq 0 ]; then
	echo "relnav: benchmark dependencies present (SQLAlchemy, psycopg2, pg_stat_statements, pgbench, taskset)"
	exit 0
fi

"$(dirname "$0")/../apt-install.sh" "${missing[@]}"
[ "${DEPS_DRY_RUN:-0}" = 1 ] && exit 0
/usr/bin/python3 -c 'import sqlalchemy, psycopg2' ||
	{ echo "relnav: SQLAlchemy or psycopg2 still missing for /usr/bin/python3" >&2; exit 1; }
echo "relnav: benchmark dependencies installed"
