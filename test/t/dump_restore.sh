#!/usr/bin/env bash
# Declarations survive pg_dump and restore, and DROP EXTENSION leaves user
# data alone.
#
# Runs in the cluster the environment points at (pg_virtualenv sets PGHOST,
# PGPORT, PGUSER, ...), from the repository top, with relnav installed.
#
#   1. A database with the clinic schema and declarations of every sort:
#      inferred from foreign keys, back_populates pairs, one-to-one,
#      many-to-many, explicit columns, an order_by, a column renamed and a
#      table renamed after declaring, awkward names in another schema, and
#      tables that lost a column before the declared ones, so that attribute
#      numbers differ once restored; declared conditions (a polymorphic
#      association both ways, a payload condition on an association table,
#      a read-only relationship with a condition of every form) whose
#      columns are renamed and shift on restore.
#   2. pg_dump in plain and custom format; restore into fresh databases with
#      psql, with pg_restore, and with pg_restore -j 3.
#   3. The same probe (rel_relationships, navigations, counts, typed rows,
#      and rel_fetch / rel_fetch_many / rel_navigate_many where they exist,
#      links through conditions, refused links through viewonly) in every
#      database: the outputs must be identical; the conditions' stored
#      attribute numbers must name their columns in each restore.
#   4. DROP EXTENSION relnav keeps every user table and row; CREATE
#      EXTENSION relnav again starts with an empty catalog.
#   5. Bad catalog rows do not cost the others.  A row whose table was
#      dropped with event triggers off (session_replication_role = replica)
#      stays in the catalog under a bare OID; dumps leave it out.  And
#      a plain dump whose declaration "doomed" names a column that no
#      longer exists (the dump edited by hand) restores every other
#      declaration, and skips that one with a WARNING that names it.
#
# Exit status 0 when everything matches; the databases it creates are
# dropped whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."

prefix=relnav_dump_$$
src=${prefix}_src
plain=${prefix}_plain
custom=${prefix}_custom
parallel=${prefix}_parallel
edited=${prefix}_edited
work=$(mktemp -d)
export PGDATABASE=postgres

cleanup() {
	for db in "$src" "$plain" "$custom" "$parallel" "$edited"; do
		dropdb --if-exists "$db" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

psql_db() {
	local db=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

fail() {
	echo "FAILED: $*"
	exit 1
}

# --- 1. the source database ---------------------------------------------
createdb -T template0 -E UTF8 "$src"
psql_db "$src" >/dev/null <<'EOF'
SET client_min_messages = warning;
CREATE EXTENSION relnav;
\i test/clinic.sql

-- attribute numbers that a restore does not reproduce: kins loses a column
-- in front of user_id, appointments in front of details
ALTER TABLE kins DROP COLUMN phone;
ALTER TABLE kins ADD COLUMN phone text;
UPDATE kins SET phone = '+1 555 01' || id;
ALTER TABLE appointments ADD COLUMN scratch integer;
ALTER TABLE appointments DROP COLUMN scratch;
ALTER TABLE appointments ADD COLUMN room text;

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user',
                   order_by => 'full_name DESC');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments',
                   back_populates => 'user', order_by => 'details, id DESC');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', viewonly => true);
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities',
                   order_by => 'full_name NULLS FIRST');

-- a join no constraint backs, with explicit columns
CREATE TABLE legacy_notes (note_no integer PRIMARY KEY, author integer, body text);
INSERT INTO legacy_notes VALUES (1, 1, 'first'), (2, 1, 'second'), (3, 3, 'third');
SELECT rel_declare('users', 'notes', 'legacy_notes',
                   source_columns => '{id}', target_columns => '{author}',
                   kind => 'one_to_many', order_by => 'note_no DESC');
SELECT rel_declare('legacy_notes', 'writer', 'users',
                   source_columns => '{author}', target_columns => '{id}');

-- awkward names in another schema
CREATE SCHEMA "Clinic Ext";
CREATE TABLE "Clinic Ext"."Visit Notes" (
    "Note Id" integer PRIMARY KEY,
    "Appointment" integer REFERENCES appointments (id),
    "Text" text
);
INSERT INTO "Clinic Ext"."Visit Notes" VALUES (1, 1, 'bring results'), (2, 1, 'fasting'), (3, 4, 'none');
SELECT rel_declare('appointments', 'Visit Notes', '"Clinic Ext"."Visit Notes"',
                   order_by => '"Text"');

