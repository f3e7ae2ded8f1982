package store

import (
	"errors"
	"fmt"
)

// ErrBusy: another process held the workspace's write lock for longer than a write
// waits (busyTimeout). Nothing was changed; the user can try again.
var ErrBusy = errors.New("the workspace is busy: another Trailbook window or process is writing to it (an import or a purge); try again when it has finished")

// sqliteBusy is SQLite's primary result code for a lock held elsewhere.
const sqliteBusy = 5

// busy turns SQLite's "database is locked" into ErrBusy, saying how long it waited;
// other errors pass through.
func busy(err error) error {
	var coded interface{ Code() int }
	if errors.As(err, &coded) && coded.Code()&0xff == sqliteBusy {
		return fmt.Errorf("waited %s: %w", busyTimeout, ErrBusy)
	}
	return err
}
