package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// partnerCursor is the position after the last row of a page.
type partnerCursor struct {
	Sort string    `json:"s"`
	Key  string    `json:"k,omitempty"`
	At   time.Time `json:"t,omitempty"`
	ID   mutual.ID `json:"i"`
}

func (c partnerCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePartnerCursor(s, sort string) (*partnerCursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c partnerCursor
	if err != nil || json.Unmarshal(b, &c) != nil || c.Sort != sort || c.ID <= 0 {
		return nil, badCursor()
	}
	return &c, nil
}

// FindPartners returns a page of the partners the caller may see.
func (s *PartnerService) FindPartners(ctx context.Context, f mutual.PartnerFilter) ([]*mutual.Partner, string, error) {
	u := mutual.UserFromContext(ctx)
	if u == nil {
		return nil, "", mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	if f.Segment != "" && !mutual.CanReadInternalNotes(u) {
		// A filter on what the caller may not read would read it anyway.
		return nil, "", invalid("segment", "internal", "The segment is the buying side's own; supplier users cannot filter by it.")
	}
	cur, err := decodePartnerCursor(f.Cursor, f.Sort)
	if err != nil {
		return nil, "", err
	}
	return readPage(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Partner, string, error) {
		list, next, err := findPartners(ctx, tx, u, f, cur)
		if err != nil {
			return nil, "", err
		}
		for _, p := range list {
			redact(u, p)
		}
		return list, next, nil
	})
}

// partnerQuery is a query of a page of partners taking shape.
type partnerQuery struct {
	from, order string
	where       []string
	args        []any
}

func findPartners(ctx context.Context, tx *Tx, u *mutual.User, f mutual.PartnerFilter, cur *partnerCursor) ([]*mutual.Partner, string, error) {
	live, err := hideImports(ctx, tx, livePartner) // not the rows of an import under way
	if err != nil {
		return nil, "", err
	}
	where := []string{live}
	var args []any
	if u.Role == mutual.RoleSupplier {
		where, args = append(where, "p.id = ?"), append(args, u.PartnerID)
	}
	if f.Role != "" {
		where, args = append(where, "(p.roles & ?) <> 0"), append(args, roleBit(f.Role))
	}
	if f.Segment != "" {
		where, args = append(where, "p.segment = ?"), append(args, f.Segment)
	}
	if f.Status != "" {
		where, args = append(where, "p.status = ?"), append(args, f.Status)
	}
	if f.OwnerID != 0 {
		where, args = append(where, "p.owner_id = ?"), append(args, f.OwnerID)
	}

	col, desc := "p.sort_key", false
	switch f.Sort {
	case mutual.SortNameDesc:
		desc = true
	case mutual.SortUpdated:
		col = "p.updated_at"
	case mutual.SortUpdatedDesc:
		col, desc = "p.updated_at", true
	}
	dir := ""
	if desc {
		dir = " DESC"
	}
	q := partnerQuery{from: "partners p", order: col + dir + ", p.id" + dir, where: where, args: args}
	terms := mutual.SearchTerms(f.Query)
	ordered := false
	if len(terms) > 0 && col == "p.sort_key" {
		if ordered, err = searchInNameOrder(ctx, tx, &q, terms, desc, cur); err != nil {
			return nil, "", err
		}
	}
	if !ordered {
		if cur != nil {
			var key any = cur.Key
			if col == "p.updated_at" {
				key = cur.At
			}
			q.after(col, desc, key, cur.ID)
		}
		if len(terms) > 0 {
			found, err := matchTerms(ctx, tx, &q, terms, f.Limit+1)
			if err != nil {
				return nil, "", err
			}
			if !found {
				return []*mutual.Partner{}, "", nil
			}
		}
	}
	stmt := `SELECT ` + partnerColumns + ` FROM ` + q.from + partnerJoins
	if len(q.where) > 0 {
		stmt += ` WHERE ` + strings.Join(q.where, " AND ")
	}
	stmt += ` ORDER BY ` + q.order + ` LIMIT ?`

	rows, err := tx.QueryContext(ctx, stmt, append(q.args, f.Limit+1)...)
	if err != nil {
		return nil, "", wrap(err, "find partners")
	}
	defer rows.Close()
	out := make([]*mutual.Partner, 0, f.Limit+1)
	for rows.Next() {
		p, err := scanPartner(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[f.Limit-1]
		c := partnerCursor{Sort: f.Sort, ID: last.ID}
		if col == "p.updated_at" {
			c.At = last.UpdatedAt
		} else {
			c.Key = last.SortKey()
		}
		next = c.encode()
	}
	return out, next, nil
}

// after narrows q to the rows after (col, id) = (key, id) in its order.
func (q *partnerQuery) after(col string, desc bool, key any, id mutual.ID) {
	cmp := ">"
	if desc {
		cmp = "<"
	}
	q.where, q.args = append(q.where, "("+col+", p.id) "+cmp+" (?, ?)"), append(q.args, key, id)
}

// ExportPartners calls fn for every visible partner, by name, with its
// contacts. It reads in chunks so that fn never runs inside an open result set.
func (s *PartnerService) ExportPartners(ctx context.Context, fn func(*mutual.Partner) error) error {
	u := mutual.UserFromContext(ctx)
	if u == nil {
		return mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	return (*DB)(s).read(ctx, func(tx *Tx) error {
		f := mutual.PartnerFilter{Sort: mutual.SortName, Limit: 500}
		var cur *partnerCursor
		for {
			list, next, err := findPartners(ctx, tx, u, f, cur)
			if err != nil {
				return err
			}
			ids := make([]mutual.ID, len(list))
			for i, p := range list {
				ids[i] = p.ID
			}
			contacts, err := findContactsOf(ctx, tx, ids)
			if err != nil {
				return err
			}
			for _, p := range list {
				p.Contacts = contacts[p.ID]
				redact(u, p)
				if err := fn(p); err != nil {
					return err
				}
			}
			if next == "" {
				return nil
			}
			if cur, err = decodePartnerCursor(next, f.Sort); err != nil {
				return err
			}
		}
	})
}
