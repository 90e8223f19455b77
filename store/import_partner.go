package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/mutualsrm/mutual"
)

// partnerImport is one import of many partners (see import.go).
type partnerImport struct {
	db      *DB
	checked int
	keys    []string // SQLite: the sort keys of the partners checked, to leave them room in name order
	used    bool
}

// importedPartner is a partner of an import with what its writing needs
// more than once: its place in the caller's list, by which problems name
// it, and its sort key.
type importedPartner struct {
	*mutual.Partner
	index int
	key   string
}

// NewPartnerImport starts an import of many partners.
func (s *PartnerService) NewPartnerImport(ctx context.Context) (mutual.PartnerImport, error) {
	if !mutual.CanWritePartners(mutual.UserFromContext(ctx)) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not create partners.")
	}
	return &partnerImport{db: (*DB)(s)}, nil
}

// Check reports tax codes taken and owners or sponsors who may not be
// assigned, on the reader pool: nothing waits for it.
func (imp *partnerImport) Check(ctx context.Context, ps []*mutual.Partner) error {
	var problems mutual.Problems
	if err := imp.check(ctx, ps, 0, &problems); err != nil {
		return err
	}
	return partnerProblems(problems)
}

// check is Check naming the fields "[offset+i].field".
func (imp *partnerImport) check(ctx context.Context, ps []*mutual.Partner, offset int, problems *mutual.Problems) error {
	if imp.used {
		return mutual.Errorf(mutual.EINTERNAL, "import already written")
	}
	err := imp.db.read(ctx, func(tx *Tx) error {
		return checkNewPartners(ctx, tx, ps, func(i int) string { return "[" + itoa(offset+i) + "]." }, problems)
	})
	if err != nil {
		return err
	}
	imp.checked += len(ps)
	if imp.db.dialect == SQLite {
		for _, p := range ps {
			imp.keys = append(imp.keys, p.SortKey())
		}
	}
	return nil
}

// importPartnerList is ImportPartners for a long list, validated already
// with problems: it checks the list against the database and writes it as
// an import.
func importPartnerList(ctx context.Context, db *DB, ps []*mutual.Partner, problems mutual.Problems) error {
	imp := &partnerImport{db: db}
	for start := 0; start < len(ps); start += singleImport {
		if err := imp.check(ctx, ps[start:min(start+singleImport, len(ps))], start, &problems); err != nil {
			return err
		}
	}
	if err := partnerProblems(problems); err != nil {
		return err
	}
	_, err := imp.Write(ctx, listReader(ps))
	return err
}

// checkNewPartners adds the problems the database has against creating ps,
// naming ps[i]'s fields prefix(i)+"field".
func checkNewPartners(ctx context.Context, tx *Tx, ps []*mutual.Partner, prefix func(i int) string, problems *mutual.Problems) error {
	codes := make(map[string]int, len(ps))
	for i, p := range ps {
		if p.TaxCode != "" {
			codes[p.TaxCode] = i
		}
	}
	taken, err := takenTaxCodes(ctx, tx, codes, 0)
	if err != nil {
		return err
	}
	assignable, err := assignableUserIDs(ctx, tx)
	if err != nil {
		return err
	}
	for i, p := range ps {
		if p.TaxCode != "" && taken[p.TaxCode] {
			problems.Add(prefix(i)+"tax_code", "duplicate", "A partner with this tax code already exists.")
		}
		checkAssignees(problems, prefix(i), p, assignable)
	}
	return nil
}

// partnerProblems is the error of problems: ECONFLICT when every one is a
// tax code taken.
func partnerProblems(problems mutual.Problems) error {
	if len(problems) == 0 {
		return nil
	}
	err := problems.Err().(*mutual.Error)
	if onlyDuplicates(problems) {
		err.Code, err.Message = mutual.ECONFLICT, "A partner with this tax code already exists."
	}
	return err
}

