package ingest_test

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// testLocal is the machine zone the tests run in: neither UTC nor any source zone of the
// testdata, so a time read in the machine's zone by mistake shows up as a wrong instant.
const testLocal = "America/Los_Angeles"

func TestMain(m *testing.M) {
	os.Setenv("TZ", testLocal)
	loc, err := time.LoadLocation(testLocal)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load test zone:", err)
		os.Exit(1)
	}
	time.Local = loc
	os.Exit(m.Run())
}
