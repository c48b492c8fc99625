#!/usr/bin/env bash
# Plans are not used after they are freed (issue 9, point 3).
#
# relnav's plan cache frees every plan when it grows past 1,000 entries.
# Whatever a call site kept from an earlier call (the backend-wide state of
# the readers, the fn_extra of rel_link / rel_unlink, a prepared statement,
# a PL/pgSQL function) must not lead to a freed plan afterwards.  In one
# session (one backend):
#
#   1. every reader, rel_link and rel_unlink run once, at their call sites:
#      plain statements, prepared statements, a PL/pgSQL function;
#   2. 1,100 distinct statements (rel_count with a path padded by g spaces,
#      g = 1..1100) flush the cache;
#   3. the same call sites run again, and again after a second flood, and a
#      PL/pgSQL function floods the cache between calls of its own call
#      sites, in one transaction (so fn_extra survives the flush).
#
# Every answer is compared with the hand-written query's; a wrong answer
# raises an error.  Passes when the session ends without an error and the
# server did not restart (a backend crash ends every session, including a
# watcher's).  Runs in the cluster the environment points at, from the
# repository top; creates and drops its own database.
set -euo pipefail
cd "$(dirname "$0")/../.."

db=relnav_plan_lifetime_$$
export PGDATABASE=$db
work=$(mktemp -d)
watch_pid=

cleanup() {
	psql -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
	    WHERE datname = '$db' AND application_name = 'relnav_plan_lifetime_watch'" >/dev/null 2>&1 || true
	if [ -n "$watch_pid" ]; then kill "$watch_pid" 2>/dev/null || true; fi
	[ -n "${RELNAV_KEEP_DB:-}" ] || dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "FAILED: $*"
	exit 1
}

createdb -T template0 -E UTF8 "$db"
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'EOF'
SET client_min_messages = warning;
CREATE EXTENSION relnav;
\i test/clinic.sql
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', order_by => 'details DESC');
SELECT rel_declare('users', 'profile', 'profiles');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

-- raise unless got = want
CREATE FUNCTION expect(what text, got text, want text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF got IS DISTINCT FROM want THEN
        RAISE EXCEPTION 'plan_lifetime: % gave %, the hand-written query %', what, got, want;
    END IF;
    RETURN 'ok';
END
$$;

-- 1,100 distinct relnav statements: more than the cache holds
CREATE FUNCTION flood() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    FOR g IN 1..1100 LOOP
        PERFORM public.expect('flood', rel_count('users', 1, repeat(' ', g) || 'kins')::text, '3');
    END LOOP;
END
$$;

-- every reader at its own call sites, each answer against the hand-written
-- query; with_flood floods the cache between two rounds of the same call
-- sites, inside this one call (one transaction: fn_extra survives)
CREATE FUNCTION readers(k int, with_flood boolean) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    FOR round IN 1..2 LOOP
        PERFORM expect('rel_fetch', rel_fetch('users', k, 'full_name, kins(id), profile(bio)')::text,
            (SELECT jsonb_build_object('full_name', u.full_name,
                 'kins', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.id) ORDER BY x.id), '[]') FROM kins x WHERE x.user_id = u.id),
                 'profile', (SELECT jsonb_build_object('bio', p.bio) FROM profiles p WHERE p.user_id = u.id))::text
               FROM users u WHERE u.id = k));
        PERFORM expect('rel_navigate', (SELECT string_agg(v->>'id', ',') FROM rel_navigate('users', k, 'kins') v),
            (SELECT string_agg(x.id::text, ',' ORDER BY x.id) FROM kins x WHERE x.user_id = k));
        PERFORM expect('rel_navigate order_by', (SELECT string_agg(v->>'id', ',') FROM rel_navigate('users', k, 'appointments', 'id DESC', 2) v),
            (SELECT string_agg(id::text, ',') FROM (SELECT a.id FROM appointments a WHERE a.user_id = k ORDER BY a.id DESC LIMIT 2) a));
        PERFORM expect('rel_rows', (SELECT string_agg(r.full_name, ',') FROM rel_rows(NULL::kins, 'users', k, 'kins') r),
            (SELECT string_agg(x.full_name, ',' ORDER BY x.id) FROM kins x WHERE x.user_id = k));
        PERFORM expect('rel_count', rel_count('users', k, 'specialities')::text,
            (SELECT count(*)::text FROM user_speciality s WHERE s.user_id = k));
        PERFORM expect('rel_count text key', rel_count('users', k::text, 'appointments')::text,
            (SELECT count(*)::text FROM appointments a WHERE a.user_id = k));
        PERFORM expect('rel_fetch_many', (SELECT string_agg(d->>'id', ',') FROM rel_fetch_many('users', ARRAY[k, 3, 99], 'id, kins(*)') d),
            (SELECT string_agg(u.id::text, ',' ORDER BY o) FROM unnest(ARRAY[k, 3, 99]) WITH ORDINALITY AS a(i, o) JOIN users u ON u.id = a.i
              WHERE o = (SELECT min(o2) FROM unnest(ARRAY[k, 3, 99]) WITH ORDINALITY AS b(i2, o2) WHERE b.i2 = a.i)));
        PERFORM expect('rel_navigate_many', (SELECT string_agg(source_key || ':' || (target->>'id'), ',') FROM rel_navigate_many('users', ARRAY[k, 5], 'kins')),
            (SELECT string_agg(a.i || ':' || x.id, ',' ORDER BY a.o, x.id) FROM unnest(ARRAY[k, 5]) WITH ORDINALITY AS a(i, o) JOIN kins x ON x.user_id = a.i
              WHERE a.o = (SELECT min(o2) FROM unnest(ARRAY[k, 5]) WITH ORDINALITY AS b(i2, o2) WHERE b.i2 = a.i)));
        -- link kin 8 to user k and back to user 5; specialities 2 to user k and back
        PERFORM rel_link('users', k, 'kins', 8);
        PERFORM expect('rel_link', (SELECT user_id::text FROM kins WHERE id = 8), k::text);
        PERFORM rel_link('kins', 8, 'user', 5);
        PERFORM expect('rel_link many_to_one', (SELECT user_id::text FROM kins WHERE id = 8), '5');
        IF NOT EXISTS (SELECT 1 FROM user_speciality WHERE user_id = k AND speciality_id = 2) THEN
            PERFORM rel_link('users', k, 'specialities', 2);
            PERFORM expect('rel_link many_to_many', (SELECT count(*)::text FROM user_speciality WHERE user_id = k AND speciality_id = 2), '1');
            PERFORM rel_unlink('users', k, 'specialities', 2);
            PERFORM expect('rel_unlink many_to_many', (SELECT count(*)::text FROM user_speciality WHERE user_id = k AND speciality_id = 2), '0');
        END IF;
        IF with_flood AND round = 1 THEN
            PERFORM flood();
        END IF;
    END LOOP;
    RETURN 'ok';