-- a polymorphic association (Rails' as: :subject): reactions to posts and
-- to photos, told apart by a condition on reactions.subject_type.  Each
-- table loses a column in front of the condition's, so that the restore
-- must translate the stored attribute numbers back
CREATE TABLE posts (id integer PRIMARY KEY, title text NOT NULL);
CREATE TABLE photos (id integer PRIMARY KEY, caption text NOT NULL);
CREATE TABLE reactions (
    id integer PRIMARY KEY,
    scratch integer,
    subject_type text NOT NULL,
    subject_id integer,
    emoji text NOT NULL,
    stars integer NOT NULL DEFAULT 1
);
ALTER TABLE reactions DROP COLUMN scratch;
INSERT INTO posts VALUES (1, 'hello'), (2, 'again'), (3, 'quiet');
INSERT INTO photos VALUES (1, 'sunset'), (2, 'harbour');
-- ids collide across types on purpose: photo 1 and post 1 both have reactions
INSERT INTO reactions VALUES
    (1, 'post', 1, 'up', 5), (2, 'photo', 1, 'party', 2), (3, 'post', 2, 'heart', 4),
    (4, 'photo', 1, 'smile', 3), (5, 'post', 1, 'it''s', 1), (6, 'photo', 2, 'up', 1),
    (7, 'post', 1, 'heart', 4), (8, 'draft', 1, 'up', 5), (9, 'photo', 3, 'up', 2);
SELECT rel_declare('posts', 'reactions', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'subject_type = ''post''', back_populates => 'post',
                   order_by => 'stars DESC');
SELECT rel_declare('reactions', 'post', 'posts', kind => 'many_to_one',
                   source_columns => '{subject_id}', target_columns => '{id}',
                   condition => 'subject_type = ''post''', back_populates => 'reactions');
SELECT rel_declare('photos', 'reactions', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'subject_type = ''photo''', back_populates => 'photo');
SELECT rel_declare('reactions', 'photo', 'photos', kind => 'many_to_one',
                   source_columns => '{subject_id}', target_columns => '{id}',
                   condition => 'subject_type = ''photo''', back_populates => 'reactions');
-- a condition of every form (a quote in a literal, IN, OR, NOT, numbers),
-- read-only: links could not satisfy it anyway
SELECT rel_declare('posts', 'liked', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'subject_type = ''post'' AND (emoji IN (''heart'', ''it''''s'') OR stars >= 5) AND NOT stars = 2',
                   viewonly => true);

-- a many-to-many whose condition is on the association's payload
CREATE TABLE orgs (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE memberships (
    user_id integer REFERENCES users,
    org_id integer REFERENCES orgs,
    scratch integer,
    role text NOT NULL DEFAULT 'member',
    PRIMARY KEY (user_id, org_id)
);
ALTER TABLE memberships DROP COLUMN scratch;
INSERT INTO orgs VALUES (1, 'acme'), (2, 'initech');
INSERT INTO memberships VALUES (1, 1, 'admin'), (2, 1, 'member'), (3, 1, 'admin'),
                               (2, 2, 'admin'), (1, 2, 'member');
SELECT rel_declare('orgs', 'admins', 'users', secondary => 'memberships',
                   condition => 'role = ''admin''');
SELECT rel_declare('orgs', 'members', 'users', secondary => 'memberships', viewonly => true);

-- renamed after declaring: pg_dump must carry today's names
ALTER TABLE appointments RENAME COLUMN details TO summary;
ALTER TABLE kins RENAME COLUMN user_id TO patient_id;
ALTER TABLE profiles RENAME TO user_profiles;
ALTER TABLE "Clinic Ext"."Visit Notes" RENAME COLUMN "Text" TO "Note Text";
ALTER TABLE reactions RENAME COLUMN subject_type TO "Subject Type";
ALTER TABLE memberships RENAME COLUMN role TO org_role;
ALTER TABLE photos RENAME TO pictures;

-- a row whose table was dropped with event triggers off: the catalog
-- keeps it under a bare OID, and dumps must leave it out
CREATE TABLE orphan_notes (id integer PRIMARY KEY, user_id integer REFERENCES users);
SELECT rel_declare('users', 'orphan', 'orphan_notes');
SET session_replication_role = replica;
DROP TABLE orphan_notes;
RESET session_replication_role;

-- the declaration that step 5 breaks by editing the dump
CREATE TABLE doomed_notes (id integer PRIMARY KEY, doomed_ref integer);
SELECT rel_declare('users', 'doomed', 'doomed_notes',
                   source_columns => '{id}', target_columns => '{doomed_ref}');
EOF

# --- the probe: what must be the same everywhere -------------------------
cat >"$work/probe.sql" <<'EOF'
\pset pager off
SELECT source, name, target, kind, uselist, source_columns, target_columns,
       secondary, secondary_source_columns, secondary_target_columns,
       back_populates, order_by, condition, viewonly
  FROM rel_relationships WHERE name NOT IN ('doomed', 'orphan')
 ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('users', 1, 'kins');
SELECT * FROM rel_navigate('kins', 7, 'user');
SELECT * FROM rel_navigate('users', 1, 'appointments');
SELECT * FROM rel_navigate('users', 1, 'appointments', order_by => 'id DESC', max_rows => 2);
SELECT * FROM rel_navigate('users', 2, 'profile');
SELECT * FROM rel_navigate('users', 3, 'specialities');
SELECT * FROM rel_navigate('specialities', 2, 'users');
SELECT * FROM rel_navigate('users', 1, 'notes');
SELECT * FROM rel_navigate('legacy_notes', 3, 'writer.kins');
SELECT * FROM rel_navigate('appointments', 1, '"Visit Notes"');
SELECT * FROM rel_navigate('kins', 1, 'user.specialities.users');
SELECT rel_count('users', 1, 'kins'), rel_count('users', 1, 'appointments'),
       rel_count('specialities', 2, 'users'), rel_count('users', 4, 'kins'),
       rel_count('appointments', 1, '"Visit Notes"');
SELECT id, full_name, relationship FROM rel_rows(NULL::kins, 'users', 2, 'kins') ORDER BY id;
-- through conditions: each side of the polymorphic association sees only
-- its own reactions, at every hop
SELECT * FROM rel_navigate('posts', 1, 'reactions');
SELECT * FROM rel_navigate('pictures', 1, 'reactions');
SELECT * FROM rel_navigate('reactions', 2, 'photo');
SELECT * FROM rel_navigate('reactions', 2, 'post');
SELECT * FROM rel_navigate('reactions', 8, 'post');
SELECT * FROM rel_navigate('posts', 1, 'liked');
SELECT * FROM rel_navigate('posts', 1, 'reactions', order_by => 'emoji', max_rows => 2);
SELECT * FROM rel_navigate('reactions', 4, 'photo.reactions');
SELECT * FROM rel_navigate('orgs', 1, 'admins');
SELECT * FROM rel_navigate('orgs', 1, 'admins.kins');
SELECT * FROM rel_navigate('orgs', 2, 'members');
SELECT rel_count('posts', 1, 'reactions'), rel_count('pictures', 1, 'reactions'),
       rel_count('posts', 1, 'liked'), rel_count('pictures', 3, 'reactions'),
       rel_count('orgs', 1, 'admins'), rel_count('orgs', 2, 'admins'),
       rel_count('orgs', 2, 'members');
SELECT id, emoji, "Subject Type" FROM rel_rows(NULL::reactions, 'pictures', 1, 'reactions') ORDER BY id;
-- links through a condition set the column it pins, wherever the restore
-- put it; undone, so that the databases stay alike
BEGIN;
SELECT rel_link('pictures', 2, 'reactions', 8);
SELECT * FROM reactions WHERE id = 8;
SELECT rel_link('reactions', 9, 'post', 3);
SELECT * FROM reactions WHERE id = 9;
SELECT rel_unlink('posts', 3, 'reactions', 9);
SELECT * FROM reactions WHERE id = 9;
SELECT rel_link('orgs', 2, 'admins', 3);
SELECT * FROM memberships ORDER BY org_id, user_id;
ROLLBACK;
-- and links through read-only relationships are refused
\set ON_ERROR_STOP 0
\set VERBOSITY terse
SELECT rel_link('posts', 3, 'liked', 8);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('orgs', 2, 'members', 4);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set VERBOSITY default
\set ON_ERROR_STOP 1
SELECT * FROM reactions WHERE id = 8;
SELECT count(*) FROM memberships;
SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'rel_fetch') AS has_fetch,
       EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'rel_fetch_many') AS has_fetch_many,
       EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'rel_navigate_many') AS has_navigate_many
