#!/usr/bin/env bash
# A million navigations (and fetches) in one backend: its memory must stay
# flat.
#
#   test/memory_soak.sh [CALLS]        default 1000000
#
# Runs against the cluster the environment points at (PGHOST, PGPORT,
# PGUSER: a superuser, since the backend reads its own /proc/self/status
# through pg_read_file), for instance inside `pg_virtualenv -t -v 15`.
# Creates and drops its own database.  Not part of `make test` (it takes a
# minute or two); see the README for the latest numbers.
#
# The calls are made in batches of 100,000 from one session.  Each batch
# mixes
#   - plpgsql PERFORMs, each a new call site (fn_extra empty, so the plan
#     cache is searched every time), with varying keys, paths, order_by and
#     max_rows, and rel_fetch / rel_fetch_many / rel_navigate_many where
#     they exist;
#   - one LATERAL query calling rel_navigate for many keys (one call site
#     reused, the fn_extra fast path);
#   - every 10,000 calls a declaration added and dropped, which flushes
#     every backend's cache so that plans are freed and built again;
#   - every 1,000 calls a navigation of an undeclared name, caught, so the
#     error path runs too;
#   - every 1,000 calls nested calls: a count and a fetch of many keys from
#     a table whose primary key is a domain with a CHECK that itself calls
#     relnav, keys given as text, so relnav runs inside relnav's key
#     conversion (issue 9);
#   - once in the middle of each batch, distinct statements until the
#     plan cache outgrows its 1,000 entries and is flushed by size, while
#     call sites still hold plans from before (issue 9), between two rounds
#     of the same calls.
# Every nested and flooding call checks its answer; a wrong one ends the
# soak with an error.
# After each batch the backend reports the sum of its memory contexts
# (pg_backend_memory_contexts), relnav's own contexts, and its anonymous
# resident memory (RssAnon from /proc/self/status); inside each batch the
# context sum is also sampled, to catch memory held until commit.
#
# Fails when, after the first batch (warm-up), the context sum grows by more
# than RELNAV_SOAK_MAX_CONTEXT_GROWTH bytes (default 262144), RssAnon by
# more than RELNAV_SOAK_MAX_RSS_GROWTH kB (default 4096), or the peak inside
# a batch exceeds the between-batch level by RELNAV_SOAK_MAX_PEAK_EXCESS
# bytes (default 4194304).  RELNAV_SOAK_NESTED=0 and RELNAV_SOAK_FLOOD=0
# leave out the nested calls and the flood, to tell which part fails.
set -euo pipefail
cd "$(dirname "$0")/.."

calls=${1:-1000000}
batch=100000
[ "$calls" -ge "$batch" ] || batch=$calls
nbatches=$(( (calls + batch - 1) / batch ))
max_ctx=${RELNAV_SOAK_MAX_CONTEXT_GROWTH:-262144}
max_rss=${RELNAV_SOAK_MAX_RSS_GROWTH:-4096}
max_peak=${RELNAV_SOAK_MAX_PEAK_EXCESS:-4194304}
# 0 leaves out the nested calls, or the cache flood (to tell which fails)
nested=$([ "${RELNAV_SOAK_NESTED:-1}" = 0 ] && echo false || echo true)
flood=$([ "${RELNAV_SOAK_FLOOD:-1}" = 0 ] && echo false || echo true)

db=relnav_soak_$$
export PGDATABASE=$db
work=$(mktemp -d)
cleanup() {
	dropdb --if-exists "$db" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

createdb -T template0 -E UTF8 "$db"
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'EOF'
SET client_min_messages = warning;
CREATE EXTENSION relnav;
\i test/clinic.sql
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user',
                   order_by => 'details DESC');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

