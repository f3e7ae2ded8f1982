//go:build cgo && sqlite_fts5

package store

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func openRaw(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open(driverName, dsn(filepath.Join(t.TempDir(), "raw.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// trailbook_rows gives back every value as the ledger encoding wrote it, with
// its SQLite type: NULL and ” differ, and so do 5 and '5'.
func TestTrailbookRowsValues(t *testing.T) {
	db := openRaw(t)
	var c chainer
	blob := []byte{4}
	for _, row := range [][]any{
		{int64(-5), "", nil, []byte{0, 1, 2}},
		{int64(1) << 62, "5", "héllo\x00there", []byte{}},
		{float64(2.5), strings.Repeat("x", 300), int64(0), nil},
	} {
		c.buf = c.buf[:0]
		for _, v := range row {
			c.value(v)
		}
		blob = append(blob, c.buf...)
	}
	rows, err := db.Query(`SELECT rowid, quote(c0), typeof(c1), length(c1), quote(c2), quote(c3), quote(c4) FROM trailbook_rows(?)`, blob)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, n sql.NullInt64
		var c0, typ, c2, c3, c4 string
		if err := rows.Scan(&id, &c0, &typ, &n, &c2, &c3, &c4); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{c0, typ, c2, c3, c4}, " "))
		if id.Int64 != int64(len(got)) {
			t.Errorf("row %d has rowid %d", len(got), id.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"-5 text NULL X'000102' NULL",
		"4611686018427387904 text 'héllo' X'' NULL",
		"2.5 text 0 NULL NULL",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var text string
	if err := db.QueryRow(`SELECT c2 FROM trailbook_rows(?) WHERE rowid = 2`, blob).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if text != "héllo\x00there" {
		t.Fatalf("text with a NUL byte came back as %q", text)
	}
}

// Damaged data is refused with an error, never read past its end.
func TestTrailbookRowsMalformed(t *testing.T) {
	db := openRaw(t)
	var c chainer
	c.text("abc")
	c.int(7)
	good := append([]byte{2}, c.buf...)
	for name, blob := range map[string][]byte{
		"truncated text":    good[:3],
		"truncated integer": good[:len(good)-2],
		"unknown type":      {1, 'x'},
		"length too large":  {1, 't', 0xff, 0xff, 0xff, 0x7f},
		"no columns":        {0, 'n'},
		"too many columns":  {200, 'n'},
		"half a row":        append(append([]byte{}, good...), 'n'),
	} {
		var n int
		err := db.QueryRow(`SELECT count(*) FROM trailbook_rows(?)`, blob).Scan(&n)
		if err == nil || !strings.Contains(err.Error(), "malformed row data") {
			t.Errorf("%s: count %d, error %v", name, n, err)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM trailbook_rows(?)`, good).Scan(&n); err != nil || n != 1 {
		t.Fatalf("good blob: %d rows, %v", n, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM trailbook_rows`).Scan(&n); err == nil {
		t.Fatalf("without data: %d rows and no error", n)
	}
}
