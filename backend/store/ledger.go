package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/uptrace/bun"
)

// The ledger: every event row is chained to the one before it.
//
//	chain(i) = SHA-256( chain(i-1) || id(i) as 8 bytes big-endian || digest of row i )
//
// where the row digest is the typed encoding of every stored column but id and
// chain, in chainedColumns order: NULL 'n'; INTEGER 'i' + 8 bytes big-endian;
// TEXT 't' + uvarint length + bytes; BLOB 'b' + uvarint length + bytes; REAL 'r'
// + 8 bytes. NULL and '' differ, and so do 5 and '5'. Import computes it from the
// values it binds; Verify from the values SQLite hands back.
//
// Ids are assigned here, contiguous from meta.head_id+1; meta holds the chain
// head (last id, its chain value, the row count) and the base (the id before the
// first stored row and the chain value there). A purge or clear removes rows
// under the guard and records each removed id range in ledger_gaps with the
// chain value of its last row, so the chain stays checkable across the hole.

// chainedColumns are the stored columns covered by the row digest, in order.
// They are also the insert column order after id (chain comes last).
var chainedColumns = []string{
	"occurred_at", "source_time", "source_zone",
	"actor_id", "actor_name", "actor_email", "actor_company", "ip", "actor_key",
	"system", "module", "action", "kind", "meaning",
	"target_type", "target_id", "target_ref", "target_name", "related_ref",
	"amount_micros", "currency", "billing_cycles",
	"description", "changes", "extra", "warnings",
	"batch_id", "line", "row_hash",
}

// chainedSelect reads chainedColumns from events, the meaning as its text.
var chainedSelect = strings.Replace(strings.Join(chainedColumns, ", "), "meaning", meaningOf("events"), 1)

// genesis is the chain value before the first event of every workspace.
var genesis = sha256.Sum256([]byte("trailbook ledger v1"))

// chainer builds the bytes hashed for one row; reuse it to avoid allocations.
type chainer struct{ buf []byte }

func (c *chainer) start(prev []byte, id int64) {
	c.buf = append(c.buf[:0], prev...)
	c.buf = binary.BigEndian.AppendUint64(c.buf, uint64(id))
}

func (c *chainer) null() { c.buf = append(c.buf, 'n') }

func (c *chainer) int(v int64) {
	c.buf = append(c.buf, 'i')
	c.buf = binary.BigEndian.AppendUint64(c.buf, uint64(v))
}

func (c *chainer) text(s string) {
	c.buf = append(c.buf, 't')
	c.buf = binary.AppendUvarint(c.buf, uint64(len(s)))
	c.buf = append(c.buf, s...)
}

func (c *chainer) blob(b []byte) {
	c.buf = append(c.buf, 'b')
	c.buf = binary.AppendUvarint(c.buf, uint64(len(b)))
	c.buf = append(c.buf, b...)
}

func (c *chainer) real(f float64) {
	c.buf = append(c.buf, 'r')
	c.buf = binary.BigEndian.AppendUint64(c.buf, math.Float64bits(f))
}

// value encodes a value as the driver returns it.
func (c *chainer) value(v any) {
	switch x := v.(type) {
	case nil:
		c.null()
	case int64:
		c.int(x)
	case string:
		c.text(x)
	case []byte:
		c.blob(x)
	case float64:
		c.real(x)
	case bool: // not produced by SQLite; kept total
		if x {
			c.int(1)
		} else {
			c.int(0)
		}
	default:
		c.text(fmt.Sprint(x))
	}
}

func (c *chainer) sum() [32]byte { return sha256.Sum256(c.buf) }

// ledgerState is the meta row.
type ledgerState struct {
	BaseID    int64  `bun:"base_id"`
	BaseChain []byte `bun:"base_chain"`
	HeadID    int64  `bun:"head_id"`
	HeadChain []byte `bun:"head_chain"`
	Count     int64  `bun:"event_count"`
}

func readLedger(ctx context.Context, db bun.IDB) (ledgerState, error) {
	var st ledgerState
	err := db.NewRaw(`SELECT base_id, base_chain, head_id, head_chain, event_count FROM meta WHERE id = 1`).Scan(ctx, &st)
	if err != nil {
		return st, fmt.Errorf("read ledger head: %w", err)
	}
	if len(st.BaseChain) != 32 || len(st.HeadChain) != 32 {
		return st, fmt.Errorf("read ledger head: chain values are not 32 bytes")
	}
	return st, nil
}

func writeLedger(ctx context.Context, db bun.IDB, st ledgerState) error {
	_, err := db.NewRaw(`UPDATE meta SET base_id = ?, base_chain = ?, head_id = ?, head_chain = ?, event_count = ? WHERE id = 1`,
		st.BaseID, st.BaseChain, st.HeadID, st.HeadChain, st.Count).Exec(ctx)
	if err != nil {
		return fmt.Errorf("write ledger head: %w", err)
	}
	return nil
}
