package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/mutualsrm/mutual"
)

// reindexPartner recomputes the search text of one partner.
func reindexPartner(ctx context.Context, tx *Tx, id mutual.ID) error {
	return reindexPartners(ctx, tx, []mutual.ID{id})
}

// reindexPartners recomputes the search text of partners from their fields
// and contacts, a chunk at a time: one query for the partners, one for their
// contacts, and on SQLite one statement each to refresh the full-text rows.
func reindexPartners(ctx context.Context, tx *Tx, ids []mutual.ID) error {
	upd, err := tx.PrepareContext(ctx, `UPDATE partners SET search_text = ? WHERE id = ?`)
	if err != nil {
		return wrap(err, "reindex partners")
	}
	defer upd.Close()
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = int64(id)
		}
		in := `(` + placeholders(len(chunk)) + `)`
		rows, err := tx.QueryContext(ctx, `SELECT id, name, legal_name, tax_code FROM partners WHERE id IN `+in, args...)
		if err != nil {
			return wrap(err, "reindex partners")
		}
		var ps []*mutual.Partner
		for rows.Next() {
			var p mutual.Partner
			var tax sql.NullString
			if err := rows.Scan(&p.ID, &p.Name, &p.LegalName, &tax); err != nil {
				rows.Close()
				return err
			}
			p.TaxCode = tax.String
			ps = append(ps, &p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		contacts, err := searchContactsOf(ctx, tx, chunk)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if _, err := upd.ExecContext(ctx, p.SearchText(contacts[p.ID]), int64(p.ID)); err != nil {
				return wrap(err, "reindex partners")
			}
		}
		if tx.db.dialect == SQLite {
			if _, err := tx.ExecContext(ctx, `DELETE FROM partner_fts WHERE rowid IN (SELECT sort_pos FROM partners WHERE id IN `+in+`)`, args...); err != nil {
				return wrap(err, "reindex partners")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO partner_fts (rowid, search_text) SELECT sort_pos, search_text FROM partners WHERE id IN `+in+` ORDER BY sort_pos`, args...); err != nil {
				return wrap(err, "reindex partners")
			}
		}
	}
	return nil
}

// FindPartnerIDsByTaxCode maps tax codes to the IDs of visible partners.
func (s *PartnerService) FindPartnerIDsByTaxCode(ctx context.Context, codes []string) (map[string]mutual.ID, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	out := map[string]mutual.ID{}
	return out, db.read(ctx, func(tx *Tx) error {
		return findTaxCodes(ctx, tx, u, codes, out)
	})
}

// findTaxCodes adds to out the IDs of the partners u may see that hold codes.
func findTaxCodes(ctx context.Context, tx *Tx, u *mutual.User, codes []string, out map[string]mutual.ID) error {
	for len(codes) > 0 {
		n := min(len(codes), 500)
		args := make([]any, n)
		for i, c := range codes[:n] {
			args[i] = c
		}
		codes = codes[n:]
		rows, err := tx.QueryContext(ctx, `SELECT tax_code, id FROM partners WHERE tax_code IN (`+placeholders(n)+`) AND `+liveRow, args...)
		if err != nil {
			return wrap(err, "find tax codes")
		}
		for rows.Next() {
			var c string
			var id mutual.ID
			if err := rows.Scan(&c, &id); err != nil {
				rows.Close()
				return err
			}
			if mutual.CanReadPartner(u, id) {
				out[c] = id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
