#!/usr/bin/python3
"""W4: the same users' documents through SQLAlchemy and through psycopg2.

Loads the documents of N users (profile, kins, appointments, specialities)
five ways, each giving the same Python value (a list of dicts, one per user,
in the order of the ids):

  orm_lazy        SQLAlchemy ORM, lazy loading (one query per relationship
                  per user: the N+1 pattern)
  orm_selectin    SQLAlchemy ORM, selectinload on the four relationships
  orm_joined      SQLAlchemy ORM, joinedload on the four relationships
  relnav          rel_fetch_many('users', ids, shape) through psycopg2
  hand            the hand-written batch statement (jsonb_build_object over
                  correlated subqueries, users found by = ANY, in the
                  order of the ids) through psycopg2; the redundant
                  = ANY makes the planner probe users' index instead of
                  hashing the whole table (25 ms less per batch)

The ORM variants turn their objects into the same dicts (that is what a
document is, and it touches every attribute, which lazy loading needs to
load anything); the psycopg2 variants get dicts from psycopg2's jsonb
decoding. Every variant's result is compared with every other's before any
timing. Then ROUNDS rounds run the variants one after another (A, B, C, ...,
A, B, C, ...), each round in a fresh ORM session, and the script prints one
line per variant and round:

  W4 <variant> 1 <round> <documents/s> <server us per document>

The server time comes from pg_stat_statements (reset before each variant's
run) when it is loaded, else it is printed as "-".

Connects with libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD) to
the database named by --dbname.
"""
import argparse
import random
import sys
import time

import psycopg2
import sqlalchemy
from sqlalchemy import Column, ForeignKey, Integer, String, Table, create_engine
from sqlalchemy import orm
from sqlalchemy.orm import joinedload, selectinload

SHAPE = "*, profile(*), kins(*), appointments(*), specialities(*)"

HAND_SQL = """
SELECT jsonb_build_object(
         'id', u.id,
         'full_name', u.full_name,
         'profile', (SELECT to_jsonb(p) FROM profiles p WHERE p.user_id = u.id),
         'kins', COALESCE((SELECT jsonb_agg(to_jsonb(k) ORDER BY k.id)
                             FROM kins k WHERE k.user_id = u.id), '[]'),
         'appointments', COALESCE((SELECT jsonb_agg(to_jsonb(a) ORDER BY a.id)
                                     FROM appointments a WHERE a.user_id = u.id), '[]'),
         'specialities', COALESCE((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.id)
                                     FROM user_speciality us
                                     JOIN specialities s ON s.id = us.speciality_id
                                    WHERE us.user_id = u.id), '[]'))
  FROM (SELECT %s::int[] AS ids) a
 CROSS JOIN LATERAL unnest(a.ids) WITH ORDINALITY AS i(id, ord)
  JOIN users u ON u.id = i.id
 WHERE u.id = ANY (a.ids)
 ORDER BY i.ord
"""

RELNAV_SQL = "SELECT * FROM rel_fetch_many('users', %s::int[], %s)"

# ---------------------------------------------------------------------------
# The seed's models (shared/seed), as they must be written to import: inside
# Kin's class body the column named `relationship` shadows the function, so
# every relationship is declared as orm.relationship. Collections are ordered
# by primary key (order_by=), as relnav orders them by default.

Base = orm.declarative_base()

