package store

// SetVerifyParts makes Verify split workspaces of more than partMin rows into
// parts (a test hook: the default only splits large workspaces).
func SetVerifyParts(s *Store, parts int, partMin int64) {
	s.tune.verifyParts, s.tune.verifyPartMin = parts, partMin
}
