package store

import (
	"os"
	"runtime"
	"sync"
	"time"
)

// walFlushEvery is how often an import pushes the WAL's new pages to disk.
const walFlushEvery = 250 * time.Millisecond

// flushWAL syncs the WAL file every walFlushEvery until stop is called. An
// import is CPU-bound and leaves the disk idle, while the checkpoint after its
// commit must sync every page it wrote before copying them into the workspace:
// synced as they come, that part of the checkpoint finds nothing left to do.
// Best effort: without the file it does nothing. Not on Windows, where a sync
// needs a handle with write access to a file SQLite holds. Closing this second
// descriptor is safe only because SQLite locks the workspace file and its -shm,
// never the -wal: closing any descriptor of a file drops the process's POSIX
// locks on it (so the workspace file itself must not be synced this way).
func (s *Store) flushWAL() (stop func()) {
	if runtime.GOOS == "windows" {
		return func() {}
	}
	f, err := os.Open(s.path + "-wal")
	if err != nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(walFlushEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = f.Sync()
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		f.Close()
	}
}
