-- The clinic schema of the SQLAlchemy example relnav mirrors
-- (shared/seed: User, Appointment, Profile, Speciality, user_speciality, Kin),
-- as plain DDL in the current schema, with a small deterministic data set.
--
-- No relnav calls here: test/demo.sql and the regression tests declare the
-- relationships themselves. Load it with `\ir clinic.sql` from a file beside
-- it, and with `\i test/clinic.sql` from sql/*.sql: pg_regress feeds a test
-- to psql on standard input, so paths there are relative to the repository
-- top (where the tests run), not to sql/.
--
-- Columns follow the seed: Integer primary keys become serial, String
-- becomes text, and foreign-key columns are nullable as SQLAlchemy makes them.

CREATE TABLE users (
    id        serial PRIMARY KEY,
    full_name text
);

-- one-to-many: a user has many appointments
CREATE TABLE appointments (
    id      serial PRIMARY KEY,
    details text,
    user_id integer REFERENCES users (id)
);
CREATE INDEX appointments_user_id_idx ON appointments (user_id);

-- one-to-one: a user has at most one profile. UNIQUE makes the database
-- enforce what uselist=False says (and its index serves the foreign key).
CREATE TABLE profiles (
    id      serial PRIMARY KEY,
    bio     text,
    user_id integer UNIQUE REFERENCES users (id)
);

-- many-to-many: users <-> specialities through user_speciality
CREATE TABLE specialities (
    id   serial PRIMARY KEY,
    name text
);

-- The primary key's index serves user_id (its leading column).
CREATE TABLE user_speciality (
    user_id       integer REFERENCES users (id),
    speciality_id integer REFERENCES specialities (id),
    PRIMARY KEY (user_id, speciality_id)
);
CREATE INDEX user_speciality_speciality_id_idx ON user_speciality (speciality_id);

-- one-to-many: a user's next of kin
CREATE TABLE kins (
    id           serial PRIMARY KEY,
    full_name    text,
    phone        text,
    relationship text,
    user_id      integer REFERENCES users (id)
);
CREATE INDEX kins_user_id_idx ON kins (user_id);

-- Sample rows. Explicit ids keep every output deterministic; some users
-- deliberately have no profile, no kin or no speciality.
INSERT INTO users (id, full_name) VALUES
    (1, 'Amina Okafor'),
    (2, 'Bruno Costa'),
    (3, 'Chen Wei'),
    (4, 'Dana Levi'),        -- no profile, no kin
    (5, 'Emil Novak');       -- no profile, no speciality

INSERT INTO appointments (id, details, user_id) VALUES
    (1,  'Annual check-up',             1),
    (2,  'Blood pressure follow-up',    1),
    (3,  'ECG review',                  1),
    (4,  'Skin rash consultation',      2),
    (5,  'Mole removal',                2),
    (6,  'Vaccination',                 3),
    (7,  'Growth assessment',           3),
    (8,  'Allergy test',                4),
    (9,  'Cholesterol results',         4),
    (10, 'Physiotherapy referral',      5);

INSERT INTO profiles (id, bio, user_id) VALUES
    (1, 'Cardiologist, 12 years in practice.',          1),
    (2, 'Dermatologist with an interest in allergies.', 2),
    (3, 'Paediatrician and part-time lecturer.',        3);

INSERT INTO specialities (id, name) VALUES
    (1, 'Cardiology'),
    (2, 'Dermatology'),
    (3, 'Paediatrics');

INSERT INTO user_speciality (user_id, speciality_id) VALUES
    (1, 1),
    (1, 3),
    (2, 2),
    (3, 2),
    (3, 3),
    (4, 1);

INSERT INTO kins (id, full_name, phone, relationship, user_id) VALUES
    (1, 'Ngozi Okafor',  '+234 801 555 0101', 'spouse',  1),
    (2, 'Chidi Okafor',  '+234 801 555 0102', 'sibling', 1),
    (3, 'Ada Okafor',    NULL,                'parent',  1),
    (4, 'Lucia Costa',   '+351 912 555 201',  'spouse',  2),
    (5, 'Pedro Costa',   '+351 912 555 202',  'child',   2),
    (6, 'Mei Wei',       '+86 139 5550 0301', 'parent',  3),
    (7, 'Jana Novakova', '+420 601 555 501',  'spouse',  5),
    (8, 'Tomas Novak',   '+420 601 555 502',  'sibling', 5);

-- The ids above were given explicitly, so move each sequence past them:
-- later inserts that rely on the default then do not collide.
ALTER SEQUENCE users_id_seq RESTART WITH 6;
ALTER SEQUENCE appointments_id_seq RESTART WITH 11;
ALTER SEQUENCE profiles_id_seq RESTART WITH 4;
ALTER SEQUENCE specialities_id_seq RESTART WITH 4;
ALTER SEQUENCE kins_id_seq RESTART WITH 9;
