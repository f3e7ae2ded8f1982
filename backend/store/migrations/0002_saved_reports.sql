-- 0002_saved_reports: saved reports and the daily rollups behind fast summaries.

-- A saved report is a named report spec (JSON, the report.Spec contract).
CREATE TABLE saved_reports (
    name       TEXT    PRIMARY KEY,
    spec       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Rollups are derived data: counts of the events up to rollup_state.last_id,
-- refreshed for new ids after imports and rebuilt from scratch when events were
-- removed (a new ledger gap). Dropping them loses nothing. WITHOUT ROWID (SQLite
-- only; PostgreSQL would leave it out) keeps each table in its key order, so a
-- year's range is one sequential read.
CREATE TABLE rollup_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    gaps    INTEGER NOT NULL
);

-- Events per UTC hour (occurred_at / 3600000), system and kind: day, hour,
-- weekday, kind and system summaries in any zone with whole-hour offsets.
CREATE TABLE rollup_hours (
    hour   INTEGER NOT NULL,
    system TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (hour, system, kind)
) WITHOUT ROWID;

-- Events per UTC month (start, unix ms), system and user: by-user summaries
-- (a year of 2,000 users is 24,000 rows; with the kind too it would be ten times that).
CREATE TABLE rollup_users (
    month     INTEGER NOT NULL,
    system    TEXT    NOT NULL,
    actor_key TEXT    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (month, system, actor_key)
) WITHOUT ROWID;

-- Every (key, id, name, email) an actor appeared with: resolves a user filter
-- (id, name or email) to actor keys without scanning the events.
CREATE TABLE rollup_actors (
    actor_key   TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    PRIMARY KEY (actor_key, actor_id, actor_name, actor_email)
) WITHOUT ROWID;
CREATE INDEX rollup_actors_name ON rollup_actors (lower(actor_name));
CREATE INDEX rollup_actors_id ON rollup_actors (lower(actor_id));

-- The addresses each user came from, with the first event from each: IP/CIDR
-- filters and the "first use of a new IP" flag.
CREATE TABLE rollup_ips (
    actor_key TEXT    NOT NULL,
    ip        TEXT    NOT NULL,
    first_at  INTEGER NOT NULL,
    first_id  INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (actor_key, ip)
) WITHOUT ROWID;
CREATE INDEX rollup_ips_ip ON rollup_ips (ip);