// Write creates the partners next returns in batches, all or none. It
// writes them in the order given, and fastest in name order: each batch
// then adds to one stretch of every index kept in name order (and of the
// full-text index, whose rowids follow it on SQLite) instead of to every
// page of them, so that a batch's commit writes a few pages of each index
// rather than nearly all (see csv.ImportPartners).
func (imp *partnerImport) Write(ctx context.Context, next func() (*mutual.Partner, error)) (int, error) {
	if imp.used {
		return 0, mutual.Errorf(mutual.EINTERNAL, "import already written")
	}
	imp.used = true
	db := imp.db
	slices.Sort(imp.keys)
	run, err := db.startImport(ctx, "partners", imp.checked)
	if err != nil {
		return 0, err
	}
	st, err := db.prepareImport(ctx, partnerImportQueries(db.dialect))
	if err != nil {
		run.fail(ctx, err)
		return 0, err
	}
	defer closeAll(st)
	read := 0
	n, err := writeImport(ctx, run, imp.checked, "partners", func() (*importedPartner, error) {
		p, err := next()
		if p == nil {
			return nil, err
		}
		read++
		return &importedPartner{Partner: p, index: read - 1, key: p.SortKey()}, err
	}, func(tx *Tx, batch []*importedPartner, _ int) error {
		return imp.writeBatch(ctx, tx, run, st, batch)
	})
	if err == nil && db.dialect == SQLite {
		db.mergeSearchIndex(ctx)
	}
	return n, err
}

// The statements of a partner import, prepared once (prepareImport).
const (
	piInsert = iota // insertRows partners
	piIndex         // SQLite: a batch's full-text rows
)

// partnerInsertColumns are the columns a partner import writes; SQLite
// also writes sort_pos, last.
const partnerInsertColumns = `id, name, legal_name, tax_code, country, roles, segment, status, owner_id, sponsor_id,
	website, email, phone, address, spend_amount, spend_currency, notes, sort_key, search_text, version, created_at, updated_at,
	import_id, due_any_on, due_visit_on, due_executive_on`

const partnerInsertCount = 26

// partnerInsert returns the columns and their number a partner import
// writes in the dialect.
func partnerInsert(dialect string) (string, int) {
	if dialect == SQLite {
		return partnerInsertColumns + `, sort_pos`, partnerInsertCount + 1
	}
	return partnerInsertColumns, partnerInsertCount
}

// insertRows is how many rows one multi-row INSERT writes; batches hold a
// multiple of it.
const insertRows = 100

// partnerImportQueries are the statements of a partner import in the dialect.
func partnerImportQueries(dialect string) []string {
	cols, n := partnerInsert(dialect)
	return []string{
		piInsert: multiInsert("partners", cols, n, insertRows),
		piIndex: `INSERT INTO partner_fts (rowid, search_text) SELECT sort_pos, search_text FROM partners
			WHERE import_id = ? AND id BETWEEN ? AND ? AND sort_pos IS NOT NULL ORDER BY sort_pos`,
	}
}

// multiInsert is an INSERT of rows rows of n columns.
func multiInsert(table, columns string, n, rows int) string {
	row := "(" + placeholders(n) + ")"
	return `INSERT INTO ` + table + ` (` + columns + `) VALUES ` + strings.Repeat(row+",", rows-1) + row
}

// prepareImport prepares the statements of an import on the writer, once
// for all its batches: a statement of a hundred rows takes longer to
// prepare than to run. On SQLite a multi-row INSERT is prepared for one
// row: SQLite keeps a statement journal for a statement that writes many
// rows, so that it can undo it alone, which costs more than it saves.
// Statements that do not apply to the dialect are nil.
func (db *DB) prepareImport(ctx context.Context, queries []string) ([]*sql.Stmt, error) {
	st := make([]*sql.Stmt, len(queries))
	for i, q := range queries {
		if db.dialect != SQLite && strings.Contains(q, "partner_fts") {
			continue
		}
		if db.dialect == SQLite {
			if head, _, ok := strings.Cut(q, "),("); ok && strings.HasPrefix(q, "INSERT") {
				q = head + ")"
			}
		}
		var err error
		if st[i], err = db.writePool.PrepareContext(ctx, db.rebind(q)); err != nil {
			closeAll(st)
			return nil, wrap(err, "prepare import")
		}
	}
	return st, nil
}

func closeAll(st []*sql.Stmt) {
	for _, s := range st {
		if s != nil {
			s.Close()
		}
	}
}

// exec runs a statement prepared by prepareImport in tx.
func (tx *Tx) exec(ctx context.Context, st *sql.Stmt, args ...any) (sql.Result, error) {
	return tx.Tx.StmtContext(ctx, st).ExecContext(ctx, tx.db.args(args)...)
}

