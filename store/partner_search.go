package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// searchCandidates is how many full-text matches a query may have before the
// list is read in sort order with a per-row match instead. Few matches: fetch
// them all by the index and sort them. Many: walk the sort index and stop at
// the page, which comes quickly because matches are everywhere.
const searchCandidates = 2000

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
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if u == nil {
		return nil, "", mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	cur, err := decodePartnerCursor(f.Cursor, f.Sort)
	if err != nil {
		return nil, "", err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	list, next, err := findPartners(ctx, tx, u, f, cur)
	if err != nil {
		return nil, "", err
	}
	return list, next, nil
}

func findPartners(ctx context.Context, tx *Tx, u *mutual.User, f mutual.PartnerFilter, cur *partnerCursor) ([]*mutual.Partner, string, error) {
	var where []string
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
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	if cur != nil {
		var key any = cur.Key
		if col == "p.updated_at" {
			key = cur.At
		}
		where = append(where, "("+col+", p.id) "+cmp+" (?, ?)")
		args = append(args, key, cur.ID)
	}

	from := "partners p"
	var pre []any
	if terms := mutual.SearchTerms(f.Query); len(terms) > 0 {
		if tx.db.dialect == Postgres {
			q := make([]string, len(terms))
			for i, t := range terms {
				q[i] = t + ":*"
			}
			where, args = append(where, "p.search_vec @@ to_tsquery('simple', ?)"), append(args, strings.Join(q, " & "))
		} else {
			match := ftsMatch(terms)
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM partner_fts WHERE partner_fts MATCH ? LIMIT ?)`, match, searchCandidates).Scan(&n); err != nil {
				return nil, "", wrap(err, "search partners")
			}
			if n < searchCandidates {
				from = "m JOIN partners p ON p.id = m.id"
				pre = []any{match}
			} else {
				for _, t := range terms {
					where, args = append(where, "(' ' || p.search_text) LIKE ?"), append(args, "% "+t+"%")
				}
			}
		}
	}
	q := ""
	if pre != nil {
		q = `WITH m(id) AS MATERIALIZED (SELECT rowid FROM partner_fts WHERE partner_fts MATCH ?) `
	}
	q += `SELECT ` + partnerColumns + ` FROM ` + from + partnerJoins
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + col + dir + `, p.id` + dir + ` LIMIT ?`
	args = append(pre, append(args, f.Limit+1)...)

	rows, err := tx.QueryContext(ctx, q, args...)
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

// ftsMatch builds an FTS5 query in which every term must start a word. Terms
// come from mutual.SearchTerms, so they hold only letters and digits.
func ftsMatch(terms []string) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + t + `"*`
	}
	return strings.Join(q, " ")
}

// ExportPartners calls fn for every visible partner, by name, with its
// contacts. It reads in chunks so that fn never runs inside an open result set.
func (s *PartnerService) ExportPartners(ctx context.Context, fn func(*mutual.Partner) error) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if u == nil {
		return mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
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
}