\gset
\if :has_fetch
SELECT rel_fetch('users', 1, '*, kins(full_name, phone), profile(bio), specialities(name), appointments(summary, "Visit Notes"("Note Text")), notes(body)');
SELECT rel_fetch('appointments', 4, 'summary, user(full_name, kins(*))');
\endif
\if :has_fetch_many
SELECT * FROM rel_fetch_many('users', ARRAY[3, 1, 5], 'full_name, kins(full_name), specialities(name)');
\endif
\if :has_navigate_many
SELECT * FROM rel_navigate_many('users', ARRAY[2, 1], 'kins');
\endif
\if :has_fetch
SELECT rel_fetch('posts', 1, 'title, reactions(emoji, stars, post(title), photo(caption)), liked(id)');
SELECT rel_fetch('reactions', 4, 'emoji, photo(caption, reactions(id)), post(title)');
SELECT rel_fetch('orgs', 1, 'name, admins(full_name, kins(full_name)), members(full_name)');
\endif
\if :has_fetch_many
SELECT * FROM rel_fetch_many('posts', ARRAY[3, 2, 1],
    'title, n: COUNT(reactions), best: MAX(reactions.stars), hearts: COUNT(reactions WHERE emoji = ''heart'')');
SELECT * FROM rel_fetch_many('pictures', ARRAY[1, 2], 'caption, reactions(emoji WHERE stars > 1 ORDER BY stars LIMIT 1)');
SELECT * FROM rel_fetch_many('posts', ARRAY[1, 2, 3], 'id WHERE EXISTS (liked WHERE emoji = ''heart'')');
\endif
\if :has_navigate_many
SELECT * FROM rel_navigate_many('pictures', ARRAY[2, 1], 'reactions');
SELECT * FROM rel_navigate_many('orgs', ARRAY[2, 1], 'admins');
\endif
EOF

