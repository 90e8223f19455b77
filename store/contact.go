package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/mutualsrm/mutual"
)

// ContactService manages the people at partners.
type ContactService DB

const contactColumns = `c.id, c.partner_id, c.name, c.title, c.role, c.email, c.phone, c.is_primary, c.notes, c.version, c.created_at, c.updated_at`

const insertContactSQL = `INSERT INTO contacts (partner_id, name, title, role, email, phone, is_primary, notes, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

func scanContact(row interface{ Scan(...any) error }) (*mutual.Contact, error) {
	var c mutual.Contact
	if err := row.Scan(&c.ID, &c.PartnerID, &c.Name, &c.Title, &c.Role, &c.Email, &c.Phone, &c.Primary, &c.Notes, &c.Version, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt}); err != nil {
		return nil, err
	}
	return &c, nil
}

func insertContact(ctx context.Context, tx *Tx, stmt *sql.Stmt, c *mutual.Contact) error {
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
	err := stmt.QueryRowContext(ctx, tx.db.args([]any{c.PartnerID, c.Name, c.Title, c.Role, c.Email, c.Phone, c.Primary, c.Notes, c.Version, c.CreatedAt, c.UpdatedAt})...).Scan(&c.ID)
	return wrap(err, "insert contact")
}

func queryContacts(ctx context.Context, tx *Tx, q string, args ...any) ([]*mutual.Contact, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "find contacts")
	}
	return scanList(rows, scanContact)
}

const contactOrder = ` ORDER BY c.is_primary DESC, c.name, c.id`

func findContacts(ctx context.Context, tx *Tx, partnerID mutual.ID) ([]*mutual.Contact, error) {
	return queryContacts(ctx, tx, `SELECT `+contactColumns+` FROM contacts c WHERE c.partner_id = ? AND `+liveContact+contactOrder, partnerID)
}

// findContactsOf returns the contacts of many partners in one query.
func findContactsOf(ctx context.Context, tx *Tx, ids []mutual.ID) (map[mutual.ID][]*mutual.Contact, error) {
	return contactsOf(ctx, tx, ids, ` AND `+liveContact)
}

// searchContactsOf is findContactsOf with the contacts of imports under way,
// which a partner's search text holds already (see import.go).
func searchContactsOf(ctx context.Context, tx *Tx, ids []mutual.ID) (map[mutual.ID][]*mutual.Contact, error) {
	return contactsOf(ctx, tx, ids, "")
}

func contactsOf(ctx context.Context, tx *Tx, ids []mutual.ID, cond string) (map[mutual.ID][]*mutual.Contact, error) {
	out := map[mutual.ID][]*mutual.Contact{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	list, err := queryContacts(ctx, tx, `SELECT `+contactColumns+` FROM contacts c WHERE c.partner_id IN (`+placeholders(len(ids))+`)`+cond+contactOrder, args...)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		out[c.PartnerID] = append(out[c.PartnerID], c)
	}
	return out, nil
}

func findContactByID(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Contact, error) {
	c, err := scanContact(tx.QueryRowContext(ctx, `SELECT `+contactColumns+` FROM contacts c WHERE c.id = ? AND `+liveContact, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Contact")
	} else if err != nil {
		return nil, wrap(err, "find contact")
	}
	return c, nil
}

// FindContactByID returns a contact of a partner the caller may see.
func (s *ContactService) FindContactByID(ctx context.Context, id mutual.ID) (*mutual.Contact, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Contact, error) {
		c, err := findContactByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		u := mutual.UserFromContext(ctx)
		if !mutual.CanReadPartner(u, c.PartnerID) {
			return nil, notFound("Contact")
		}
		c.HideInternal(u)
		return c, nil
	})
}

// FindContacts returns the contacts of a partner the caller may see.
func (s *ContactService) FindContacts(ctx context.Context, partnerID mutual.ID) ([]*mutual.Contact, error) {
	if !mutual.CanReadPartner(mutual.UserFromContext(ctx), partnerID) {
		return nil, notFound("Partner")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Contact, error) {
		if _, err := findPartnerByID(ctx, tx, partnerID); err != nil {
			return nil, err
		}
		list, err := findContacts(ctx, tx, partnerID)
		for _, c := range list {
			c.HideInternal(mutual.UserFromContext(ctx))
		}
		return list, err
	})
}

// CreateContact adds a contact to a partner.
func (s *ContactService) CreateContact(ctx context.Context, c *mutual.Contact) error {
	return s.ImportContacts(ctx, []*mutual.Contact{c})
}

// ImportContacts adds contacts to partners, all or none: up to singleImport
// in one transaction, more in batches as an import.
func (s *ContactService) ImportContacts(ctx context.Context, cs []*mutual.Contact) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	single := len(cs) == 1
	prefix := func(i int) string {
		if single {
			return ""
		}
		return "[" + itoa(i) + "]."
	}
	var problems mutual.Problems
	partners := map[mutual.ID]bool{}
	for i, c := range cs {
		for _, f := range mutual.ErrorFields(c.Validate()) {
			problems.Add(prefix(i)+f.Field, f.Rule, f.Message)
		}
		c.CheckInternal(u, prefix(i), &problems)
		if !mutual.CanReadPartner(u, c.PartnerID) {
			if single {
				return notFound("Partner")
			}
			problems.Add(prefix(i)+"partner_id", "exists", "No such partner.")
		} else if !mutual.CanWriteContacts(u, c.PartnerID) {
			return mutual.Errorf(mutual.EFORBIDDEN, "You may not change contacts.")
		}
		partners[c.PartnerID] = true
	}
	if len(cs) > singleImport {
		return importContactList(ctx, db, cs, problems)
	}
	return db.write(ctx, func(tx *Tx) error {
		exists, err := existingPartners(ctx, tx, partners)
		if err != nil {
			return err
		}
		for i, c := range cs {
			if mutual.CanReadPartner(u, c.PartnerID) && !exists[c.PartnerID] {
				if single {
					return notFound("Partner")
				}
				problems.Add(prefix(i)+"partner_id", "exists", "No such partner.")
			}
		}
		if err := problems.Err(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, insertContactSQL)
		if err != nil {
			return wrap(err, "prepare")
		}
		defer stmt.Close()
		log, err := tx.beginAudit(ctx)
		if err != nil {
			return err
		}
		defer log.close()
		for _, c := range cs {
			if err := insertContact(ctx, tx, stmt, c); err != nil {
				return err
			}
			if err := log.add(ctx, "create", "contact", c.ID, nil, c); err != nil {
				return err
			}
		}
		if err := log.finish(ctx); err != nil {
			return err
		}
		ids := make([]mutual.ID, 0, len(partners))
		for id := range partners {
			ids = append(ids, id)
		}
		return reindexPartners(ctx, tx, ids)
	})
}

func existingPartners(ctx context.Context, tx *Tx, ids map[mutual.ID]bool) (map[mutual.ID]bool, error) {
	out := map[mutual.ID]bool{}
	list := make([]any, 0, len(ids))
	for id := range ids {
		list = append(list, int64(id))
	}
	for len(list) > 0 {
		n := min(len(list), 500)
		rows, err := tx.QueryContext(ctx, `SELECT id FROM partners WHERE id IN (`+placeholders(n)+`) AND `+liveRow, list[:n]...)
		if err != nil {
			return nil, wrap(err, "check partners")
		}
		list = list[n:]
		for rows.Next() {
			var id mutual.ID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		rows.Close()
	}
	return out, nil
}

// UpdateContact changes a contact with optimistic concurrency.
func (s *ContactService) UpdateContact(ctx context.Context, id mutual.ID, upd mutual.ContactUpdate) (*mutual.Contact, error) {
	u := mutual.UserFromContext(ctx)
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Contact, error) {
		c, err := findContactByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if !mutual.CanReadPartner(u, c.PartnerID) {
			return nil, notFound("Contact")
		}
		if !mutual.CanWriteContacts(u, c.PartnerID) {
			return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change contacts.")
		}
		if upd.Version != 0 && upd.Version != c.Version {
			return nil, stale("contact")
		}
		if err := upd.KeepInternal(u); err != nil {
			return nil, err
		}
		before := *c
		upd.Apply(c)
		if err := c.Validate(); err != nil {
			return nil, err
		}
		c.Version, c.UpdatedAt = c.Version+1, tx.now
		res, err := tx.ExecContext(ctx, `UPDATE contacts SET name = ?, title = ?, role = ?, email = ?, phone = ?, is_primary = ?, notes = ?, version = ?, updated_at = ?
			WHERE id = ? AND version = ?`, c.Name, c.Title, c.Role, c.Email, c.Phone, c.Primary, c.Notes, c.Version, c.UpdatedAt, id, before.Version)
		if err != nil {
			return nil, wrap(err, "update contact")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("contact")
		}
		if c.Name != before.Name || !strings.EqualFold(c.Email, before.Email) {
			if err := reindexPartner(ctx, tx, c.PartnerID); err != nil {
				return nil, err
			}
		}
		if err := tx.audit(ctx, "update", "contact", id, before, c); err != nil {
			return nil, err
		}
		c.HideInternal(u)
		return c, nil
	})
}

// DeleteContact removes a contact.
func (s *ContactService) DeleteContact(ctx context.Context, id mutual.ID, version int) error {
	u := mutual.UserFromContext(ctx)
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		c, err := findContactByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mutual.CanReadPartner(u, c.PartnerID) {
			return notFound("Contact")
		}
		if !mutual.CanWriteContacts(u, c.PartnerID) {
			return mutual.Errorf(mutual.EFORBIDDEN, "You may not change contacts.")
		}
		if version != 0 && version != c.Version {
			return stale("contact")
		}
		log, err := tx.beginAudit(ctx)
		if err != nil {
			return err
		}
		defer log.close()
		if err := detachContact(ctx, tx, log, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = ?`, id); err != nil {
			return wrap(err, "delete contact")
		}
		if err := reindexPartner(ctx, tx, c.PartnerID); err != nil {
			return err
		}
		if err := log.add(ctx, "delete", "contact", id, c, nil); err != nil {
			return err
		}
		return log.finish(ctx)
	})
}

