package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"trailbook/backend/activity"
)

// ActorKeyColumn is the events column that identifies a user within a system:
// lower(coalesce(nullif(actor_email,”), nullif(actor_id,”), actor_name)),
// computed on insert and indexed with occurred_at (events_actor).
const ActorKeyColumn = "actor_key"

// Stats summarises the workspace. Events, Users, First and Last cover imported
// activity only; BySystem includes "trailbook" (OwnEvents).
type Stats struct {
	Events     int64
	OwnEvents  int64
	Batches    int64
	People     int64
	Users      int64
	First      *time.Time
	Last       *time.Time
	BySystem   map[string]int64
	LastVerify *VerifyRecord
}

// Stats counts what the workspace holds, from one consistent snapshot.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.readTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		var err error
		st, err = stats(ctx, tx)
		return err
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

func stats(ctx context.Context, db bun.IDB) (Stats, error) {
	st := Stats{BySystem: map[string]int64{}}
	var bySystem []struct {
		System string `bun:"system"`
		N      int64  `bun:"n"`
	}
	counts := statsCounts(ctx, db)
	if err := db.NewRaw(counts.bySystem).Scan(ctx, &bySystem); err != nil {
		return st, fmt.Errorf("count by system: %w", err)
	}
	for _, r := range bySystem {
		st.BySystem[r.System] = r.N
		if r.System == activity.OwnSystem {
			st.OwnEvents = r.N
		} else {
			st.Events += r.N
		}
	}
	var lo, hi sql.NullInt64
	// Walks the time index from either end past the few own events.
	if err := db.QueryRowContext(ctx, `SELECT
    (SELECT occurred_at FROM events WHERE system <> ? ORDER BY occurred_at LIMIT 1),
    (SELECT occurred_at FROM events WHERE system <> ? ORDER BY occurred_at DESC LIMIT 1)`,
		activity.OwnSystem, activity.OwnSystem).Scan(&lo, &hi); err != nil {
		return st, fmt.Errorf("period: %w", err)
	}
	st.First, st.Last = msTime(lo), msTime(hi)
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM people)`).Scan(&st.Batches, &st.People); err != nil {
		return st, fmt.Errorf("count batches: %w", err)
	}
	if err := db.QueryRowContext(ctx, counts.users, activity.OwnSystem).Scan(&st.Users); err != nil {
		return st, fmt.Errorf("count users: %w", err)
	}
	err := ScanEvents(ctx, db, `SELECT `+EventColumns+` FROM events e WHERE e.system = ? AND e.action = 'verify' ORDER BY e.id DESC LIMIT 1`,
		[]any{activity.OwnSystem}, func(e activity.Event) error {
			n, _ := strconv.ParseInt(e.Extra["events"], 10, 64)
			st.LastVerify = &VerifyRecord{At: e.OccurredAt, OK: e.Extra["ok"] == "true", Events: n, Problem: e.Extra["problem"]}
			return nil
		})
	if err != nil {
		return st, fmt.Errorf("last verify: %w", err)
	}
	return st, nil
}

func msTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.UnixMilli(v.Int64).UTC()
	return &t
}

// Batch is one import as recorded. First/Last span the events the file held;
// FirstID..LastID are the ids of the events it added (0 when none).
type Batch struct {
	ID         int64
	FileName   string
	Size       int64
	SHA256     string
	Profile    string
	System     string
	SourceZone string
	Header     []string
	First      *time.Time
	Last       *time.Time
	FirstID    int64
	LastID     int64
	Rows       int64
	Inserted   int64
	Duplicates int64
	Rejected   int64
	Skipped    int64
	People     int64
	Warnings   []string
	ImportedAt time.Time
	ImportedBy string
	Status     string
}

// Batches lists the imports, newest first.
func (s *Store) Batches(ctx context.Context) ([]Batch, error) {
	out, err := batches(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	return out, nil
}

func batches(ctx context.Context, db bun.IDB) ([]Batch, error) {
	var recs []batchRecord
	if err := db.NewSelect().Model(&recs).OrderExpr("id DESC").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]Batch, 0, len(recs))
	for _, r := range recs {
		b := Batch{
			ID: r.ID, FileName: r.FileName, Size: r.FileSize, SHA256: r.SHA256, Profile: r.Profile,
			System: r.System, SourceZone: r.SourceZone, First: msTime(r.FirstAt), Last: msTime(r.LastAt),
			FirstID: r.FirstID.Int64, LastID: r.LastID.Int64,
			Rows: r.Rows, Inserted: r.Inserted, Duplicates: r.Duplicates, Rejected: r.Rejected, Skipped: r.Skipped, People: r.People,
			ImportedAt: time.UnixMilli(r.ImportedAt).UTC(), ImportedBy: r.ImportedBy, Status: r.Status,
		}
		if err := unmarshalJSON(r.Header.String, &b.Header); err != nil {
			return nil, fmt.Errorf("batch %d header: %w", r.ID, err)
		}
		if err := unmarshalJSON(r.Warnings.String, &b.Warnings); err != nil {
			return nil, fmt.Errorf("batch %d warnings: %w", r.ID, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// RejectRow is a row an import rejected or skipped.
type RejectRow struct {
	Line    int64
	Column  string
	Reason  string
	Skipped bool
}

// Rejects lists a batch's rejected and skipped rows in line order.
func (s *Store) Rejects(ctx context.Context, batchID int64) ([]RejectRow, error) {
	out, err := rejects(ctx, s.db, batchID)
	if err != nil {
		return nil, fmt.Errorf("list rejects of batch %d: %w", batchID, err)
	}
	return out, nil
}

func rejects(ctx context.Context, db bun.IDB, batchID int64) ([]RejectRow, error) {
	var recs []rejectRecord
	if err := db.NewSelect().Model(&recs).Where("batch_id = ?", batchID).OrderExpr("line, id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]RejectRow, len(recs))
	for i, r := range recs {
		out[i] = RejectRow{Line: r.Line, Column: r.Column, Reason: r.Reason, Skipped: r.Skipped}
	}
	return out, nil
}

// Event loads one event by id (ErrNotFound if there is none).
func (s *Store) Event(ctx context.Context, id int64) (*activity.Event, error) {
	e, err := event(ctx, s.db, id)
	if err != nil {
		return nil, fmt.Errorf("event %d: %w", id, err)
	}
	return e, nil
}

func event(ctx context.Context, db bun.IDB, id int64) (*activity.Event, error) {
	var found *activity.Event
	err := ScanEvents(ctx, db, `SELECT `+EventColumns+` FROM events e WHERE e.id = ?`, []any{id}, func(e activity.Event) error {
		found = &e
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, ErrNotFound
	}
	return found, nil
}

// Events pages through all events in id order: those after afterID, at most
// limit (1000 when limit <= 0).
func (s *Store) Events(ctx context.Context, afterID int64, limit int) ([]activity.Event, error) {
	out, err := events(ctx, s.db, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("list events after %d: %w", afterID, err)
	}
	return out, nil
}

func events(ctx context.Context, db bun.IDB, afterID int64, limit int) ([]activity.Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	out := make([]activity.Event, 0, min(limit, 1000))
	err := ScanEvents(ctx, db, `SELECT `+EventColumns+` FROM events e WHERE e.id > ? ORDER BY e.id LIMIT ?`, []any{afterID, limit}, func(e activity.Event) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// upsertPerson adds or updates a people entry keyed by the lower-cased email.
func upsertPerson(ctx context.Context, db bun.IDB, p *activity.Person, batchID, now int64) error {
	email := strings.ToLower(strings.TrimSpace(p.Email))
	var tags, extra any
	if len(p.Tags) > 0 {
		tags = string(appendStringsJSON(nil, p.Tags))
	}
	if len(p.Extra) > 0 {
		extra = string(appendMapJSON(nil, p.Extra))
	}
	keep := func(col string) string {
		return col + " = CASE WHEN excluded." + col + " <> '' THEN excluded." + col + " ELSE people." + col + " END"
	}
	_, err := db.NewRaw(`INSERT INTO people (email, user_id, name, company, title, location, tags, end_date, extra, batch_id, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (email) DO UPDATE SET `+strings.Join([]string{
		keep("user_id"), keep("name"), keep("company"), keep("title"), keep("location"), keep("end_date"),
		"tags = coalesce(excluded.tags, people.tags)", "extra = coalesce(excluded.extra, people.extra)",
		"batch_id = excluded.batch_id", "updated_at = excluded.updated_at",
	}, ", "),
		email, p.UserID, p.Name, p.Company, p.Title, p.Location, tags, p.EndDate, extra, nullInt(batchID, batchID != 0), now).Exec(ctx)
	if err != nil {
		return fmt.Errorf("upsert person %s: %w", email, err)
	}
	return nil
}

// People lists the people directory ordered by email.
func (s *Store) People(ctx context.Context) ([]activity.Person, error) {
	out, err := people(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	return out, nil
}

func people(ctx context.Context, db bun.IDB) ([]activity.Person, error) {
	var recs []struct {
		Email    string         `bun:"email"`
		UserID   string         `bun:"user_id"`
		Name     string         `bun:"name"`
		Company  string         `bun:"company"`
		Title    string         `bun:"title"`
		Location string         `bun:"location"`
		Tags     sql.NullString `bun:"tags"`
		EndDate  string         `bun:"end_date"`
		Extra    sql.NullString `bun:"extra"`
	}
	if err := db.NewRaw(`SELECT email, user_id, name, company, title, location, tags, end_date, extra FROM people ORDER BY email`).Scan(ctx, &recs); err != nil {
		return nil, err
	}
	out := make([]activity.Person, len(recs))
	for i, r := range recs {
		out[i] = activity.Person{Email: r.Email, UserID: r.UserID, Name: r.Name, Company: r.Company, Title: r.Title, Location: r.Location, EndDate: r.EndDate}
		if err := unmarshalJSON(r.Tags.String, &out[i].Tags); err != nil {
			return nil, fmt.Errorf("person %s tags: %w", r.Email, err)
		}
		if err := unmarshalJSON(r.Extra.String, &out[i].Extra); err != nil {
			return nil, fmt.Errorf("person %s extra: %w", r.Email, err)
		}
	}
	return out, nil
}

// SavedProfile is an import profile a user saved in the workspace.
type SavedProfile struct {
	ID        string
	Name      string
	YAML      []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

type profileRecord struct {
	bun.BaseModel `bun:"table:saved_profiles"`

	ID        string `bun:"id,pk"`
	Name      string `bun:"name"`
	YAML      string `bun:"yaml"`
	CreatedAt int64  `bun:"created_at"`
	UpdatedAt int64  `bun:"updated_at"`
}

// SaveProfile creates or replaces a saved profile; recorded as an own event.
func (s *Store) SaveProfile(ctx context.Context, id, name string, yaml []byte) error {
	if strings.TrimSpace(id) == "" {
		return fmt.Errorf("save profile: empty id: %w", ErrInvalid)
	}
	err := s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		now := s.nowMS()
		rec := profileRecord{ID: id, Name: name, YAML: string(yaml), CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(&rec).
			On("CONFLICT (id) DO UPDATE").Set("name = EXCLUDED.name").Set("yaml = EXCLUDED.yaml").Set("updated_at = EXCLUDED.updated_at").
			Exec(ctx); err != nil {
			return fmt.Errorf("upsert: %w", err)
		}
		sum := sha256.Sum256(yaml)
		return s.appendOwnTx(ctx, tx, ownEvent{
			action: "profile_save", kind: activity.KindUpdate,
			description: fmt.Sprintf("Saved import profile %q (%s)", name, id),
			extra:       map[string]string{"id": id, "name": name, "sha256": hex.EncodeToString(sum[:])},
			targetType:  "profile", targetID: id, targetRef: id, targetName: name,
		})
	})
	if err != nil {
		return fmt.Errorf("save profile %s: %w", id, err)
	}
	return nil
}

// SavedProfiles lists the saved profiles by name.
func (s *Store) SavedProfiles(ctx context.Context) ([]SavedProfile, error) {
	out, err := savedProfiles(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("list saved profiles: %w", err)
	}
	return out, nil
}

func savedProfiles(ctx context.Context, db bun.IDB) ([]SavedProfile, error) {
	var recs []profileRecord
	if err := db.NewSelect().Model(&recs).OrderExpr("name, id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]SavedProfile, len(recs))
	for i, r := range recs {
		out[i] = SavedProfile{ID: r.ID, Name: r.Name, YAML: []byte(r.YAML),
			CreatedAt: time.UnixMilli(r.CreatedAt).UTC(), UpdatedAt: time.UnixMilli(r.UpdatedAt).UTC()}
	}
	return out, nil
}

// DeleteProfile removes a saved profile (ErrNotFound if there is none); recorded as an own event.
func (s *Store) DeleteProfile(ctx context.Context, id string) error {
	err := s.writeTx(ctx, func(ctx context.Context, tx bun.IDB) error {
		var rec profileRecord
		if err := tx.NewSelect().Model(&rec).Where("id = ?", id).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model(&rec).WherePK().Exec(ctx); err != nil {
			return err
		}
		return s.appendOwnTx(ctx, tx, ownEvent{
			action: "profile_delete", kind: activity.KindDelete,
			description: fmt.Sprintf("Deleted import profile %q (%s)", rec.Name, id),
			extra:       map[string]string{"id": id, "name": rec.Name},
			targetType:  "profile", targetID: id, targetRef: id, targetName: rec.Name,
		})
	})
	if err != nil {
		return fmt.Errorf("delete profile %s: %w", id, err)
	}
	return nil
}

// appendOwnTx appends an own event and writes the ledger head, inside tx.
func (s *Store) appendOwnTx(ctx context.Context, tx bun.IDB, oe ownEvent) error {
	led, err := readLedger(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := s.appendOwn(ctx, tx, &led, oe); err != nil {
		return err
	}
	return writeLedger(ctx, tx, led)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
