-- Deterministic clinic data for the benchmark.
--
--   psql -v nusers=100000 -f test/bench/gen_data.sql   (from the repository top)
--
-- The tables are test/clinic.sql's (the same DDL the tests use, loaded and
-- then emptied), with indexes on every foreign key. Counts per user follow
-- from hashes of the user id (hashint4extended with a salt per table), never
-- from random(): every run, on every machine, makes the same rows.
--
--   users         nusers                     full_name
--   profiles      one per user               bio
--   kins          0..10 per user, mean 5
--   appointments  0..20 per user, mean 10
--   specialities  50
--   user_speciality 0..6 per user, mean 3, all distinct
--
-- Child rows are inserted user by user (ids ascending with user_id), as an
-- application that adds a user's rows together would leave them.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

\i test/clinic.sql
TRUNCATE users, appointments, profiles, specialities, user_speciality, kins
    RESTART IDENTITY;

-- h(id, salt): a non-negative pseudo-random bigint, a pure function of its inputs
CREATE FUNCTION pg_temp.h(id integer, salt bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN hashint4extended(id, salt) & 9223372036854775807;

INSERT INTO specialities (id, name)
SELECT s, (ARRAY['Cardiology', 'Dermatology', 'Paediatrics', 'Neurology',
                 'Oncology', 'Radiology', 'Psychiatry', 'Urology', 'Surgery',
                 'Geriatrics'])[1 + (s - 1) % 10] || ' ' || (1 + (s - 1) / 10)
  FROM generate_series(1, 50) s;

INSERT INTO users (id, full_name)
SELECT u, (ARRAY['Amina', 'Bruno', 'Chen', 'Dana', 'Emil', 'Farah', 'Goran',
                 'Hana', 'Ivo', 'Jana', 'Kofi', 'Lena'])[1 + pg_temp.h(u, 1) % 12]
          || ' ' ||
          (ARRAY['Okafor', 'Costa', 'Wei', 'Levi', 'Novak', 'Haddad', 'Petrov',
                 'Sato', 'Horvat', 'Kowalski', 'Mensah', 'Berg'])[1 + pg_temp.h(u, 2) % 12]
          || '-' || u
  FROM generate_series(1, :nusers) u;

INSERT INTO profiles (id, bio, user_id)
SELECT u, 'Patient since ' || (1990 + pg_temp.h(u, 3) % 35)
          || '; notes ' || substr(md5(u::text), 1, 16), u
  FROM generate_series(1, :nusers) u;

INSERT INTO kins (full_name, phone, relationship, user_id)
SELECT 'Kin ' || g || ' of user ' || u,
       CASE WHEN pg_temp.h(u * 16 + g, 5) % 5 = 0 THEN NULL
            ELSE '+44 20 7946 ' || lpad((pg_temp.h(u * 16 + g, 6) % 10000)::text, 4, '0') END,
       (ARRAY['spouse', 'sibling', 'parent', 'child', 'friend'])[1 + pg_temp.h(u * 16 + g, 7) % 5],
       u
  FROM generate_series(1, :nusers) u,
       generate_series(1, (pg_temp.h(u, 4) % 11)::int) g
 ORDER BY u, g;

INSERT INTO appointments (details, user_id)
SELECT (ARRAY['Annual check-up', 'Blood pressure follow-up', 'ECG review',
              'Vaccination', 'Allergy test', 'Physiotherapy referral',
              'Cholesterol results', 'Skin rash consultation'])[1 + pg_temp.h(u * 32 + g, 9) % 8]
       || ' #' || g,
       u
  FROM generate_series(1, :nusers) u,
       generate_series(1, (pg_temp.h(u, 8) % 21)::int) g
 ORDER BY u, g;

-- speciality ids (base + 7 g) mod 50 + 1 for g = 1..n, n <= 6: distinct
INSERT INTO user_speciality (user_id, speciality_id)
SELECT u, ((pg_temp.h(u, 10) + 7 * g) % 50 + 1)::int
  FROM generate_series(1, :nusers) u,
       generate_series(1, (pg_temp.h(u, 11) % 7)::int) g
 ORDER BY u, g;

\o /dev/null
SELECT setval('users_id_seq', :nusers);
SELECT setval('profiles_id_seq', :nusers);
SELECT setval('specialities_id_seq', 50);
SELECT setval('kins_id_seq', (SELECT max(id) FROM kins));
SELECT setval('appointments_id_seq', (SELECT max(id) FROM appointments));

\o
VACUUM (ANALYZE) users, profiles, kins, appointments, specialities, user_speciality;
