-- 0004_meanings: an action's documented meaning is stored once, not on every event.
-- A profile gives each action one meaning ("Viewed a piece of content ..."): a
-- million events carried a handful of these sentences, a fifth of the table.
-- Events written from now on refer to the sentence by id and leave meaning empty;
-- older ones keep their text. Readers take coalesce(the referenced text, meaning),
-- and the hash chain covers that text as before, so editing a sentence here shows
-- in verify as every event that uses it.
CREATE TABLE meanings (
    id   INTEGER PRIMARY KEY,
    text TEXT    NOT NULL UNIQUE
);

CREATE TRIGGER meanings_no_update BEFORE UPDATE ON meanings
BEGIN
    SELECT RAISE(ABORT, 'meanings are append-only');
END;

CREATE TRIGGER meanings_no_delete BEFORE DELETE ON meanings
BEGIN
    SELECT RAISE(ABORT, 'meanings are append-only');
END;

ALTER TABLE events ADD COLUMN meaning_id INTEGER NULL REFERENCES meanings (id);
