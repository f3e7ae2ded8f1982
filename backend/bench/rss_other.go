//go:build !linux

package main

import "time"

// Without /proc the peak of each phase is not measured; the table shows -1.
func resetPeakRSS() {}

func peakRSSKB() int64 { return -1 }

func cpuTime() time.Duration { return 0 }
