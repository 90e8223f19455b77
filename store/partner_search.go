package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
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
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	terms := mutual.SearchTerms(f.Query)
	// On SQLite a search in name order reads the full-text index in its
	// rowid order, which is name order (position.go), and stops at the page.
	ordered := len(terms) > 0 && tx.db.dialect == SQLite && col == "p.sort_key"
	from, order := "partners p", col+dir+", p.id"+dir
	if ordered {
		from, order = "partner_fts f JOIN partners p ON p.sort_pos = f.rowid", "f.rowid"+dir
		where, args = append([]string{"partner_fts MATCH ?"}, where...), append([]any{ftsMatch(terms)}, args...)
	}
	if cur != nil {
		var key any = cur.Key
		if col == "p.updated_at" {
			key = cur.At
		}
		pos, ok := int64(0), false
		if ordered {
			var err error
			if pos, ok, err = cursorPos(ctx, tx, cur); err != nil {
				return nil, "", err
			}
		}
		if ok {
			where, args = append(where, "f.rowid "+cmp+" ?"), append(args, pos)
		} else {
			where, args = append(where, "("+col+", p.id) "+cmp+" (?, ?)"), append(args, key, cur.ID)
		}
	}
	if len(terms) > 0 && !ordered {
		if tx.db.dialect == Postgres {
			q := make([]string, len(terms))
			for i, t := range terms {
				q[i] = t + ":*"
			}
			where, args = append(where, "p.search_vec @@ to_tsquery('simple', ?)"), append(args, strings.Join(q, " & "))
		} else {
			ids, err := walkPartners(ctx, tx, terms, where, args, order, f.Limit+1)
			if err != nil {
				return nil, "", err
			}
			if ids == nil {
				if ids, err = matchPartners(ctx, tx, ftsMatch(terms), where, args, order, f.Limit+1); err != nil {
					return nil, "", err
				}
			}
			if len(ids) == 0 {
				return []*mutual.Partner{}, "", nil
			}
			where, args = []string{"p.id IN (" + placeholders(len(ids)) + ")"}, ids
		}
	}
	q := `SELECT ` + partnerColumns + ` FROM ` + from + partnerJoins
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + ` LIMIT ?`
	args = append(args, f.Limit+1)

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

// walkBudget is how many rows of the sort order a search reads, matching in
// Go, before it turns to the full-text index.
const walkBudget = 600

// Search on SQLite takes one of two paths. A word that matches thousands of
// partners is usually spread through the sort order, so walking the order and
// matching each row fills the page after a few hundred rows, with no sort.
// Rarer words, and common ones whose matches cluster (every "Thép ..." sorts
// together), fail the walk within walkBudget rows; then the full-text index
// finds every match and only those are sorted. Both paths apply the same rule.

// walkPartners reads the list in sort order, matching each row's search text
// in Go, and returns the IDs of the first limit matches; nil when the budget
// ran out first. An empty, non-nil slice means the list ended with no match.
func walkPartners(ctx context.Context, tx *Tx, terms []string, where []string, args []any, order string, limit int) ([]any, error) {
	q := `SELECT p.id, p.search_text FROM partners p`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + ` LIMIT ?`
	rows, err := tx.QueryContext(ctx, q, append(append([]any{}, args...), walkBudget)...)
	if err != nil {
		return nil, wrap(err, "search partners")
	}
	defer rows.Close()
	ids := make([]any, 0, limit)
	read := 0
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		read++
		if matchesAll(text, terms) {
			if ids = append(ids, id); len(ids) == limit {
				return ids, nil
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if read < walkBudget {
		return ids, nil // the whole list was read
	}
	return nil, nil
}

// cursorPos returns the sort_pos of the row a name-ordered page ended on, if
// that row still sorts where it did.
func cursorPos(ctx context.Context, tx *Tx, cur *partnerCursor) (int64, bool, error) {
	var pos sql.NullInt64
	var key string
	err := tx.QueryRowContext(ctx, `SELECT sort_pos, sort_key FROM partners WHERE id = ?`, cur.ID).Scan(&pos, &key)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, wrap(err, "find partners")
	}
	return pos.Int64, pos.Valid && key == cur.Key, nil
}

// matchPartners returns the IDs of the first limit full-text matches in sort
// order. It sorts IDs and keys only; the caller reads the page's rows.
func matchPartners(ctx context.Context, tx *Tx, match string, where []string, args []any, order string, limit int) ([]any, error) {
	q := `WITH m(pos) AS MATERIALIZED (SELECT rowid FROM partner_fts WHERE partner_fts MATCH ?) SELECT p.id FROM m JOIN partners p ON p.sort_pos = m.pos`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + ` LIMIT ?`
	rows, err := tx.QueryContext(ctx, q, append(append([]any{match}, args...), limit)...)
	if err != nil {
		return nil, wrap(err, "search partners")
	}
	defer rows.Close()
	ids := make([]any, 0, limit)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// matchesAll reports whether every term starts a word of the folded text,
// the same rule as the full-text query.
func matchesAll(text string, terms []string) bool {
	for _, t := range terms {
		i := 0
		for {
			j := strings.Index(text[i:], t)
			if j < 0 {
				return false
			}
			if k := i + j; k == 0 || text[k-1] == ' ' {
				break
			}
			i += j + 1
		}
	}
	return true
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