# --- 2. dump and restore --------------------------------------------------
pg_dump -d "$src" -Fp -f "$work/dump.sql"
pg_dump -d "$src" -Fc -f "$work/dump.custom"
grep -q '_relnav.relationships' "$work/dump.sql" ||
	fail "the plain dump carries no declarations"
# the orphan row is in the catalog, but not in the dump
[ "$(psql_db "$src" -At -c "SELECT count(*) FROM _relnav.relationships WHERE name = 'orphan'")" = 1 ] ||
	fail "the source database lost its orphan row before the dump"
if grep -q 'orphan' "$work/dump.sql"; then
	fail "the plain dump carries the orphan row"
fi

createdb -T template0 -E UTF8 "$plain"
psql_db "$plain" -f "$work/dump.sql" >"$work/restore_plain.log" 2>&1 ||
	{ cat "$work/restore_plain.log"; fail "psql restore of the plain dump"; }
createdb -T template0 -E UTF8 "$custom"
pg_restore --exit-on-error -d "$custom" "$work/dump.custom" >"$work/restore_custom.log" 2>&1 ||
	{ cat "$work/restore_custom.log"; fail "pg_restore of the custom dump"; }
# parallel restore loads table data, relnav's catalog included, in any order
createdb -T template0 -E UTF8 "$parallel"
pg_restore --exit-on-error -j 3 -d "$parallel" "$work/dump.custom" >"$work/restore_parallel.log" 2>&1 ||
	{ cat "$work/restore_parallel.log"; fail "pg_restore -j 3 of the custom dump"; }

# --- 3. compare -----------------------------------------------------------
for db in "$src" "$plain" "$custom" "$parallel"; do
	psql_db "$db" -f "$work/probe.sql" >"$work/probe.$db.out" 2>&1 ||
		{ cat "$work/probe.$db.out"; fail "probe in $db"; }
done
echo "probe output in the source database ($(wc -l <"$work/probe.$src.out") lines):"
cat "$work/probe.$src.out"
status=0
for db in "$plain" "$custom" "$parallel"; do
	if diff -u "$work/probe.$src.out" "$work/probe.$db.out"; then
		echo "ok: $db navigates like the source"
	else
		echo "FAILED: $db differs from the source"
		status=1
	fi
done