// writeBatch checks the batch again, then inserts its partners in name
// order (SQLite) with their due touches and contacts, audits them and adds
// them to the search index (SQLite).
func (imp *partnerImport) writeBatch(ctx context.Context, tx *Tx, run *importRun, st []*sql.Stmt, batch []*importedPartner) error {
	ps := make([]*mutual.Partner, len(batch))
	for i, p := range batch {
		ps[i] = p.Partner
	}
	var problems mutual.Problems
	if err := checkNewPartners(ctx, tx, ps, func(i int) string { return "[" + itoa(batch[i].index) + "]." }, &problems); err != nil {
		return err
	}
	if err := partnerProblems(problems); err != nil {
		return err
	}
	ids, err := newIDs(ctx, tx, "partners", len(ps))
	if err != nil {
		return err
	}
	for i, p := range ps {
		p.ID = ids[i]
		p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.now, tx.now
	}
	pos := make([]any, len(ps))
	placedAll := true
	if tx.db.dialect == SQLite {
		if placedAll, err = newPositions(ctx, tx, batch, imp.keys, pos); err != nil {
			return err
		}
	}
	dues, err := newPartnerDues(ctx, tx)
	if err != nil {
		return err
	}
	cols, n := partnerInsert(tx.db.dialect)
	args := make([]any, 0, n*insertRows)
	for start := 0; start < len(ps); start += insertRows {
		chunk := batch[start:min(start+insertRows, len(ps))]
		args = args[:0]
		for i, p := range chunk {
			amount, currency := moneyArgs(p.AnnualSpend)
			due := dues(p.Segment)
			args = append(args, p.ID, p.Name, p.LegalName, nullString(p.TaxCode), p.Country, encodeRoles(p.Roles), p.Segment, p.Status,
				p.OwnerID, p.SponsorID, p.Website, p.Email, p.Phone, p.Address, amount, currency, p.Notes, p.key,
				p.SearchText(p.Contacts), p.Version, tx.now, tx.now, run.id, due[0], due[1], due[2])
			if tx.db.dialect == SQLite {
				args = append(args, pos[start+i])
			}
		}
		switch {
		case tx.db.dialect == SQLite: // one row a statement: a statement of many rows keeps a journal to undo itself
			for i := range chunk {
				if _, err = tx.exec(ctx, st[piInsert], args[i*n:(i+1)*n]...); err != nil {
					break
				}
			}
		case len(chunk) == insertRows:
			_, err = tx.exec(ctx, st[piInsert], args...)
		default:
			_, err = tx.ExecContext(ctx, multiInsert("partners", cols, n, len(chunk)), args...)
		}
		if isUniqueViolation(err) {
			return conflict("tax_code", "A partner with this tax code already exists.")
		} else if err != nil {
			return wrap(err, "insert partners")
		}
	}
	if err := insertPartnerContacts(ctx, tx, ps); err != nil {
		return err
	}
	log, err := tx.beginAudit(ctx)
	if err != nil {
		return err
	}
	defer log.close()
	for _, p := range ps {
		if err := log.add(ctx, "create", "partner", p.ID, nil, p); err != nil {
			return err
		}
	}
	if err := log.finish(ctx); err != nil {
		return err
	}
	if tx.db.dialect != SQLite {
		return nil
	}
	if !placedAll { // a gap was used up: every partner is placed anew
		if _, err := placePartnersWith(ctx, tx, imp.keys); err != nil {
			return err
		}
		return rebuildSearchIndex(ctx, tx)
	}
	_, err = tx.exec(ctx, st[piIndex], run.id, ps[0].ID, ps[len(ps)-1].ID)
	return wrap(err, "index partners")
}

// newPositions sets pos[i] to the place in name order of batch[i], not
// yet inserted but with its ID, and returns false (pos left nil) when a gap
// is used up.
func newPositions(ctx context.Context, tx *Tx, batch []*importedPartner, keys []string, pos []any) (bool, error) {
	list := make([]unplaced, len(batch))
	index := make(map[mutual.ID]int, len(batch))
	for i, p := range batch {
		list[i] = unplaced{id: p.ID, key: p.key}
		index[p.ID] = i
	}
	slices.SortFunc(list, func(a, b unplaced) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
	})
	places, ok, err := positionsFor(ctx, tx, list, keys)
	if err != nil || !ok {
		return false, err
	}
	for k, u := range list {
		pos[index[u.id]] = places[k]
	}
	return true, nil
}

