#!/usr/bin/env bash
# Recursive paths at scale: exact answers, an end on cyclic data, and flat
# backend memory.
#
#   ring   100,000 rows, each row's next is the following one, the last's
#          the first: next+ and next* reach all 100,000 (the start again
#          through the cycle), next{10000} exactly one row;
#   chain  100,000 rows, each the parent of the next: parent+ from the leaf
#          is 99,999 rows (ids 1 .. 99,999, in order), parent{1,100} 100,
#          children+ from the top 99,999; rel_navigate_many for two keys;
#   tree   1,000,000 rows, fan-out 10 (the children of i are 10i-8 ..
#          10i+1): rel_count of a subtree (node 2: 111,110), of the whole
#          tree, and a leaf's chain of parents; with RELNAV_SCALE_FULL=1
#          also the bounded walks children{6} (the last level, 888,889) and
#          children{1,6} of the whole tree (about 5 s each more).
# Expected counts are computed independently (arithmetic on the ids), not
# by another recursive query.
#
# Memory: in one session, every statement six times with keys that reach
# few rows (PostgreSQL keeps a generic plan from the sixth execution on),
# then two rounds of every call on the large answers, RELNAV_SCALE_REPEAT
# times each (default 1); the sum of the backend's memory contexts
# (pg_backend_memory_contexts) must not grow from the warm-up to the end by
# more than RELNAV_SCALE_MAX_CONTEXT_GROWTH bytes (default 131072).  The
# backend's peak resident memory (VmHWM) is printed when it can be read.
#
# Runs in the cluster the environment points at (PGHOST, PGPORT, PGUSER),
# from the repository top, with relnav installed; creates and drops its own
# database.  About 20 seconds on 2 busy cores (35 with RELNAV_SCALE_FULL=1);
# prints the time of each statement.
set -euo pipefail
cd "$(dirname "$0")/../.."

db=relnav_recscale_$$
export PGDATABASE=$db
repeat=${RELNAV_SCALE_REPEAT:-1}
full=${RELNAV_SCALE_FULL:+on}
full=${full:-off}
max_growth=${RELNAV_SCALE_MAX_CONTEXT_GROWTH:-131072}

cleanup() {
	[ -n "${RELNAV_KEEP_DB:-}" ] || dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
	echo "FAILED: $*"
	exit 1
}

createdb -T template0 -E UTF8 "$db"
SECONDS=0

# All in one session: the memory of that backend is what is measured.
# check(label, got, want) raises when they differ, and ON_ERROR_STOP ends
# the script there.
psql -X -q -v ON_ERROR_STOP=1 -v repeat="$repeat" -v full="$full" -v max_growth="$max_growth" <<'EOF' ||
SET client_min_messages = warning;
CREATE EXTENSION relnav;
\timing on

CREATE FUNCTION check_eq(label text, got numeric, want numeric) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF got IS DISTINCT FROM want THEN
        RAISE EXCEPTION 'recursive_scale: %: got %, expected %', label, got, want;
    END IF;
    RETURN format('ok  %s = %s', label, got);
END
$$;
CREATE FUNCTION ctx_bytes() RETURNS bigint LANGUAGE sql
    AS $$ SELECT sum(total_bytes)::bigint FROM pg_backend_memory_contexts $$;
-- peak resident memory of this backend, in kB, when it can be read
CREATE FUNCTION vm_hwm_kb() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    RETURN (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1]::bigint;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

\echo == set-up
CREATE TABLE ring (id int PRIMARY KEY, next_id int NOT NULL);
INSERT INTO ring SELECT i, i % 100000 + 1 FROM generate_series(1, 100000) i;
CREATE TABLE chain (id int PRIMARY KEY, parent_id int);
INSERT INTO chain SELECT i, NULLIF(i - 1, 0) FROM generate_series(1, 100000) i;
CREATE INDEX ON chain (parent_id);
CREATE TABLE tree (id int PRIMARY KEY, parent_id int);
INSERT INTO tree SELECT i, CASE WHEN i > 1 THEN (i - 2) / 10 + 1 END
  FROM generate_series(1, 1000000) i;