user_speciality = Table(
    "user_speciality",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("speciality_id", ForeignKey("specialities.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    full_name = Column(String)

    appointments = orm.relationship("Appointment", back_populates="user",
                                    order_by="Appointment.id")
    profile = orm.relationship("Profile", back_populates="user", uselist=False)
    specialities = orm.relationship("Speciality", secondary=user_speciality,
                                    back_populates="users",
                                    order_by="Speciality.id")
    kins = orm.relationship("Kin", back_populates="user", order_by="Kin.id")


class Appointment(Base):
    __tablename__ = "appointments"
    id = Column(Integer, primary_key=True)
    details = Column(String)
    user_id = Column(Integer, ForeignKey("users.id"))

    user = orm.relationship("User", back_populates="appointments")


class Profile(Base):
    __tablename__ = "profiles"
    id = Column(Integer, primary_key=True)
    bio = Column(String)
    user_id = Column(Integer, ForeignKey("users.id"))

    user = orm.relationship("User", back_populates="profile", uselist=False)


class Speciality(Base):
    __tablename__ = "specialities"
    id = Column(Integer, primary_key=True)
    name = Column(String)

    users = orm.relationship("User", secondary=user_speciality,
                             back_populates="specialities")


class Kin(Base):
    __tablename__ = "kins"
    id = Column(Integer, primary_key=True)
    full_name = Column(String)
    phone = Column(String)
    relationship = Column(String)
    user_id = Column(Integer, ForeignKey("users.id"))

    user = orm.relationship("User", back_populates="kins")


# ---------------------------------------------------------------------------

def user_doc(u):
    p = u.profile
    return {
        "id": u.id,
        "full_name": u.full_name,
        "profile": None if p is None else
        {"id": p.id, "bio": p.bio, "user_id": p.user_id},
        "kins": [{"id": k.id, "full_name": k.full_name, "phone": k.phone,
                  "relationship": k.relationship, "user_id": k.user_id}
                 for k in u.kins],
        "appointments": [{"id": a.id, "details": a.details, "user_id": a.user_id}
                         for a in u.appointments],
        "specialities": [{"id": s.id, "name": s.name} for s in u.specialities],
    }


def orm_load(engine, ids, options):
    with orm.Session(engine) as session:
        q = session.query(User).filter(User.id.in_(ids))
        if options:
            q = q.options(*options)
        by_id = {u.id: user_doc(u) for u in q}
        session.rollback()
    return [by_id[i] for i in ids if i in by_id]


def psycopg_load(conn, sql, args):
    with conn.cursor() as cur:
        cur.execute(sql, args)
        docs = [row[0] for row in cur]
    conn.rollback()
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dbname", required=True)
    ap.add_argument("--nusers", type=int, required=True)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--skip-relnav", action="store_true",
                    help="rel_fetch_many is not available")
    args = ap.parse_args()

    ids = random.Random(args.seed).sample(range(1, args.nusers + 1),
                                          min(args.docs, args.nusers))
    engine = create_engine("postgresql+psycopg2:///" + args.dbname)
    conn = psycopg2.connect(dbname=args.dbname)
    stats = psycopg2.connect(dbname=args.dbname)
    stats.autocommit = True
    with stats.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")
        have_pgss = cur.fetchone()[0] == 1

    variants = [
        ("orm_lazy", lambda: orm_load(engine, ids, [])),
        ("orm_selectin", lambda: orm_load(engine, ids, [
            selectinload(User.profile), selectinload(User.kins),
            selectinload(User.appointments), selectinload(User.specialities)])),
        ("orm_joined", lambda: orm_load(engine, ids, [
            joinedload(User.profile), joinedload(User.kins),
            joinedload(User.appointments), joinedload(User.specialities)])),
        ("hand", lambda: psycopg_load(conn, HAND_SQL, (ids,))),
    ]
    if not args.skip_relnav:
        variants.append(("relnav", lambda: psycopg_load(conn, RELNAV_SQL, (ids, SHAPE))))

    # Same documents from every variant, or no timing at all.
    reference = None
    for name, fn in variants:
        docs = fn()
        if reference is None:
            reference, refname = docs, name
            if len(docs) != len(ids):
                sys.exit("W4: %s returned %d documents for %d ids" % (name, len(docs), len(ids)))
        elif docs != reference:
            for i, (a, b) in enumerate(zip(reference, docs)):
                if a != b:
                    sys.exit("W4: %s and %s differ at document %d:\n  %r\n  %r"
                             % (refname, name, i, a, b))
            sys.exit("W4: %s and %s return different numbers of documents"
                     % (refname, name))
    print("W4 check: %d variants return the same %d documents"
          % (len(variants), len(reference)), file=sys.stderr)

    for rnd in range(1, args.rounds + 1):
        for name, fn in variants:
            if have_pgss:
                with stats.cursor() as cur:
                    cur.execute("SELECT pg_stat_statements_reset()")
            t0 = time.perf_counter()
            docs = fn()
            elapsed = time.perf_counter() - t0
            server = "-"
            if have_pgss:
                with stats.cursor() as cur:
                    cur.execute("""
                        SELECT coalesce(sum(total_exec_time), 0)
                          FROM pg_stat_statements s
                          JOIN pg_database d ON d.oid = s.dbid
                         WHERE d.datname = current_database()
                           AND s.query NOT LIKE '%%pg_stat_statements%%'""")
                    server = "%.1f" % (cur.fetchone()[0] * 1000.0 / len(docs))
            print("W4 %s 1 %d %.1f %s" % (name, rnd, len(docs) / elapsed, server),
                  flush=True)


if __name__ == "__main__":
    main()