// detachContact takes a contact about to be deleted off the interactions it
// attended and the commitments it owns, recording each change in the audit
// log rather than leaving it to the foreign keys' cascade.
func detachContact(ctx context.Context, tx *Tx, log *auditLog, id mutual.ID) error {
	owned, err := queryCommitmentsRaw(ctx, tx, `WHERE c.owner_contact_id = ? ORDER BY c.id`, id)
	if err != nil {
		return err
	}
	for _, c := range owned {
		after := *c
		after.OwnerContactID, after.OwnerName, after.Version, after.UpdatedAt = 0, "", c.Version+1, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET owner_contact_id = NULL, version = version + 1, updated_at = ? WHERE id = ?`, tx.now, c.ID); err != nil {
			return wrap(err, "detach contact")
		}
		if err := log.add(ctx, "update", "commitment", c.ID, c, after); err != nil {
			return err
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT interaction_id FROM interaction_contacts WHERE contact_id = ? ORDER BY interaction_id`, id)
	if err != nil {
		return wrap(err, "detach contact")
	}
	var attended []mutual.ID
	for rows.Next() {
		var iid mutual.ID
		if err := rows.Scan(&iid); err != nil {
			rows.Close()
			return err
		}
		attended = append(attended, iid)
	}
	rows.Close()
	for _, iid := range attended {
		in, err := findInteractionByID(ctx, tx, iid)
		if err != nil {
			return err
		}
		after := *in
		after.TheirAttendees = nil
		for _, a := range in.TheirAttendees {
			if a != id {
				after.TheirAttendees = append(after.TheirAttendees, a)
			}
		}
		after.Version, after.UpdatedAt = in.Version+1, tx.now
		if _, err := tx.ExecContext(ctx, `DELETE FROM interaction_contacts WHERE interaction_id = ? AND contact_id = ?`, iid, id); err != nil {
			return wrap(err, "detach contact")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE interactions SET version = version + 1, updated_at = ? WHERE id = ?`, tx.now, iid); err != nil {
			return wrap(err, "detach contact")
		}
		if err := log.add(ctx, "update", "interaction", iid, in, &after); err != nil {
			return err
		}
	}
	return nil
}