CREATE INDEX ON tree (parent_id);
VACUUM ANALYZE ring, chain, tree;
-- no foreign keys (they would only slow the set-up): columns and kind
SELECT rel_declare('ring', 'next', 'ring', source_columns => '{next_id}',
                   target_columns => '{id}', kind => 'many_to_one');
SELECT rel_declare('chain', 'parent', 'chain', source_columns => '{parent_id}',
                   target_columns => '{id}', kind => 'many_to_one', back_populates => 'children');
SELECT rel_declare('chain', 'children', 'chain', source_columns => '{id}',
                   target_columns => '{parent_id}', kind => 'one_to_many', back_populates => 'parent');
SELECT rel_declare('tree', 'parent', 'tree', source_columns => '{parent_id}',
                   target_columns => '{id}', kind => 'many_to_one', back_populates => 'children');
SELECT rel_declare('tree', 'children', 'tree', source_columns => '{id}',
                   target_columns => '{parent_id}', kind => 'one_to_many', back_populates => 'parent');

-- The subtree of node x in the tree of n nodes: its descendants at each
-- depth are the ids lo .. hi, then 10lo-8 .. 10hi+1, clipped to n.
CREATE FUNCTION subtree_size(x bigint, n bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE lo bigint := x; hi bigint := x; total bigint := 0;
BEGIN
    WHILE lo <= n LOOP
        total := total + least(hi, n) - lo + 1;
        lo := 10 * lo - 8;
        hi := 10 * hi + 1;
    END LOOP;
    RETURN total;
END
$$;

\echo == warm-up: every call once, with its answer checked
\echo -- ring of 100,000
SELECT check_eq('ring: rel_count next+ from 1', rel_count('ring', 1, 'next+'), 100000);
SELECT check_eq('ring: rel_count next* from 77777', rel_count('ring', 77777, 'next*'), 100000);
SELECT check_eq('ring: next{10000} from 95001 is row 5001',
                (SELECT sum((v->>'id')::int) FROM rel_navigate('ring', 95001, 'next{10000}') v)
                + 1000000 * (SELECT count(*) FROM rel_navigate('ring', 95001, 'next{10000}')),
                1005001);
\echo -- chain 100,000 deep
SELECT check_eq('chain: parent+ from the leaf, rows', count(*), 99999),
       check_eq('chain: parent+ from the leaf, sum of ids', sum((v->>'id')::bigint), 99999::bigint * 100000 / 2),
       check_eq('chain: parent+ from the leaf, rows out of primary key order',
                count(*) FILTER (WHERE (v->>'id')::bigint <> n), 0)
  FROM rel_navigate('chain', 100000, 'parent+') WITH ORDINALITY AS r(v, n);
SELECT check_eq('chain: parent{1,100} from the leaf, rows', count(*), 100),
       check_eq('chain: parent{1,100} from the leaf, lowest id', min((v->>'id')::int), 99900)
  FROM rel_navigate('chain', 100000, 'parent{1,100}') v;
SELECT check_eq('chain: rel_count children+ from the top', rel_count('chain', 1, 'children+'), 99999);
SELECT check_eq('chain: rel_rows parent* from the leaf', count(*), 100000)
  FROM rel_rows(NULL::chain, 'chain', 100000, 'parent*');
SELECT check_eq('chain: rel_navigate_many parent+, key 100000', count(*) FILTER (WHERE source_key = 100000), 99999),
       check_eq('chain: rel_navigate_many parent+, key 50000', count(*) FILTER (WHERE source_key = 50000), 49999),
       check_eq('chain: rel_navigate_many parent+, rows', count(*), 99999 + 49999)
  FROM rel_navigate_many('chain', ARRAY[100000, NULL, 50000, 100000], 'parent+');
\echo -- tree of 1,000,000, fan-out 10
SELECT check_eq('tree: rel_count children+ from 2', rel_count('tree', 2, 'children+'),
                subtree_size(2, 1000000) - 1);
SELECT check_eq('tree: rel_count children+ from 2 is 111,110', rel_count('tree', 2, 'children+'), 111110);
SELECT check_eq('tree: rel_count children+ from 37', rel_count('tree', 37, 'children+'),
                subtree_size(37, 1000000) - 1);
SELECT check_eq('tree: rel_count children* from the root', rel_count('tree', 1, 'children*'), 1000000);
\if :full
SELECT check_eq('tree: rel_count children{6} from the root (the last level)',
                rel_count('tree', 1, 'children{6}'), 1000000 - 111111);
SELECT check_eq('tree: rel_count children{1,6} from the root',
                rel_count('tree', 1, 'children{1,6}'), 999999);
\endif
SELECT check_eq('tree: parent+ from 1,000,000, rows', count(*), 6),
       check_eq('tree: parent+ from 1,000,000, sum of ids', sum((v->>'id')::int), 1 + 10 + 100 + 1000 + 10000 + 100000)
  FROM rel_navigate('tree', 1000000, 'parent+') v;
SELECT check_eq('tree: children+ from 2, rows', count(*), 111110)
  FROM rel_navigate('tree', 2, 'children+', max_rows => 200000) v;

\echo == memory: every call :repeat more times, twice, in the same session
CREATE FUNCTION scale_round(n int, cheap boolean) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    x bigint;
    -- cheap: keys that reach few rows (or none), for the same statements
    ring_key int := CASE WHEN cheap THEN 0 ELSE 1 END;
    leaf int := CASE WHEN cheap THEN 1 ELSE 100000 END;
    top int := CASE WHEN cheap THEN 100000 ELSE 1 END;
    subtree int := CASE WHEN cheap THEN 999999 ELSE 2 END;
BEGIN
    FOR i IN 1 .. n LOOP
        x := rel_count('ring', ring_key * (1 + i), 'next+');
        PERFORM count(*) FROM rel_navigate('ring', 95001, 'next{10000}');
        PERFORM count(*) FROM rel_navigate('chain', leaf - i % 2, 'parent+');
        PERFORM count(*) FROM rel_navigate('chain', leaf, 'parent{1,100}');
        x := rel_count('chain', top + i % 2, 'children+');
        PERFORM count(*) FROM rel_rows(NULL::chain, 'chain', leaf, 'parent*');
        PERFORM count(*) FROM rel_navigate_many('chain', ARRAY[leaf, NULL, leaf / 2, leaf], 'parent+');
        x := rel_count('tree', subtree + i % 2, 'children+');
        PERFORM count(*) FROM rel_navigate('tree', 1000000 - i, 'parent+');
        PERFORM count(*) FROM rel_navigate('tree', subtree, 'children+', max_rows => 200000);
    END LOOP;
    RETURN ctx_bytes();
END
$$;
-- Six cheap calls of every statement first: PostgreSQL's plan cache makes
-- a generic plan at the sixth execution of a kept plan, and keeps it; after
-- that, nothing should grow.
SELECT scale_round(6, true) AS ctx_warm \gset
\timing on
SELECT scale_round(:repeat, false) AS ctx_round1 \gset
-- plain statements as well as PL/pgSQL ones
SELECT rel_count('ring', 1, 'next+') AS ring_again, rel_count('tree', 2, 'children+') AS subtree_again;
SELECT scale_round(:repeat, false) AS ctx_round2 \gset
SELECT rel_count('ring', 1, 'next+') AS ring_again, rel_count('tree', 2, 'children+') AS subtree_again;
\timing off
SELECT ctx_bytes() AS ctx_after, vm_hwm_kb() AS hwm_after \gset
\echo context bytes after the warm-up: :ctx_warm, after round 1: :ctx_round1, after round 2: :ctx_round2, at the end: :ctx_after
\echo peak resident kB of the backend (VmHWM, shared buffers included): :hwm_after
SELECT check_eq('memory contexts grew from the warm-up to the end by at most ' || :max_growth || ' bytes',
                least(:ctx_after - :ctx_warm, :max_growth), :ctx_after - :ctx_warm);
EOF
	fail "a check failed or psql stopped (see above)"
echo "recursive_scale: passed in $SECONDS s"
