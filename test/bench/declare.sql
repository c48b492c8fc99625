-- The clinic's relationships, as the seed's SQLAlchemy models declare them,
-- and two dummy declarations on tables of their own: 10 in all, the
-- "10 declared" side of the scaling check (scale_decls.sql adds 9,990).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
\o /dev/null
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user', uselist => false);
SELECT rel_declare('profiles', 'user', 'users', back_populates => 'profile', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities');

-- dummy tables for the scaling check: bench_dummy.d1 .. d100, empty, each
-- with a column u that could point at users (no constraint: the
-- declarations name the columns)
CREATE SCHEMA bench_dummy;
SELECT format('CREATE TABLE bench_dummy.d%s (id integer PRIMARY KEY, u integer)', i)
  FROM generate_series(1, 100) i \gexec
-- dummy declaration n is d<(n - 1) / 100 + 1>.m<(n - 1) % 100 + 1>
SELECT rel_declare(format('bench_dummy.d%s', (n - 1) / 100 + 1)::regclass,
                   'm' || (n - 1) % 100 + 1, 'users',
                   source_columns => '{u}', target_columns => '{id}')
  FROM generate_series(1, 2) n;
\o
