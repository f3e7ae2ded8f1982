//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// childPeakRSSKB is the child's peak resident set size in KB, or 0 when unknown.
func childPeakRSSKB(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) / 1024 // bytes there, KB elsewhere
	}
	return int64(ru.Maxrss)
}
