-- 0001_init: the first Trailbook workspace schema.
--
-- Conventions: instants are INTEGER unix milliseconds (UTC); text columns are
-- NOT NULL DEFAULT '' so queries never juggle NULL and ''; JSON lives in TEXT
-- columns that are NULL when there is nothing to say. Everything below except
-- the PRAGMA, the FTS5 table and the trigger bodies is plain SQL that PostgreSQL
-- also understands.

-- Marks the file as a Trailbook workspace ("TBK1"); Open checks it before touching a file.
PRAGMA application_id = 1413630769;

-- One row: the workspace identity and the ledger (hash chain) state.
-- base_id/base_chain: the chain value before the first stored event (moved by purge/clear).
-- head_id/head_chain/event_count: the last stored event, its chain value, and how many are stored.
CREATE TABLE meta (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    workspace_id TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    base_id      INTEGER NOT NULL DEFAULT 0,
    base_chain   BLOB    NOT NULL,
    head_id      INTEGER NOT NULL DEFAULT 0,
    head_chain   BLOB    NOT NULL,
    event_count  INTEGER NOT NULL DEFAULT 0
);
-- The genesis chain value is SHA-256("trailbook ledger v1").
INSERT INTO meta (id, workspace_id, created_at, base_id, base_chain, head_id, head_chain, event_count)
VALUES (1, lower(hex(randomblob(16))), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        0, X'29FC9B3BE25A9BB7B76C2D5899AEDC77DB59FEBCD5C35D02F1662E0028C0831D',
        0, X'29FC9B3BE25A9BB7B76C2D5899AEDC77DB59FEBCD5C35D02F1662E0028C0831D', 0);

-- One row per imported file. Written in the same transaction as its events, so a
-- failed import leaves no batch behind.
CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT    NOT NULL DEFAULT '',
    file_size   INTEGER NOT NULL DEFAULT 0,
    sha256      TEXT    NOT NULL DEFAULT '',
    profile     TEXT    NOT NULL DEFAULT '',
    system      TEXT    NOT NULL DEFAULT '',
    source_zone TEXT    NOT NULL DEFAULT '',
    header      TEXT    NULL,               -- JSON array of the file's column names
    first_at    INTEGER NULL,               -- period over every event read, duplicates included
    last_at     INTEGER NULL,
    first_id    INTEGER NULL,               -- id range of the events this batch inserted
    last_id     INTEGER NULL,
    rows        INTEGER NOT NULL DEFAULT 0, -- inserted + duplicates + rejected + skipped + people
    inserted    INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    people      INTEGER NOT NULL DEFAULT 0,
    warnings    TEXT    NULL,               -- JSON array of file-level warnings
    imported_at INTEGER NOT NULL,
    imported_by TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'importing'
);

-- The events: one row per activity, append-only, hash-chained (see ledger.go).
-- Ids are assigned by Trailbook, contiguous, so a gap means a missing row.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    occurred_at    INTEGER NOT NULL,
    source_time    TEXT    NOT NULL DEFAULT '',
    source_zone    TEXT    NOT NULL DEFAULT '',
    actor_id       TEXT    NOT NULL DEFAULT '',
    actor_name     TEXT    NOT NULL DEFAULT '',
    actor_email    TEXT    NOT NULL DEFAULT '',
    actor_company  TEXT    NOT NULL DEFAULT '',
    ip             TEXT    NOT NULL DEFAULT '',
    -- Who, as one key: lower(coalesce(nullif(actor_email,''), nullif(actor_id,''), actor_name)),
    -- computed on insert (an index on the expression would cost a statement journal per insert).
    actor_key      TEXT    NOT NULL DEFAULT '',
    system         TEXT    NOT NULL DEFAULT '',
    module         TEXT    NOT NULL DEFAULT '',
    action         TEXT    NOT NULL DEFAULT '',
    kind           TEXT    NOT NULL DEFAULT '',
    meaning        TEXT    NOT NULL DEFAULT '',
    target_type    TEXT    NOT NULL DEFAULT '',
    target_id      TEXT    NOT NULL DEFAULT '',
    target_ref     TEXT    NOT NULL DEFAULT '',
    target_name    TEXT    NOT NULL DEFAULT '',
    related_ref    TEXT    NOT NULL DEFAULT '',
    amount_micros  INTEGER NULL,
    currency       TEXT    NOT NULL DEFAULT '',
    billing_cycles INTEGER NULL,
    description    TEXT    NOT NULL DEFAULT '',
    changes        TEXT    NULL,            -- JSON [{"field","old","new"}]
    extra          TEXT    NULL,            -- JSON {"column": "value"}
    warnings       TEXT    NULL,            -- JSON ["..."]
    -- Deferred: checked at COMMIT, so a multi-row INSERT needs no statement journal.
    batch_id       INTEGER NULL REFERENCES batches (id) DEFERRABLE INITIALLY DEFERRED,
    line           INTEGER NOT NULL DEFAULT 0,
    row_hash       BLOB    NOT NULL,        -- activity.Event.ContentHash(occurrence)
    chain          BLOB    NOT NULL         -- SHA-256(previous chain || id || row digest)
);

