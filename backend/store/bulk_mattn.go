//go:build cgo && sqlite_fts5

package store

/*
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

// trailbook_rows(data) is a table-valued function over one import chunk: data
// is a blob holding the number of values per row (one byte), then the rows,
// each value encoded as the ledger encodes a row digest (ledger.go): 'n' NULL;
// 'i' + 8 bytes big-endian; 'r' + 8 bytes; 't' or 'b' + uvarint length + bytes.
// Its columns c0, c1, ... are the values of a row. An import inserts a chunk
// with one statement and one bound value instead of one per column.

#define TB_MAXCOLS 48

typedef struct {
	sqlite3_vtab_cursor base;
	unsigned char *data; // the cursor's copy of the blob
	int size, pos, ncols, eof;
	sqlite3_int64 row;
	unsigned char type[TB_MAXCOLS];
	int off[TB_MAXCOLS], len[TB_MAXCOLS];
} tbCursor;

static int tbConnect(sqlite3 *db, void *aux, int argc, const char *const *argv,
		sqlite3_vtab **ppVtab, char **pzErr) {
	char sql[TB_MAXCOLS * 6 + 64] = "CREATE TABLE x(";
	for (int i = 0; i < TB_MAXCOLS; i++) {
		size_t n = strlen(sql);
		sqlite3_snprintf((int)(sizeof sql - n), sql + n, "c%d,", i);
	}
	strcat(sql, "data HIDDEN)");
	int rc = sqlite3_declare_vtab(db, sql);
	if (rc != SQLITE_OK) return rc;
	sqlite3_vtab *v = sqlite3_malloc(sizeof *v);
	if (!v) return SQLITE_NOMEM;
	memset(v, 0, sizeof *v);
	*ppVtab = v;
	return SQLITE_OK;
}

static int tbDisconnect(sqlite3_vtab *v) {
	sqlite3_free(v);
	return SQLITE_OK;
}

// tbBestIndex requires data: without it the function has no rows to give.
static int tbBestIndex(sqlite3_vtab *v, sqlite3_index_info *info) {
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *k = &info->aConstraint[i];
		if (k->iColumn != TB_MAXCOLS || k->op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
		if (!k->usable) return SQLITE_CONSTRAINT;
		info->aConstraintUsage[i].argvIndex = 1;
		info->aConstraintUsage[i].omit = 1;
		info->estimatedCost = 1;
		info->estimatedRows = 500;
		return SQLITE_OK;
	}
	return SQLITE_CONSTRAINT;
}

static int tbOpen(sqlite3_vtab *v, sqlite3_vtab_cursor **pp) {
	tbCursor *c = sqlite3_malloc(sizeof *c);
	if (!c) return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*pp = &c->base;
	return SQLITE_OK;
}

static int tbClose(sqlite3_vtab_cursor *cur) {
	tbCursor *c = (tbCursor *)cur;
	sqlite3_free(c->data);
	sqlite3_free(c);
	return SQLITE_OK;
}

static int tbFail(sqlite3_vtab_cursor *cur, int at) {
	sqlite3_free(cur->pVtab->zErrMsg);
	cur->pVtab->zErrMsg = sqlite3_mprintf("trailbook_rows: malformed row data at byte %d", at);
	return SQLITE_ERROR;
}

// tbNext reads the offsets of the next row's values.
static int tbNext(sqlite3_vtab_cursor *cur) {
	tbCursor *c = (tbCursor *)cur;
	int pos = c->pos;
	if (pos >= c->size) {
		c->eof = 1;
		return SQLITE_OK;
	}
	for (int i = 0; i < c->ncols; i++) {
		if (pos >= c->size) return tbFail(cur, pos);
		unsigned char t = c->data[pos++];
		c->type[i] = t;
		c->off[i] = pos;
		switch (t) {
		case 'n':
			c->len[i] = 0;
			break;
		case 'i': case 'r':
			if (c->size - pos < 8) return tbFail(cur, pos);
			c->len[i] = 8;
			pos += 8;
			break;
		case 't': case 'b': {
			uint64_t n = 0;
			int shift = 0;
			for (;;) { // a Go uvarint
				if (pos >= c->size || shift > 28) return tbFail(cur, pos);
				unsigned char b = c->data[pos++];
				n |= (uint64_t)(b & 0x7f) << shift;
				if (b < 0x80) break;
				shift += 7;
			}
			if (n > (uint64_t)(c->size - pos)) return tbFail(cur, pos);
			c->off[i] = pos;
			c->len[i] = (int)n;
			pos += (int)n;
			break;
		}
		default:
			return tbFail(cur, pos - 1);
		}
	}
	c->pos = pos;
	c->row++;
	return SQLITE_OK;
}

static int tbFilter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
		int argc, sqlite3_value **argv) {
	tbCursor *c = (tbCursor *)cur;
	sqlite3_free(c->data);
	c->data = 0;
	c->size = c->pos = c->ncols = 0;
	c->row = 0;
	c->eof = 1;
	const void *p = argc > 0 ? sqlite3_value_blob(argv[0]) : 0; // (before _bytes, as SQLite asks)
	int n = argc > 0 ? sqlite3_value_bytes(argv[0]) : 0;
	if (n < 1 || !p) return SQLITE_OK;
	// A copy the results can point into for as long as the cursor is on it.
	c->data = sqlite3_malloc(n);
	if (!c->data) return SQLITE_NOMEM;
	memcpy(c->data, p, (size_t)n);
	c->size = n;
	c->ncols = c->data[0];
	c->pos = 1;
	if (c->ncols < 1 || c->ncols > TB_MAXCOLS) return tbFail(cur, 0);
	c->eof = 0;
	return tbNext(cur);
}

static int tbEof(sqlite3_vtab_cursor *cur) { return ((tbCursor *)cur)->eof; }

static int tbColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i) {
	tbCursor *c = (tbCursor *)cur;
	if (i >= c->ncols) {
		sqlite3_result_null(ctx);
		return SQLITE_OK;
	}
	const unsigned char *p = c->data + c->off[i];
	uint64_t v = 0;
	switch (c->type[i]) {
	case 'i': case 'r':
		for (int k = 0; k < 8; k++) v = v << 8 | p[k];
		if (c->type[i] == 'i') {
			sqlite3_result_int64(ctx, (sqlite3_int64)v);
		} else {
			double d;
			memcpy(&d, &v, sizeof d);
			sqlite3_result_double(ctx, d);
		}
		break;
	case 't':
		sqlite3_result_text(ctx, (const char *)p, c->len[i], SQLITE_STATIC);
		break;
	case 'b':
		sqlite3_result_blob(ctx, p, c->len[i], SQLITE_STATIC);
		break;
	default:
		sqlite3_result_null(ctx);
	}
	return SQLITE_OK;
}

static int tbRowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid) {
	*rowid = ((tbCursor *)cur)->row;
	return SQLITE_OK;
}

static sqlite3_module tbModule = {
	0,            // iVersion
	0,            // xCreate: eponymous only, a table-valued function
	tbConnect, tbBestIndex, tbDisconnect,
	0,            // xDestroy
	tbOpen, tbClose, tbFilter, tbNext, tbEof, tbColumn, tbRowid,
	0, 0, 0, 0, 0, 0, 0, // read-only, no transactions, no functions, no rename
};

static int tbInit(sqlite3 *db, char **pzErrMsg, const void *api) {
	return sqlite3_create_module(db, "trailbook_rows", &tbModule, 0);
}

static int tbRegister(void) { return sqlite3_auto_extension((void (*)(void))tbInit); }
*/
import "C"

import "fmt"

// bulkInsert: chunks are inserted through trailbook_rows, one bound blob per
// chunk. Binding every value of a chunk on its own costs a call from Go into C
// per value, about as much as SQLite's whole work of inserting the row.
const bulkInsert = true

func init() {
	// Every connection the driver opens gets the function.
	if rc := C.tbRegister(); rc != C.SQLITE_OK {
		panic(fmt.Sprintf("register trailbook_rows: SQLite error %d", int(rc)))
	}
}
