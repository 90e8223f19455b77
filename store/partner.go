package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/mutualsrm/mutual"
)

// PartnerService manages partners.
type PartnerService DB

const partnerColumns = `p.id, p.name, p.legal_name, p.tax_code, p.country, p.roles, p.segment, p.status, p.owner_id, p.sponsor_id,
	p.website, p.email, p.phone, p.address, p.spend_amount, p.spend_currency, p.notes, p.version, p.created_at, p.updated_at,
	o.name, sp.name, p.last_touch_at, p.due_any_on, p.due_visit_on, p.due_executive_on`

const partnerJoins = ` LEFT JOIN users o ON o.id = p.owner_id LEFT JOIN users sp ON sp.id = p.sponsor_id`

func scanPartner(row interface{ Scan(...any) error }) (*mutual.Partner, error) {
	var p mutual.Partner
	var tax, amount, currency, owner, sponsor sql.NullString
	var due [3]sql.NullString
	var last time.Time
	var roles int
	if err := row.Scan(&p.ID, &p.Name, &p.LegalName, &tax, &p.Country, &roles, &p.Segment, &p.Status, idCol{&p.OwnerID}, idCol{&p.SponsorID},
		&p.Website, &p.Email, &p.Phone, &p.Address, &amount, &currency, &p.Notes, &p.Version, timeCol{&p.CreatedAt}, timeCol{&p.UpdatedAt},
		&owner, &sponsor, timeCol{&last}, &due[0], &due[1], &due[2]); err != nil {
		return nil, err
	}
	if !last.IsZero() {
		p.LastTouchAt = &last
	}
	for _, d := range due {
		if v, ok := mutual.ParseDate(d.String); ok && (p.NextDueOn.IsZero() || v.Before(p.NextDueOn)) {
			p.NextDueOn = v
		}
	}
	p.TaxCode, p.OwnerName, p.SponsorName = tax.String, owner.String, sponsor.String
	p.Roles = decodeRoles(roles)
	if currency.Valid {
		var err error
		if p.AnnualSpend, err = moneyColumn("partners.spend_amount", amount, currency.String); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// Roles are stored as a bit set so that one integer column filters them.
func encodeRoles(roles []string) int {
	n := 0
	for i, r := range mutual.PartnerRoles {
		for _, have := range roles {
			if have == r {
				n |= 1 << i
			}
		}
	}
	return n
}

func decodeRoles(n int) []string {
	out := []string{}
	for i, r := range mutual.PartnerRoles {
		if n&(1<<i) != 0 {
			out = append(out, r)
		}
	}
	return out
}

func roleBit(role string) int { return encodeRoles([]string{role}) }

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// moneyArgs returns the amount and currency columns of m.
func moneyArgs(m mutual.Money) (any, any) {
	if m.IsZero() {
		return nil, nil
	}
	return m.Amount.String(), m.Currency
}

func findPartnerByID(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Partner, error) {
	p, err := scanPartner(tx.QueryRowContext(ctx, `SELECT `+partnerColumns+` FROM partners p`+partnerJoins+` WHERE p.id = ? AND `+livePartner, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Partner")
	} else if err != nil {
		return nil, wrap(err, "find partner")
	}
	return p, nil
}

// FindPartnerByID returns a partner the caller may see, with its contacts.
func (s *PartnerService) FindPartnerByID(ctx context.Context, id mutual.ID) (*mutual.Partner, error) {
	if !mutual.CanReadPartner(mutual.UserFromContext(ctx), id) {
		return nil, notFound("Partner")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Partner, error) {
		p, err := findPartnerByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if p.Contacts, err = findContacts(ctx, tx, id); err != nil {
			return nil, err
		}
		redact(mutual.UserFromContext(ctx), p)
		return p, nil
	})
}

// redact hides from a partner's own supplier users what the buying side
// keeps to itself about them: its notes, its segment, its expected spend,
// its touches and its notes on their contacts.
func redact(u *mutual.User, p *mutual.Partner) {
	if !mutual.CanReadInternalNotes(u) {
		p.Notes, p.Segment, p.AnnualSpend = "", "", mutual.Money{}
		p.LastTouchAt, p.NextDueOn = nil, mutual.Date{}
		for _, c := range p.Contacts {
			c.HideInternal(u)
		}
	}
}

// CreatePartner stores a new partner and its contacts.
func (s *PartnerService) CreatePartner(ctx context.Context, p *mutual.Partner) error {
	return s.ImportPartners(ctx, []*mutual.Partner{p})
}

// singleImport is the most partners or contacts an import writes in one
// transaction; more are written in batches, as an import (see import.go).
const singleImport = 1000

// ImportPartners stores partners with their contacts, all or none: up to
// singleImport in one transaction, more in batches as an import. Every
// problem of every partner is reported at once.
func (s *PartnerService) ImportPartners(ctx context.Context, ps []*mutual.Partner) error {
	db := (*DB)(s)
	if !mutual.CanWritePartners(mutual.UserFromContext(ctx)) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not create partners.")
	}
	single := len(ps) == 1
	prefix := func(i int) string {
		if single {
			return ""
		}
		return "[" + itoa(i) + "]."
	}
	var problems mutual.Problems
	add := func(i int, err error) {
		for _, f := range mutual.ErrorFields(err) {
			problems.Add(prefix(i)+f.Field, f.Rule, f.Message)
		}
	}
	seen := make(map[string]int, len(ps))
	for i, p := range ps {
		add(i, p.Validate())
		for j, c := range p.Contacts {
			for _, f := range mutual.ErrorFields(c.Validate()) {
				problems.Add(prefix(i)+"contacts["+itoa(j)+"]."+f.Field, f.Rule, f.Message)
			}
		}
		if p.TaxCode != "" {
			if first, dup := seen[p.TaxCode]; dup {
				problems.Add(prefix(i)+"tax_code", "duplicate", "The same tax code appears on row "+itoa(first+1)+".")
			} else {
				seen[p.TaxCode] = i
			}
		}
	}
	if len(ps) > singleImport {
		return importPartnerList(ctx, db, ps, problems)
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := checkNewPartners(ctx, tx, ps, prefix, &problems); err != nil {
			return err
		}
		if err := partnerProblems(problems); err != nil {
			return err
		}

		ins, err := newPartnerInserter(ctx, tx)
		if err != nil {
			return err
		}
		defer ins.close()
		log, err := tx.beginAudit(ctx)
		if err != nil {
			return err
		}
		defer log.close()
		for _, p := range ps {
			if err := ins.insert(ctx, p); err != nil {
				if isUniqueViolation(err) {
					return conflict("tax_code", "A partner with this tax code already exists.")
				}
				return err
			}
			if err := log.add(ctx, "create", "partner", p.ID, nil, p); err != nil {
				return err
			}
		}
		if err := log.finish(ctx); err != nil {
			return err
		}
		if err := ins.index(ctx); err != nil {
			return err
		}
		return refreshDue(ctx, tx, `id >= ?`, ins.first)
	})
	if err != nil {
		return err
	}
	if single {
		// Fill the joined names the caller will show.
		if got, err := s.FindPartnerByID(ctx, ps[0].ID); err == nil {
			*ps[0] = *got
		}
	}
	return nil
}

