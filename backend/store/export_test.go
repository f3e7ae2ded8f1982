package store

// SetVerifyParts makes Verify split workspaces of more than partMin rows into
// parts (a test hook: the default only splits large workspaces).
func SetVerifyParts(s *Store, parts int, partMin int64) {
	s.tune.verifyParts, s.tune.verifyPartMin = parts, partMin
}

// SetExplicitIDs makes imports bind every event's id instead of leaving the
// numbering to SQLite (what they do when the stored ids do not end at the head).
func SetExplicitIDs(s *Store, on bool) { s.tune.explicitIDs = on }

// SetDirectMin sets the smallest file a DirectImports store writes directly.
func SetDirectMin(s *Store, bytes int64) { s.tune.directMin = bytes }

// Direct reports whether the import writes under a rollback journal.
func (im *Import) Direct() bool { return im.direct }
