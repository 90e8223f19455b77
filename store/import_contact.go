package store

import (
	"context"
	"strings"

	"github.com/mutualsrm/mutual"
)

// contactImport is one import of many contacts (see import.go).
type contactImport struct {
	db      *DB
	checked int
	used    bool
}

// NewContactImport starts an import of many contacts. Supplier users may
// import contacts of their own partner; Check looks at each row.
func (s *ContactService) NewContactImport(ctx context.Context) (mutual.ContactImport, error) {
	u := mutual.UserFromContext(ctx)
	if u == nil || !mutual.CanWriteContacts(u, u.PartnerID) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change contacts.")
	}
	return &contactImport{db: (*DB)(s)}, nil
}

// Check reports contacts whose partner does not exist or may not be seen.
func (imp *contactImport) Check(ctx context.Context, cs []*mutual.Contact) error {
	var problems mutual.Problems
	if err := imp.check(ctx, cs, 0, &problems); err != nil {
		return err
	}
	return problems.Err()
}

// check is Check naming the fields "[offset+i].field".
func (imp *contactImport) check(ctx context.Context, cs []*mutual.Contact, offset int, problems *mutual.Problems) error {
	if imp.used {
		return mutual.Errorf(mutual.EINTERNAL, "import already written")
	}
	if err := imp.db.read(ctx, func(tx *Tx) error { return checkNewContacts(ctx, tx, cs, offset, problems) }); err != nil {
		return err
	}
	imp.checked += len(cs)
	return nil
}

// importContactList is ImportContacts for a long list, validated already
// with problems: it checks the list against the database and writes it as
// an import.
func importContactList(ctx context.Context, db *DB, cs []*mutual.Contact, problems mutual.Problems) error {
	imp := &contactImport{db: db}
	var more mutual.Problems
	for start := 0; start < len(cs); start += singleImport {
		if err := imp.check(ctx, cs[start:min(start+singleImport, len(cs))], start, &more); err != nil {
			return err
		}
	}
	have := make(map[string]bool, len(problems))
	for _, p := range problems {
		have[p.Field] = true
	}
	for _, p := range more {
		if !have[p.Field] { // a partner that may not be seen is reported once
			problems = append(problems, p)
		}
	}
	if err := problems.Err(); err != nil {
		return err
	}
	_, err := imp.Write(ctx, listReader(cs))
	return err
}

// checkNewContacts adds the problems with the partners of cs, named
// "[offset+i].partner_id".
func checkNewContacts(ctx context.Context, tx *Tx, cs []*mutual.Contact, offset int, problems *mutual.Problems) error {
	u := mutual.UserFromContext(ctx)
	partners := map[mutual.ID]bool{}
	for _, c := range cs {
		if mutual.CanReadPartner(u, c.PartnerID) && !mutual.CanWriteContacts(u, c.PartnerID) {
			return mutual.Errorf(mutual.EFORBIDDEN, "You may not change contacts.")
		}
		partners[c.PartnerID] = true
	}
	exists, err := existingPartners(ctx, tx, partners)
	if err != nil {
		return err
	}
	for i, c := range cs {
		if !mutual.CanReadPartner(u, c.PartnerID) || !exists[c.PartnerID] {
			problems.Add("["+itoa(offset+i)+"].partner_id", "exists", "No such partner.")
		}
	}
	return nil
}

// Write adds the contacts next returns in batches, all or none.
func (imp *contactImport) Write(ctx context.Context, next func() (*mutual.Contact, error)) (int, error) {
	if imp.used {
		return 0, mutual.Errorf(mutual.EINTERNAL, "import already written")
	}
	imp.used = true
	run, err := imp.db.startImport(ctx, "contacts", imp.checked)
	if err != nil {
		return 0, err
	}
	return writeImport(ctx, run, imp.checked, "contacts", next, func(tx *Tx, batch []*mutual.Contact, offset int) error {
		return writeContactBatch(ctx, tx, run, batch, offset)
	})
}

// contactInsertColumns are the columns writeContactBatch writes.
const contactInsertColumns = `id, partner_id, name, title, role, email, phone, is_primary, notes, version, created_at, updated_at, import_id`

// writeContactBatch checks cs again, inserts and audits them and recomputes
// the search text of their partners.
func writeContactBatch(ctx context.Context, tx *Tx, run *importRun, cs []*mutual.Contact, offset int) error {
	var problems mutual.Problems
	if err := checkNewContacts(ctx, tx, cs, offset, &problems); err != nil {
		return err
	}
	if err := problems.Err(); err != nil {
		return err
	}
	ids, err := newIDs(ctx, tx, "contacts", len(cs))
	if err != nil {
		return err
	}
	const cols = 13
	args := make([]any, 0, cols*insertRows)
	for start := 0; start < len(cs); start += insertRows {
		chunk := cs[start:min(start+insertRows, len(cs))]
		args = args[:0]
		for i, c := range chunk {
			c.ID = ids[start+i]
			c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
			args = append(args, c.ID, c.PartnerID, c.Name, c.Title, c.Role, c.Email, c.Phone, c.Primary, c.Notes, c.Version, tx.now, tx.now, run.id)
		}
		row := "(" + placeholders(cols) + ")"
		q := `INSERT INTO contacts (` + contactInsertColumns + `) VALUES ` + strings.Repeat(row+",", len(chunk)-1) + row
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return wrap(err, "insert contacts")
		}
	}
	log, err := tx.beginAudit(ctx)
	if err != nil {
		return err
	}
	defer log.close()
	partners := map[mutual.ID]bool{}
	for _, c := range cs {
		if err := log.add(ctx, "create", "contact", c.ID, nil, c); err != nil {
			return err
		}
		partners[c.PartnerID] = true
	}
	if err := log.finish(ctx); err != nil {
		return err
	}
	return reindexPartners(ctx, tx, idList(partners))
}

func idList(set map[mutual.ID]bool) []mutual.ID {
	out := make([]mutual.ID, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	return out
}

// removeImportedContacts removes up to removeBatch contacts of import id,
// auditing each, recomputes their partners' search text and returns how
// many it removed.
func removeImportedContacts(ctx context.Context, tx *Tx, id mutual.ID) (int, error) {
	rows, err := tx.QueryContext(ctx, `DELETE FROM contacts WHERE id IN (SELECT id FROM contacts WHERE import_id = ? ORDER BY id LIMIT ?)
		RETURNING `+strings.ReplaceAll(contactColumns, "c.", ""), id, removeBatch)
	if err != nil {
		return 0, wrap(err, "remove import")
	}
	cs, err := scanList(rows, scanContact)
	if err != nil || len(cs) == 0 {
		return 0, wrap(err, "remove import")
	}
	log, err := tx.beginAudit(ctx)
	if err != nil {
		return 0, err
	}
	defer log.close()
	partners := map[mutual.ID]bool{}
	for _, c := range cs {
		if err := log.add(ctx, "delete", "contact", c.ID, c, nil); err != nil {
			return 0, err
		}
		partners[c.PartnerID] = true
	}
	if err := log.finish(ctx); err != nil {
		return 0, err
	}
	return len(cs), reindexPartners(ctx, tx, idList(partners))
}