# the restore really had to translate column names back to new attribute
# numbers (otherwise this test would prove less than it claims)
attnums() {
	psql_db "$1" -At -c "SELECT attnum FROM pg_attribute WHERE attrelid = 'kins'::regclass AND attname = 'patient_id'"
}
if [ "$(attnums "$src")" = "$(attnums "$plain")" ]; then
	echo "FAILED: kins.patient_id has the same attribute number after restore; the test lost its point"
	status=1
fi

# the same for the conditions' columns, and the restored catalog rows must
# name the columns at their new attribute numbers
condattnum() {
	psql_db "$1" -At -c "SELECT attnum FROM pg_attribute WHERE attrelid = '$2'::regclass AND attname = '$3'"
}
for col in 'reactions:Subject Type' 'memberships:org_role'; do
	if [ "$(condattnum "$src" "${col%%:*}" "${col#*:}")" = "$(condattnum "$plain" "${col%%:*}" "${col#*:}")" ]; then
		echo "FAILED: ${col%%:*}.${col#*:} has the same attribute number after restore; the test lost its point"
		status=1
	fi
done
for db in "$plain" "$custom" "$parallel"; do
	bad=$(psql_db "$db" -At <<'EOF'
SELECT format('%s.%s: condition_attnums %s', r.source::regclass, r.name, r.condition_attnums)
  FROM _relnav.relationships r
 WHERE r.condition IS NOT NULL
   AND r.condition_attnums IS DISTINCT FROM (
       SELECT array_agg(a.attnum ORDER BY a.attnum)
         FROM pg_attribute a
        WHERE a.attrelid = CASE WHEN r.secondary IS NOT NULL THEN r.secondary
                                WHEN r.kind = 'many_to_one' THEN r.source
                                ELSE r.target END
          AND a.attname = CASE WHEN r.name = 'admins' THEN 'org_role' ELSE 'Subject Type' END)
   AND r.name <> 'liked'
EOF
)
	if [ -n "$bad" ]; then
		echo "FAILED: $db: condition rows point at the wrong columns:"
		echo "$bad"
		status=1
	fi
done

# the rows rel_navigate returns must match the tables, not only each other
n=$(psql_db "$custom" -At -c "SELECT count(*) FROM rel_navigate('users', 1, 'kins')")
[ "$n" = 3 ] || { echo "FAILED: users 1 has 3 kins, rel_navigate found $n after pg_restore"; status=1; }
same=$(psql_db "$custom" -At <<'EOF'
SELECT (SELECT array_agg((v->>'id')::int ORDER BY (v->>'id')::int) FROM rel_navigate('pictures', 1, 'reactions') v)
     = (SELECT array_agg(id ORDER BY id) FROM reactions WHERE subject_id = 1 AND "Subject Type" = 'photo')
   AND (SELECT array_agg((v->>'id')::int ORDER BY (v->>'id')::int) FROM rel_navigate('orgs', 1, 'admins') v)
     = (SELECT array_agg(user_id ORDER BY user_id) FROM memberships WHERE org_id = 1 AND org_role = 'admin')
   AND rel_count('pictures', 1, 'reactions') = 2
EOF
)
[ "$same" = t ] || { echo "FAILED: after pg_restore, navigating through conditions disagrees with the hand-written joins"; status=1; }

# --- 4. DROP EXTENSION keeps user data; CREATE EXTENSION starts empty ------
checksum() {
	psql_db "$1" -At <<'EOF'
SELECT string_agg(format('%s:%s:%s', c.oid::regclass,
                         (xpath('/row/n/text()',
                                query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass),
                                             false, true, '')))[1]::text,
                         (xpath('/row/h/text()',
                                query_to_xml(format('SELECT md5(string_agg(t::text, %L ORDER BY t::text)) AS h FROM %s t',
                                                    ',', c.oid::regclass),
                                             false, true, '')))[1]::text),
                  E'\n' ORDER BY c.oid::regclass::text)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', '_relnav')
   AND n.nspname NOT LIKE 'pg_toast%';
EOF
}
before=$(checksum "$custom")
psql_db "$custom" -c 'DROP EXTENSION relnav' >"$work/drop.log" 2>&1 ||
	{ cat "$work/drop.log"; fail "DROP EXTENSION relnav"; }
after=$(checksum "$custom")
if [ "$before" != "$after" ] || [ -z "$before" ]; then
	echo "FAILED: user tables changed with DROP EXTENSION"
	diff <(echo "$before") <(echo "$after") || true
	status=1
else
	echo "ok: DROP EXTENSION relnav kept $(echo "$before" | wc -l) user tables and their rows"
