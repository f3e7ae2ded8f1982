package workspace

import "trailbook/backend/store"

// Explain turns a storage error into one a user can act on (busy, damaged, read-only,
// disk full), keeping the original text; faces call it on every error they show.
func Explain(err error) error { return store.Explain(err) }