func onlyDuplicates(ps mutual.Problems) bool {
	for _, p := range ps {
		if p.Rule != "duplicate" {
			return false
		}
	}
	return true
}

// takenTaxCodes returns which of the codes other partners than except hold.
func takenTaxCodes(ctx context.Context, tx *Tx, codes map[string]int, except mutual.ID) (map[string]bool, error) {
	taken := map[string]bool{}
	list := make([]any, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	for len(list) > 0 {
		n := min(len(list), 500)
		chunk := list[:n]
		list = list[n:]
		rows, err := tx.QueryContext(ctx, `SELECT tax_code FROM partners WHERE id <> ? AND tax_code IN (`+placeholders(len(chunk))+`)`, append([]any{int64(except)}, chunk...)...)
		if err != nil {
			return nil, wrap(err, "check tax codes")
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, err
			}
			taken[c] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return taken, nil
}

// assignableUserIDs maps every active internal user to whether it may own
// relationships (mutual.User.CanOwnRelationships): true for those who may
// be a key account manager or on a relationship team, false for those who
// may only be an executive sponsor (mutual.User.CanSponsor); users not in
// it may be neither.
func assignableUserIDs(ctx context.Context, tx *Tx) (map[mutual.ID]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, role FROM users WHERE role <> 'supplier' AND disabled = ?`, false)
	if err != nil {
		return nil, wrap(err, "assignable users")
	}
	defer rows.Close()
	out := map[mutual.ID]bool{}
	for rows.Next() {
		var u mutual.User
		if err := rows.Scan(&u.ID, &u.Role); err != nil {
			return nil, err
		}
		if u.CanSponsor() {
			out[u.ID] = u.CanOwnRelationships()
		}
	}
	return out, rows.Err()
}

// internalUserIDs holds the active internal users: those who may attend
// meetings, be given gifts and own commitments, viewers included.
func internalUserIDs(ctx context.Context, tx *Tx) (map[mutual.ID]bool, error) {
	users, err := assignableUserIDs(ctx, tx)
	for id := range users {
		users[id] = true
	}
	return users, err
}

// checkAssignees checks a partner's key account manager (who must be able
// to own relationships) and executive sponsor against assignable.
func checkAssignees(problems *mutual.Problems, prefix string, p *mutual.Partner, assignable map[mutual.ID]bool) {
	if owns, internal := assignable[p.OwnerID]; p.OwnerID != 0 && !internal {
		problems.Add(prefix+"owner_id", "assignee", "The key account manager must be an active internal user.")
	} else if p.OwnerID != 0 && !owns {
		problems.Add(prefix+"owner_id", "writer", "The key account manager must be able to write: an admin, manager or buyer, not a viewer.")
	}
	if _, internal := assignable[p.SponsorID]; p.SponsorID != 0 && !internal {
		problems.Add(prefix+"sponsor_id", "assignee", "The executive sponsor must be an active internal user.")
	}
}

// partnerInserter inserts partners, their search entries and contacts with
// prepared statements, so a bulk import parses each statement once.
type partnerInserter struct {
	tx               *Tx
	partner, contact *sql.Stmt
	first            mutual.ID // the first ID inserted
}

func newPartnerInserter(ctx context.Context, tx *Tx) (*partnerInserter, error) {
	in := &partnerInserter{tx: tx}
	var err error
	if in.partner, err = tx.PrepareContext(ctx, `INSERT INTO partners (name, legal_name, tax_code, country, roles, segment, status, owner_id, sponsor_id,
		website, email, phone, address, spend_amount, spend_currency, notes, sort_key, search_text, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`); err != nil {
		return nil, wrap(err, "prepare")
	}
	if in.contact, err = tx.PrepareContext(ctx, insertContactSQL); err != nil {
		in.close()
		return nil, wrap(err, "prepare")
	}
	return in, nil
}

func (in *partnerInserter) insert(ctx context.Context, p *mutual.Partner) error {
	now := in.tx.now
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	search := p.SearchText(p.Contacts)
	amount, currency := moneyArgs(p.AnnualSpend)
	err := in.partner.QueryRowContext(ctx, in.tx.db.args([]any{p.Name, p.LegalName, nullString(p.TaxCode), p.Country, encodeRoles(p.Roles), p.Segment, p.Status,
		p.OwnerID, p.SponsorID, p.Website, p.Email, p.Phone, p.Address, amount, currency, p.Notes, p.SortKey(), search, p.Version, now, now})...).Scan(&p.ID)
	if err != nil {
		return wrap(err, "insert partner")
	}
	if in.first == 0 {
		in.first = p.ID
	}
	for _, c := range p.Contacts {
		c.PartnerID = p.ID
		if err := insertContact(ctx, in.tx, in.contact, c); err != nil {
			return err
		}
	}
	return nil
}

// index adds the inserted partners to the full-text index, in one
// statement (indexNewPartners).
func (in *partnerInserter) index(ctx context.Context) error {
	return indexNewPartners(ctx, in.tx, in.first)
}

func (in *partnerInserter) close() {
	for _, s := range []*sql.Stmt{in.partner, in.contact} {
		if s != nil {
			s.Close()
		}
	}
}

// UpdatePartner changes a partner with optimistic concurrency.
func (s *PartnerService) UpdatePartner(ctx context.Context, id mutual.ID, upd mutual.PartnerUpdate) (*mutual.Partner, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if !mutual.CanReadPartner(u, id) {
		return nil, notFound("Partner")
	}
	if !mutual.CanWritePartners(u) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change partners.")
	}
	return writeTx(ctx, db, func(tx *Tx) (*mutual.Partner, error) {
		p, err := findPartnerByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if upd.Version != 0 && upd.Version != p.Version {
			return nil, stale("partner")
		}
		before := *p
		before.Roles = append([]string(nil), p.Roles...)
		upd.Apply(p)
		var problems mutual.Problems
		for _, f := range mutual.ErrorFields(p.Validate()) {
			problems.Add(f.Field, f.Rule, f.Message)
		}
		mutual.CheckStatusKept(&problems, before.Status, p.Status)
		if p.OwnerID != before.OwnerID || p.SponsorID != before.SponsorID {
			assignable, err := assignableUserIDs(ctx, tx)
			if err != nil {
				return nil, err
			}
			// Keep an assignment that was valid when made, even if the user left since.
			if p.OwnerID == before.OwnerID {
				assignable[p.OwnerID] = true
			}
			if p.SponsorID == before.SponsorID {
				assignable[p.SponsorID] = true
			}
			checkAssignees(&problems, "", p, assignable)
		}
		if err := problems.Err(); err != nil {
			return nil, err
		}
		if p.TaxCode != "" && p.TaxCode != before.TaxCode {
			taken, err := takenTaxCodes(ctx, tx, map[string]int{p.TaxCode: 0}, id)
			if err != nil {
				return nil, err
			}
			if taken[p.TaxCode] {
				return nil, conflict("tax_code", "A partner with this tax code already exists.")
			}
		}
		p.Version, p.UpdatedAt = p.Version+1, tx.now
		amount, currency := moneyArgs(p.AnnualSpend)
		res, err := tx.ExecContext(ctx, `UPDATE partners SET name = ?, legal_name = ?, tax_code = ?, country = ?, roles = ?, segment = ?, status = ?,
			owner_id = ?, sponsor_id = ?, website = ?, email = ?, phone = ?, address = ?, spend_amount = ?, spend_currency = ?, notes = ?,
			sort_key = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			p.Name, p.LegalName, nullString(p.TaxCode), p.Country, encodeRoles(p.Roles), p.Segment, p.Status,
			p.OwnerID, p.SponsorID, p.Website, p.Email, p.Phone, p.Address, amount, currency, p.Notes,
			p.SortKey(), p.Version, p.UpdatedAt, id, before.Version)
		if isUniqueViolation(err) {
			return nil, conflict("tax_code", "A partner with this tax code already exists.")
		} else if err != nil {
			return nil, wrap(err, "update partner")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("partner")
		}
		if p.Segment != before.Segment {
			if err := refreshDue(ctx, tx, `id = ?`, id); err != nil {
				return nil, err
			}
		}
		if p.SortKey() != before.SortKey() {
			if err := placeRenamed(ctx, tx, id); err != nil {
				return nil, err
			}
		}
		if p.Name != before.Name || p.LegalName != before.LegalName || p.TaxCode != before.TaxCode {
			if err := reindexPartner(ctx, tx, id); err != nil {
				return nil, err
			}
		}
		if err := tx.audit(ctx, "update", "partner", id, auditPartner(&before), auditPartner(p)); err != nil {
			return nil, err
		}
		return findPartnerWithContacts(ctx, tx, id)
	})
}

// findPartnerWithContacts reads partner id with its contacts, as a change
// returns it.
func findPartnerWithContacts(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Partner, error) {
	p, err := findPartnerByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.Contacts, err = findContacts(ctx, tx, id); err != nil {
		return nil, err
	}
	return p, nil
}

// auditPartner is what the audit log keeps of a partner: its own fields,
// not the names joined for display.
func auditPartner(p *mutual.Partner) *mutual.Partner {
	c := *p
	c.OwnerName, c.SponsorName, c.Contacts = "", "", nil
	c.LastTouchAt, c.NextDueOn = nil, mutual.Date{}
	return &c
}