fi
left=$(psql_db "$custom" -At <<'EOF'
SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname = '_relnav'
UNION ALL
SELECT 'function ' || oid::regprocedure FROM pg_proc WHERE proname LIKE 'rel\_%' OR proname LIKE 'relnav%'
UNION ALL
SELECT 'event trigger ' || evtname FROM pg_event_trigger WHERE evtname LIKE 'relnav%'
UNION ALL
SELECT 'view ' || oid::regclass FROM pg_class WHERE relname = 'rel_relationships';
EOF
)
if [ -n "$left" ]; then
	echo "FAILED: DROP EXTENSION left relnav objects behind:"
	echo "$left"
	status=1
fi
# user DDL works without the extension's event triggers
psql_db "$custom" -c 'ALTER TABLE kins RENAME COLUMN patient_id TO user_id; DROP TABLE legacy_notes' ||
	{ echo "FAILED: DDL after DROP EXTENSION"; status=1; }

psql_db "$custom" -c 'CREATE EXTENSION relnav'
empty=$(psql_db "$custom" -At -c 'SELECT count(*) FROM rel_relationships')
[ "$empty" = 0 ] || { echo "FAILED: CREATE EXTENSION after DROP found $empty declarations"; status=1; }
err=$(psql_db "$custom" -At -v VERBOSITY=terse -c "SELECT * FROM rel_navigate('users', 1, 'kins')" 2>&1 || true)
case $err in
	*'relationship "kins" does not exist'*) echo "ok: CREATE EXTENSION relnav again starts empty" ;;
	*) echo "FAILED: navigating an old declaration after re-creating the extension: $err"; status=1 ;;
esac
psql_db "$custom" -c "SELECT rel_declare('users', 'kins', 'kins')" >/dev/null &&
	n=$(psql_db "$custom" -At -c "SELECT rel_count('users', 1, 'kins')") &&
	[ "$n" = 3 ] || { echo "FAILED: declaring again after re-creating the extension"; status=1; }

# --- 5. one bad row costs only itself --------------------------------------
# the catalog's row names doomed_ref; the table keeps it: only the row breaks
grep -c '{doomed_ref}' "$work/dump.sql" | grep -qx 1 ||
	fail "the plain dump does not hold the doomed declaration once"
sed 's/{doomed_ref}/{doomed_gone}/' "$work/dump.sql" >"$work/edited.sql"
createdb -T template0 -E UTF8 "$edited"
psql_db "$edited" -f "$work/edited.sql" >"$work/restore_edited.log" 2>&1 ||
	{ cat "$work/restore_edited.log"; fail "psql restore of the edited dump"; }
# (a restore runs with an empty search_path: names come qualified)
if grep -q 'WARNING:  skipping relationship "doomed" on table "public.users"' "$work/restore_edited.log" &&
	grep -q 'DETAIL:  Column "doomed_gone" of table "public.doomed_notes" does not exist.' "$work/restore_edited.log"; then
	echo "ok: the restore of the edited dump skipped \"doomed\" with a WARNING"
else
	cat "$work/restore_edited.log"
	echo "FAILED: no WARNING for the bad row in the restore log"
	status=1
fi
psql_db "$edited" -f "$work/probe.sql" >"$work/probe.edited.out" 2>&1 ||
	{ cat "$work/probe.edited.out"; fail "probe in $edited"; }
if diff -u "$work/probe.$src.out" "$work/probe.edited.out"; then
	echo "ok: every other declaration survived the bad row"
else
	echo "FAILED: the edited restore lost declarations besides the bad one"
	status=1
fi
for db in "$src" "$plain" "$edited"; do
	echo "$db: $(psql_db "$db" -At -c "SELECT count(*) FROM rel_relationships WHERE name = 'doomed'") doomed"
done
[ "$(psql_db "$plain" -At -c "SELECT count(*) FROM rel_relationships WHERE name = 'doomed'")" = 1 ] ||
	{ echo "FAILED: the unedited restore lost \"doomed\""; status=1; }
[ "$(psql_db "$edited" -At -c "SELECT count(*) FROM rel_relationships WHERE name = 'doomed'")" = 0 ] ||
	{ echo "FAILED: the edited restore kept \"doomed\""; status=1; }

[ "$status" = 0 ] && echo "dump_restore: all checks passed"
exit "$status"
