package ingest_test

import (
	"errors"
	"fmt"
	"io"
	"time"

	"trailbook/backend/ingest"
)

// The whole import flow: sniff the file, let the profiles recognise it, give the source
// zone when the profile needs one, and stream the records.
func Example() {
	reg, err := ingest.Builtin()
	if err != nil {
		panic(err)
	}
	src, err := reg.Sniff("testdata/profiles/2checkout/dst-bucharest.csv")
	if err != nil {
		panic(err)
	}
	cands := reg.Detect(src)
	if len(cands) != 1 {
		panic("ask the user which profile fits") // none or several candidates
	}
	p := cands[0]
	var opt ingest.Options
	if p.NeedsZone() {
		opt.Zone, _ = time.LoadLocation("Europe/Bucharest") // asked of the user (--tz)
	}
	r, err := ingest.Open(src, p, opt)
	if err != nil {
		panic(err)
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			panic(err) // a *FileError: the rest of the file is unreadable
		}
		switch {
		case rec.Event != nil:
			e := rec.Event
			fmt.Println(rec.Line, e.OccurredAt.Format(time.RFC3339), e.Kind, len(e.Warnings))
		case rec.Reject != nil:
			fmt.Println(rec.Line, "rejected:", rec.Reject.Reason)
		case rec.Skip != "":
			fmt.Println(rec.Line, "skipped:", rec.Skip)
		}
	}
	// Output:
	// 2 2024-03-31T00:59:59Z login 0
	// 3 2024-03-31T01:30:00Z view 1
	// 4 2024-03-31T01:00:00Z logout 0
	// 5 2024-10-27T00:30:00Z login 1
	// 6 2024-10-27T02:30:00Z logout 0
}
