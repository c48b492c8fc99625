-- relnav demo: the SQLAlchemy clinic example (shared/seed), in the database.
--
-- Run by `make demo` as
--     psql -X -v ON_ERROR_STOP=1 --echo-queries -P pager=off -f test/demo.sql
-- inside a throw-away cluster, so every query is printed before its result
-- and the output reads like a tutorial. Any error stops the demo.

\echo
\echo '== Loading the clinic schema (test/clinic.sql) =='
\echo 'users, appointments, profiles, specialities, user_speciality, kins,'
\echo 'with a handful of sample rows.'
-- The DDL is not the point of the demo: load it without echo.
\set ECHO none
\set QUIET on
\ir clinic.sql
\set QUIET off
\set ECHO queries

SELECT (SELECT count(*) FROM users)           AS users,
       (SELECT count(*) FROM appointments)    AS appointments,
       (SELECT count(*) FROM profiles)        AS profiles,
       (SELECT count(*) FROM specialities)    AS specialities,
       (SELECT count(*) FROM user_speciality) AS user_speciality,
       (SELECT count(*) FROM kins)            AS kins;

CREATE EXTENSION relnav;

-- rel_declare returns void: send its empty results to /dev/null (\o) while
-- the declarations themselves are still echoed. Errors still stop the demo.
\o /dev/null

\echo
\echo '== 1. One-to-Many =='
\echo 'SQLAlchemy:  User.appointments = relationship("Appointment", back_populates="user")'
\echo '             Appointment.user  = relationship("User", back_populates="appointments")'
\echo 'and the same for User.kins <-> Kin.user. The join comes from the foreign key.'
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');

\echo
\echo '== 2. One-to-One =='
\echo 'SQLAlchemy:  User.profile = relationship("Profile", back_populates="user", uselist=False)'
\echo '             Profile.user = relationship("User", back_populates="profile", uselist=False)'
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user', uselist => false);
SELECT rel_declare('profiles', 'user', 'users', back_populates => 'profile', uselist => false);

\echo
\echo '== 3. Many-to-Many =='
\echo 'SQLAlchemy:  User.specialities = relationship("Speciality", secondary=user_speciality, back_populates="users")'
\echo '             Speciality.users  = relationship("User", secondary=user_speciality, back_populates="specialities")'
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities');
\o

\echo
\echo '== What is declared =='
SELECT * FROM rel_relationships ORDER BY 1, 2;

\echo
\echo '== Navigating: one-to-many =='
\echo 'Python: user.kins -- the kin of user 1, as jsonb rows'
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo 'Python: appointment.user.full_name -- the other direction, many-to-one'
SELECT * FROM rel_navigate('appointments', 1, 'user');
SELECT rel_navigate('appointments', 1, 'user') ->> 'full_name' AS full_name;

\echo
\echo '== Navigating: one-to-one =='
\echo 'Python: user.profile -- at most one row'
SELECT * FROM rel_navigate('users', 1, 'profile');
\echo 'User 4 has no profile: no row, not an error'
SELECT * FROM rel_navigate('users', 4, 'profile');

\echo
\echo '== Navigating: many-to-many =='
\echo 'Python: user.specialities'
SELECT * FROM rel_navigate('users', 1, 'specialities');
\echo 'Two hops: everyone who shares a speciality with user 1 (each user once)'
SELECT * FROM rel_navigate('users', 1, 'specialities.users');

\echo
\echo '== Typed rows and counts =='
\echo 'Python: for kin in user.kins: print(kin.full_name, kin.relationship)'
\echo 'rel_rows returns real kins rows, so plain SQL can filter them'
SELECT full_name, relationship
  FROM rel_rows(NULL::kins, 'users', 1, 'kins')
 WHERE relationship <> 'parent';
SELECT u.id, u.full_name, rel_count('users', u.id, 'kins') AS kins
  FROM users u
 ORDER BY u.id;

\echo
\echo '== Nested fetch: one document per user =='
\echo 'Python: the user with profile, kins, appointments and specialities loaded'
\echo '(SQLAlchemy selectinload / joinedload), as one jsonb document'
-- Print the document as plain text: aligned output would mark each line
-- break of jsonb_pretty with a "+".
\set QUIET on
\pset format unaligned
\pset tuples_only on
\set QUIET off
SELECT jsonb_pretty(rel_fetch('users', 1,
    'full_name, profile(bio), kins(full_name, relationship), appointments(details), specialities(name)'));
\set QUIET on
\pset format aligned
\pset tuples_only off
\set QUIET off

\echo
\echo '== Many users at once: one query, no N+1 =='
\echo 'Python: selectinload(User.kins) for users 3, 1 and 2'
SELECT source_key AS user_id, target->>'full_name' AS kin
  FROM rel_navigate_many('users', ARRAY[3, 1, 2], 'kins');

\echo
\echo '== Changing links =='
\echo 'Python: user5.specialities.append(cardiology); kin.user = user4'
SELECT rel_link('users', 5, 'specialities', 1);
SELECT rel_link('users', 4, 'kins', 1);
SELECT v->>'name' AS speciality FROM rel_navigate('users', 5, 'specialities') v;
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 4, 'kins') v;

\echo
\echo '== The model as a picture (Mermaid; rel_diagram(''dot'') for Graphviz) =='
\set QUIET on
\pset format unaligned
\pset tuples_only on
\set QUIET off
SELECT rel_diagram();
\set QUIET on
\pset format aligned
\pset tuples_only off
\set QUIET off

\echo
\echo 'Done. The cluster is thrown away when the demo ends.'