END
$$;
EOF

# a session that lives through the test: a backend crash ends it
psql -X -q -c "SET application_name = 'relnav_plan_lifetime_watch'; SELECT pg_sleep(3600)" >/dev/null 2>&1 &
watch_pid=$!
for _ in $(seq 50); do
	[ "$(psql -X -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'relnav_plan_lifetime_watch'")" = 1 ] && break
	sleep 0.1
done

cat >"$work/session.sql" <<'EOF'
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
\echo 1. every call site once
SELECT rel_fetch('users', 1, 'full_name, kins(id)');
SELECT string_agg(v->>'id', ',') FROM rel_navigate('users', 1, 'kins') v;
SELECT rel_count('users', 2, 'kins');
SELECT rel_link('users', 4, 'kins', 8);
SELECT rel_unlink('users', 4, 'kins', 8);
SELECT rel_link('users', 5, 'kins', 8);
PREPARE fetch_user(int) AS SELECT rel_fetch('users', $1, 'full_name, kins(id)');
PREPARE navigate_user(int) AS SELECT string_agg(v->>'id', ',') FROM rel_navigate('users', $1, 'kins') v;
PREPARE link_kin(int, int) AS SELECT rel_link('users', $1, 'kins', $2);
EXECUTE fetch_user(1);
EXECUTE navigate_user(1);
EXECUTE link_kin(5, 8);
SELECT readers(1, false);

\echo 2. flood
SELECT flood();

\echo 3. the same call sites again
SELECT expect('rel_fetch after flood', rel_fetch('users', 1, 'full_name, kins(id)')::text,
              '{"kins": [{"id": 1}, {"id": 2}, {"id": 3}], "full_name": "Amina Okafor"}');
SELECT expect('rel_navigate after flood', (SELECT string_agg(v->>'id', ',') FROM rel_navigate('users', 1, 'kins') v), '1,2,3');
SELECT expect('rel_count after flood', rel_count('users', 2, 'kins')::text, '2');
SELECT rel_link('users', 4, 'kins', 8);
SELECT expect('rel_link after flood', (SELECT user_id::text FROM kins WHERE id = 8), '4');
SELECT rel_unlink('users', 4, 'kins', 8);
SELECT rel_link('users', 5, 'kins', 8);
EXECUTE fetch_user(2);
EXECUTE navigate_user(2);
EXECUTE link_kin(5, 8);
SELECT readers(1, false);
SELECT readers(2, false);

\echo 4. flood between calls of the same call sites, in one transaction
SELECT readers(3, true);
SELECT readers(5, true);
BEGIN;
SELECT readers(1, true);
SELECT flood();
SELECT readers(2, false);
EXECUTE fetch_user(3);
COMMIT;

\echo 5. prepared statements after another flood
SELECT flood();
EXECUTE fetch_user(1);
EXECUTE fetch_user(1);
EXECUTE navigate_user(5);
EXECUTE link_kin(5, 8);
SELECT readers(4, true);
SELECT expect('rel_fetch at the end', rel_fetch('users', 1, 'full_name, kins(id)')::text,
              '{"kins": [{"id": 1}, {"id": 2}, {"id": 3}], "full_name": "Amina Okafor"}');
\echo done
EOF

start=$(date +%s)
status=0
psql -X -q -f "$work/session.sql" >"$work/session.out" 2>&1 || status=$?
cat "$work/session.out"
echo "plan_lifetime: session ended with status $status after $(( $(date +%s) - start )) s"

pg_isready -q || { sleep 2; pg_isready -q; } || fail "the server is down"
[ "$(psql -X -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'relnav_plan_lifetime_watch'")" = 1 ] ||
	fail "the server restarted: a backend crashed"
[ "$status" = 0 ] || fail "the session ended with an error"
grep -qx 'done' "$work/session.out" || fail "the session did not reach its end"
# the expected outputs of the plain statements
for want in '{"kins": [{"id": 1}, {"id": 2}, {"id": 3}], "full_name": "Amina Okafor"}' \
	'{"kins": [{"id": 4}, {"id": 5}], "full_name": "Bruno Costa"}' \
	'{"kins": [{"id": 6}], "full_name": "Chen Wei"}'; do
	grep -qF " $want" "$work/session.out" || fail "missing output: $want"
done
echo "plan_lifetime: every answer right after each flush, server up"