-- nested calls: converting a text key to this primary key runs the CHECK,
-- which calls relnav
CREATE FUNCTION soak_ward_check(v integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RETURN v > 0 AND rel_count('users', 1 + v % 5, 'kins') = (SELECT count(*) FROM kins WHERE user_id = 1 + v % 5);
END
$$;
CREATE DOMAIN soak_ward_no AS integer CHECK (soak_ward_check(VALUE));
CREATE TABLE soak_wards (no soak_ward_no PRIMARY KEY, name text);
CREATE TABLE soak_beds (id integer PRIMARY KEY, ward soak_ward_no REFERENCES soak_wards);
INSERT INTO soak_wards VALUES (1, 'North'), (2, 'South'), (3, 'East');
INSERT INTO soak_beds VALUES (1, 1), (2, 1), (3, 2);
SELECT rel_declare('soak_wards', 'beds', 'soak_beds');

-- Distinct statements, one by one, until relnav's plan cache outgrows its
-- 1,000 entries and is flushed by size: seen as the number of PostgreSQL
-- plan sources (relnav keeps one per statement) going down.  Stopping there
-- leaves the cache in the same state after every flood, whatever it held
-- before, so that memory can be compared between batches.  Returns how
-- many statements it took.
CREATE FUNCTION soak_flood() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    plans bigint;
    last bigint := -1;
BEGIN
    FOR g IN 1..2100 LOOP
        IF rel_count('users', 1 + g % 5, repeat(' ', g) || 'kins')
           <> (SELECT count(*) FROM kins WHERE user_id = 1 + g % 5) THEN
            RAISE EXCEPTION 'soak: wrong count after % distinct statements', g;
        END IF;
        SELECT count(*) INTO plans FROM pg_backend_memory_contexts WHERE name = 'CachedPlanSource';
        IF plans < last THEN
            RETURN g;
        END IF;
        last := plans;
    END LOOP;
    RAISE EXCEPTION 'soak: 2,100 distinct statements, and the plan cache never shrank';
END
$$;

-- calls of each kind, the same before and after a flood, answers checked
CREATE FUNCTION soak_same_calls() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    got text;
BEGIN
    IF (SELECT string_agg(v->>'id', ',') FROM rel_navigate('users', 1, 'kins') v) IS DISTINCT FROM '1,2,3' THEN
        RAISE EXCEPTION 'soak: rel_navigate wrong around a flood';
    END IF;
    IF rel_count('users', 2, 'kins') <> 2 THEN
        RAISE EXCEPTION 'soak: rel_count wrong around a flood';
    END IF;
    -- (plpgsql parses a statement when it first runs it: on a version
    -- without these functions the branches are never parsed)
    IF to_regproc('rel_fetch') IS NOT NULL THEN
        got := rel_fetch('users', 3, 'full_name, kins(id)')::text;
        IF got IS DISTINCT FROM '{"kins": [{"id": 6}], "full_name": "Chen Wei"}' THEN
            RAISE EXCEPTION 'soak: rel_fetch wrong around a flood: %', got;
        END IF;
    END IF;
    IF to_regproc('rel_link') IS NOT NULL THEN
        -- kin 8 is user 5's already: the same call site, twice per batch
        PERFORM rel_link('users', 5, 'kins', 8);
        IF (SELECT user_id FROM kins WHERE id = 8) IS DISTINCT FROM 5 THEN
            RAISE EXCEPTION 'soak: rel_link wrong around a flood';
        END IF;
    END IF;
END
$$;

CREATE TABLE soak_samples (
    batch       integer,
    calls       bigint,
    seconds     numeric,
    ctx_bytes   bigint,      -- sum of every memory context of the backend
    relnav_bytes bigint,     -- relnav's own contexts
    cache_bytes bigint,      -- CacheMemoryContext and its children
    rss_anon_kb bigint,      -- anonymous resident memory (/proc/self/status)
    peak_bytes  bigint       -- highest context sum seen inside the batch
);

CREATE FUNCTION soak_ctx_bytes() RETURNS bigint LANGUAGE sql
    AS $$ SELECT sum(total_bytes)::bigint FROM pg_backend_memory_contexts $$;
CREATE FUNCTION soak_rss_anon_kb() RETURNS bigint LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/self/status'), 'RssAnon:\s+(\d+)'))[1]::bigint
$$;

CREATE FUNCTION soak_batch(n integer, nested boolean, flood boolean, OUT peak bigint)
    LANGUAGE plpgsql AS $$
DECLARE
    has_fetch boolean := to_regproc('rel_fetch') IS NOT NULL;
    has_fetch_many boolean := to_regproc('rel_fetch_many') IS NOT NULL;
    has_nav_many boolean := to_regproc('rel_navigate_many') IS NOT NULL;
    done integer := 0;
    k integer;
    x bigint;
    j jsonb;
    j_text text;
    flooded boolean := false;
    next_1k integer := 1000;
    next_10k integer := 10000;
BEGIN
    peak := soak_ctx_bytes();
    WHILE done < n LOOP
        k := 1 + done % 5;
        CASE done % 10
            WHEN 0 THEN PERFORM count(*) FROM rel_navigate('users', k, 'kins');
            WHEN 1 THEN PERFORM count(*) FROM rel_navigate('users', k, 'appointments', max_rows => 2);
            WHEN 2 THEN x := rel_count('users', k, 'specialities');
            WHEN 3 THEN PERFORM count(*) FROM rel_navigate('kins', 1 + done % 8, 'user.appointments');
            WHEN 4 THEN PERFORM count(*) FROM rel_navigate(
                            'users', k::text, 'kins', order_by => 'full_name DESC');
            WHEN 5 THEN PERFORM count(*) FROM rel_rows(NULL::kins, 'users', k, 'kins');
            WHEN 6 THEN
                IF has_fetch THEN
                    j := rel_fetch('users', k, 'full_name, kins(full_name), profile(bio), specialities(name)');
                ELSE
                    PERFORM count(*) FROM rel_navigate('users', k, 'profile');
                END IF;
            WHEN 7 THEN
                IF has_fetch THEN
                    j := rel_fetch('appointments', 1 + done % 10, '*, user(*, kins(*))');
                ELSE
                    PERFORM count(*) FROM rel_navigate('appointments', 1 + done % 10, 'user.kins');
                END IF;
            WHEN 8 THEN
                IF has_fetch_many THEN
                    PERFORM count(*) FROM rel_fetch_many('users', ARRAY[k, 1, 3], 'kins(*)');
                ELSE
                    PERFORM count(*) FROM rel_navigate('users', k, 'specialities');
                END IF;
            ELSE
                IF has_nav_many THEN
                    PERFORM count(*) FROM rel_navigate_many('users', ARRAY[k, 2], 'appointments');
                ELSE
                    x := rel_count('users', k, 'appointments');
                END IF;
        END CASE;
        done := done + 1;

        -- milestones, not done % N = 0: each block adds to done, so that
        -- test would skip the next block's multiples
        IF done >= next_1k THEN
            next_1k := next_1k + 1000;
            BEGIN
                PERFORM count(*) FROM rel_navigate('users', 1, 'no_such_relationship');
            EXCEPTION WHEN undefined_object THEN
                NULL;
            END;
            done := done + 1;
            IF nested THEN
                -- relnav inside relnav's key conversion
                x := rel_count('soak_wards', (1 + done % 3)::text, 'beds');
                IF x <> (SELECT count(*) FROM soak_beds WHERE ward = 1 + done % 3) THEN
                    RAISE EXCEPTION 'soak: nested count gave %', x;
                END IF;
                IF has_fetch_many THEN
                    SELECT string_agg(d->>'name', ',') INTO j_text
                      FROM rel_fetch_many('soak_wards', ARRAY['3', '1'], 'name, beds(id)') d;
                    IF j_text IS DISTINCT FROM 'East,North' THEN
                        RAISE EXCEPTION 'soak: nested fetch gave %', j_text;
                    END IF;
                END IF;
                done := done + 2;
            END IF;
        END IF;
        IF flood AND NOT flooded AND done >= n / 2 THEN
            -- the plan cache flushed by size in the middle of the batch,
            -- between two calls that a call site may answer from its plan
            PERFORM soak_same_calls();
            done := done + soak_flood();
            PERFORM soak_same_calls();
            flooded := true;
            done := done + 2 * 4;
        END IF;
        IF done >= next_10k THEN
            next_10k := next_10k + 10000;
            -- the same call site for many keys
            PERFORM count(*) FROM generate_series(1, 500) g,
                LATERAL rel_navigate('users', 1 + g % 5, 'kins');
            done := done + 500;
            -- a catalog change: every cached plan is flushed and rebuilt
            PERFORM rel_declare('users', 'soak_tmp', 'kins');
            PERFORM rel_drop('users', 'soak_tmp');
            peak := greatest(peak, soak_ctx_bytes());
        END IF;
    END LOOP;
END
$$;
EOF

# One session for every batch: the backend under test.
{
	echo "SET client_min_messages = warning;"
	echo "\\set t0 \`date +%s.%N\`"
	echo "INSERT INTO soak_samples SELECT 0, 0, 0, soak_ctx_bytes(), NULL, NULL, soak_rss_anon_kb(), NULL;"
	for b in $(seq 1 "$nbatches"); do
		n=$batch
		[ $((b * batch)) -le "$calls" ] || n=$((calls - (b - 1) * batch))
		echo "SELECT soak_batch($n, $nested, $flood) AS peak \\gset"
		echo "\\set t \`date +%s.%N\`"
		echo "INSERT INTO soak_samples
SELECT $b, (SELECT coalesce(max(calls), 0) FROM soak_samples) + $n,
       round((:t - :t0)::numeric, 1),
       soak_ctx_bytes(),
       (SELECT sum(total_bytes) FROM pg_backend_memory_contexts WHERE name LIKE 'relnav%'),
       (SELECT sum(total_bytes) FROM pg_backend_memory_contexts
         WHERE name = 'CacheMemoryContext' OR parent = 'CacheMemoryContext'),
       soak_rss_anon_kb(), :peak;"
	done
} >"$work/soak.sql"

echo "memory_soak: $calls calls in $nbatches batches of up to $batch, one backend (nested calls: $nested, cache flood: $flood)"
psql -X -q -v ON_ERROR_STOP=1 -f "$work/soak.sql" >"$work/soak.out" 2>&1 ||
	{ cat "$work/soak.out"; echo "FAILED: the soak session ended with an error"; exit 1; }

psql -X -P pager=off <<'EOF'
SELECT batch, calls, seconds,
       pg_size_pretty(ctx_bytes) AS contexts, ctx_bytes,
       pg_size_pretty(relnav_bytes) AS relnav, pg_size_pretty(cache_bytes) AS cache,
       rss_anon_kb, pg_size_pretty(peak_bytes) AS peak_in_batch
  FROM soak_samples ORDER BY batch;
EOF

read -r ctx_growth rss_growth peak_excess < <(psql -X -At -F ' ' <<'EOF'
SELECT (SELECT ctx_bytes FROM soak_samples ORDER BY batch DESC LIMIT 1)
     - (SELECT ctx_bytes FROM soak_samples WHERE batch = 1),
       (SELECT rss_anon_kb FROM soak_samples ORDER BY batch DESC LIMIT 1)
     - (SELECT rss_anon_kb FROM soak_samples WHERE batch = 1),
       (SELECT max(peak_bytes - ctx_bytes) FROM soak_samples WHERE batch > 1);
EOF
)
peak_excess=${peak_excess:-0}
echo "after warm-up: contexts grew by $ctx_growth bytes (limit $max_ctx), RssAnon by $rss_growth kB (limit $max_rss), peak inside a batch exceeded the level after it by at most $peak_excess bytes (limit $max_peak)"
status=0
[ "$ctx_growth" -le "$max_ctx" ] || { echo "FAILED: backend memory contexts grow"; status=1; }
[ "$rss_growth" -le "$max_rss" ] || { echo "FAILED: backend resident memory grows"; status=1; }
[ "$peak_excess" -le "$max_peak" ] || { echo "FAILED: memory held inside a transaction grows"; status=1; }
[ "$status" = 0 ] && echo "memory_soak: flat"
exit "$status"
