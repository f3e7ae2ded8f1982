package workspace

import "context"

// RollupsFresh exposes the store's rollup state to the tests.
func (w *Workspace) RollupsFresh(ctx context.Context) (bool, error) { return w.store.RollupsFresh(ctx) }