-- Dedup key; also serves time ranges (inserts land near its end).
CREATE UNIQUE INDEX events_dedup ON events (occurred_at, row_hash);
-- Filters by system and kind ("every deletion in any system"), and the split of own events.
CREATE INDEX events_system_kind ON events (system, kind, occurred_at);
-- Filters by user (within a system or across); also counts users per system.
CREATE INDEX events_actor ON events (actor_key, system, occurred_at);
-- Record drill-down by reference (order 1234567, BOK-10234).
CREATE INDEX events_target_ref ON events (target_ref) WHERE target_ref <> '';

-- Append-only. UPDATE is never allowed; DELETE only while a purge or clear holds
-- the guard row inside its own transaction.
CREATE TABLE ledger_guard (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM ledger_guard)
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

-- Id ranges removed by a purge or clear, with the chain value of the last removed
-- row so verification continues across the hole. Written only under the guard.
CREATE TABLE ledger_gaps (
    first_id   INTEGER PRIMARY KEY,
    last_id    INTEGER NOT NULL,
    chain      BLOB    NOT NULL,
    removed_by INTEGER NOT NULL            -- id of the own purge/clear event
);

CREATE TRIGGER ledger_gaps_no_update BEFORE UPDATE ON ledger_gaps
BEGIN
    SELECT RAISE(ABORT, 'ledger gaps are append-only');
END;

CREATE TRIGGER ledger_gaps_no_delete BEFORE DELETE ON ledger_gaps
WHEN NOT EXISTS (SELECT 1 FROM ledger_guard)
BEGIN
    SELECT RAISE(ABORT, 'ledger gaps are append-only');
END;

-- Rows an import could not read (rejected) or deliberately passed over (skipped).
CREATE TABLE rejects (
    id          INTEGER PRIMARY KEY,
    batch_id    INTEGER NOT NULL REFERENCES batches (id),
    line        INTEGER NOT NULL DEFAULT 0,
    column_name TEXT    NOT NULL DEFAULT '',
    reason      TEXT    NOT NULL DEFAULT '',
    skipped     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rejects_batch ON rejects (batch_id, line);

-- The people directory, built from user lists; keyed by the lower-cased email.
CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    email      TEXT    NOT NULL UNIQUE,
    user_id    TEXT    NOT NULL DEFAULT '',
    name       TEXT    NOT NULL DEFAULT '',
    company    TEXT    NOT NULL DEFAULT '',
    title      TEXT    NOT NULL DEFAULT '',
    location   TEXT    NOT NULL DEFAULT '',
    tags       TEXT    NULL,               -- JSON array
    end_date   TEXT    NOT NULL DEFAULT '',
    extra      TEXT    NULL,               -- JSON object
    batch_id   INTEGER NULL REFERENCES batches (id),
    updated_at INTEGER NOT NULL
);

-- Import profiles a user built in the wizard.
CREATE TABLE saved_profiles (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL DEFAULT '',
    yaml       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Keyword and ID search (SQLite only). External content: rows are added in bulk
-- after each import and removed by purge/clear, never by triggers.
CREATE VIRTUAL TABLE events_fts USING fts5 (
    description, action, module, target_ref, related_ref, target_name, actor_name, actor_email,
    content = 'events', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
-- Pending index data kept in memory before it is written as a segment: 32 MiB
-- instead of 1 MiB halves the time of a bulk fill (fewer segments to merge).
INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', 33554432);
