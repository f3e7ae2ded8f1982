package export

import (
	"errors"
	"fmt"
	"syscall"
)

// ErrDiskFull: an export's write did not fit (full disk or a file size limit); the
// temp file was removed and the target left as it was.
var ErrDiskFull = errors.New("the disk is full (or a file size limit was reached), so the report was not written and any previous file is unchanged: free some space and try again")

// explainWrite names a write that did not fit, keeping the system's text after it.
func explainWrite(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EFBIG) {
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	}
	return err
}