// insertPartnerContacts inserts the contacts that come with partners (an
// import through ImportPartners; CSV files have none).
func insertPartnerContacts(ctx context.Context, tx *Tx, ps []*mutual.Partner) error {
	var stmt *sql.Stmt
	for _, p := range ps {
		for _, c := range p.Contacts {
			if stmt == nil {
				var err error
				if stmt, err = tx.PrepareContext(ctx, insertContactSQL); err != nil {
					return wrap(err, "prepare")
				}
				defer stmt.Close()
			}
			c.PartnerID = p.ID
			if err := insertContact(ctx, tx, stmt, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// newIDs returns n unused IDs of table, in increasing order.
func newIDs(ctx context.Context, tx *Tx, table string, n int) ([]mutual.ID, error) {
	ids := make([]mutual.ID, n)
	if tx.db.dialect == Postgres {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, ?)`, n)
		if err != nil {
			return nil, wrap(err, "new IDs")
		}
		defer rows.Close()
		i := 0
		for rows.Next() && i < n {
			if err := rows.Scan(&ids[i]); err != nil {
				return nil, err
			}
			i++
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if i != n {
			return nil, errors.New("new IDs: the sequence gave too few")
		}
		slices.Sort(ids)
		return ids, nil
	}
	var last mutual.ID
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
		return nil, wrap(err, "new IDs")
	}
	for i := range ids {
		ids[i] = last + mutual.ID(i) + 1
	}
	return ids, nil
}

// mergeSearchIndex merges the segments that an import's batches left in
// the full-text index, a few hundred pages per transaction, so that no
// writer waits long for it. A search walks every segment side by side: after
// a bulk import, a search for a common word ran eight times slower with the
// segments left as they were; merged in one go, 100,000 partners took 1.5 s
// of the writer. Searches are right meanwhile, only slower.
func (db *DB) mergeSearchIndex(ctx context.Context) {
	for range 1000 {
		var changes int64
		err := db.writeYielding(ctx, func(tx *Tx) error {
			before, err := totalChanges(ctx, tx)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO partner_fts (partner_fts, rank) VALUES ('merge', -200)`); err != nil {
				return err
			}
			after, err := totalChanges(ctx, tx)
			changes = after - before
			return err
		}, nil)
		if err != nil {
			db.log.Warn("merge search index", "err", err)
			return
		}
		if changes < 2 { // FTS5: no work was left
			return
		}
	}
}

func totalChanges(ctx context.Context, tx *Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&n)
	return n, err
}

// removeImportedPartners removes up to removeBatch partners of import id
// with their contacts and search entries, auditing each, and returns how
// many it removed.
func removeImportedPartners(ctx context.Context, tx *Tx, id mutual.ID) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+partnerColumns+` FROM partners p`+partnerJoins+` WHERE p.import_id = ? ORDER BY p.id LIMIT ?`, id, removeBatch)
	if err != nil {
		return 0, wrap(err, "remove import")
	}
	ps, err := scanList(rows, scanPartner)
	if err != nil || len(ps) == 0 {
		return 0, err
	}
	ids := make([]mutual.ID, len(ps))
	args := make([]any, len(ps))
	for i, p := range ps {
		ids[i], args[i] = p.ID, int64(p.ID)
	}
	in := `(` + placeholders(len(ps)) + `)`
	contacts, err := findContactsOf(ctx, tx, ids)
	if err != nil {
		return 0, err
	}
	if tx.db.dialect == SQLite {
		if _, err := tx.ExecContext(ctx, `DELETE FROM partner_fts WHERE rowid IN (SELECT sort_pos FROM partners WHERE id IN `+in+` AND sort_pos IS NOT NULL)`, args...); err != nil {
			return 0, wrap(err, "remove import")
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE partner_id IN `+in, args...); err != nil {
		return 0, wrap(err, "remove import")
	}
	del, err := tx.QueryContext(ctx, `DELETE FROM partners WHERE id IN `+in+` RETURNING id`, args...)
	if err != nil {
		return 0, wrap(err, "remove import")
	}
	deleted := map[mutual.ID]bool{}
	for del.Next() {
		var d mutual.ID
		if err := del.Scan(&d); err != nil {
			del.Close()
			return 0, err
		}
		deleted[d] = true
	}
	del.Close()
	if err := del.Err(); err != nil {
		return 0, wrap(err, "remove import")
	}
	log, err := tx.beginAudit(ctx)
	if err != nil {
		return 0, err
	}
	defer log.close()
	for _, p := range ps {
		if !deleted[p.ID] {
			continue
		}
		before := auditPartner(p)
		before.Contacts = contacts[p.ID]
		if err := log.add(ctx, "delete", "partner", p.ID, before, nil); err != nil {
			return 0, err
		}
	}
	return len(deleted), log.finish(ctx)
}
