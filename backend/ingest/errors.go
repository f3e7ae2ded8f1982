package ingest

import (
	"errors"
	"fmt"
)

// ErrZoneRequired is returned by Open when a profile's times carry no zone, the profile
// has no fixed zone, and Options.Zone is nil.
var ErrZoneRequired = errors.New("source time zone required")

// FileError is a problem that makes the rest of the file unreadable, such as an
// unterminated quoted field or bytes that are not text. Line and Column are 1-based
// physical positions (0 when unknown).
type FileError struct {
	File   string
	Line   int
	Column int
	Msg    string
	Hint   string
}

func (e *FileError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
		if e.Column > 0 {
			s += fmt.Sprintf(":%d", e.Column)
		}
	}
	s += ": " + e.Msg
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// Reject is a row that could not be read. Reason says what is wrong and what the user
// can do about it.
type Reject struct {
	Line   int64  `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

func (r *Reject) Error() string {
	if r.Column != "" {
		return fmt.Sprintf("line %d: %s: %s", r.Line, r.Column, r.Reason)
	}
	return fmt.Sprintf("line %d: %s", r.Line, r.Reason)
}
