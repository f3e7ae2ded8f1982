package store

import (
	"errors"
	"fmt"
)

// Errors a user can act on, in place of SQLite's result codes; check them with errors.Is.
var (
	// ErrBusy: another process held the workspace's write lock for longer than a write
	// waits (busyTimeout). Nothing was changed; the user can try again.
	ErrBusy = errors.New("the workspace is busy: another Trailbook window or process is writing to it (an import or a purge); try again when it has finished")
	// ErrDamaged: the file is a workspace whose pages SQLite cannot read.
	ErrDamaged = errors.New("the workspace file is damaged and Trailbook left it as it is: restore it from a backup copy")
	// ErrReadOnly: the file, or the folder its journal (-wal) goes in, cannot be written.
	ErrReadOnly = errors.New("the workspace is read-only: Trailbook writes the file and a journal beside it (-wal); copy it to a folder you can write to, or ask for write permission")
	// ErrDiskFull: a write hit a full disk, a file size limit or a failing disk; the
	// transaction was rolled back.
	ErrDiskFull = errors.New("could not write the workspace: the disk is full (or a file size limit was reached, or the disk failed) and nothing was changed: free some space and try again")
)

// SQLite primary result codes that have a user-facing meaning.
const (
	sqliteBusy     = 5
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteNotADB   = 26

	// Extended I/O codes of a write that did not fit: a full disk or RLIMIT_FSIZE
	// (EFBIG) ends up as one of these rather than SQLITE_FULL.
	sqliteIOErrWrite    = sqliteIOErr | 3<<8
	sqliteIOErrTruncate = sqliteIOErr | 6<<8
	sqliteIOErrShmSize  = sqliteIOErr | 19<<8
)

// Explain turns SQLite's result codes inside err into the errors above, keeping the
// original text after them; other errors pass through unchanged.
func Explain(err error) error {
	code, ok := resultCode(err)
	if !ok {
		return err
	}
	switch code {
	case sqliteIOErrWrite, sqliteIOErrTruncate, sqliteIOErrShmSize:
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	}
	switch code & 0xff {
	case sqliteBusy:
		return fmt.Errorf("%w (waited %s)", ErrBusy, busyTimeout)
	case sqliteCorrupt, sqliteNotADB:
		return fmt.Errorf("%w (%v)", ErrDamaged, err)
	case sqliteReadOnly:
		return fmt.Errorf("%w (%v)", ErrReadOnly, err)
	case sqliteFull:
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	}
	return err
}

// busy is Explain for the one code a write's BEGIN can meet.
func busy(err error) error {
	if e := Explain(err); errors.Is(e, ErrBusy) {
		return e
	}
	return err
}
