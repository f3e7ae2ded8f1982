package store_test

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// TestMain runs every test in a zone far from UTC (and with DST), so code that
// leaks the local zone into stored instants cannot pass by accident.
func TestMain(m *testing.M) {
	const zone = "Pacific/Auckland"
	os.Setenv("TZ", zone)
	loc, err := time.LoadLocation(zone)
	if err != nil {
		fmt.Fprintf(os.Stderr, "load zone %s: %v\n", zone, err)
		os.Exit(2)
	}
	time.Local = loc
	os.Exit(m.Run())
}
