package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mutualsrm/mutual"
)

// ImportInteractions logs many interactions and their commitments at once,
// with prepared statements, and refreshes the touched partners' last touches
// and due dates a chunk at a time.
func (s *InteractionService) ImportInteractions(ctx context.Context, list []*mutual.Interaction) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if !mutual.CanWriteInteractions(u) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not log interactions.")
	}
	var problems mutual.Problems
	partners := map[mutual.ID]bool{}
	for i, in := range list {
		for _, f := range mutual.ErrorFields(in.Validate()) {
			problems.Add("["+itoa(i)+"]."+f.Field, f.Rule, f.Message)
		}
		partners[in.PartnerID] = true
	}
	// The writer connection is free again only once the transaction ended,
	// so the cache goes back to its size after it.
	bulk := len(list) > 1000
	if bulk {
		defer db.endBulk(ctx)
	}
	return db.write(ctx, func(tx *Tx) error {
		if bulk {
			if err := tx.beginBulk(ctx); err != nil {
				return err
			}
		}
		return importInteractions(ctx, tx, u, list, partners, problems)
	})
}

// importInteractions is ImportInteractions in its transaction: list was
// validated already, with problems, and names the partners partners.
func importInteractions(ctx context.Context, tx *Tx, u *mutual.User, list []*mutual.Interaction, partners map[mutual.ID]bool, problems mutual.Problems) error {
	ids := make([]mutual.ID, 0, len(partners))
	for id := range partners {
		ids = append(ids, id)
	}
	exists, err := existingPartners(ctx, tx, partners)
	if err != nil {
		return err
	}
	users, err := internalUserIDs(ctx, tx)
	if err != nil {
		return err
	}
	contacts, err := findContactsOfIDs(ctx, tx, ids)
	if err != nil {
		return err
	}
	for i, in := range list {
		p := "[" + itoa(i) + "]."
		if !exists[in.PartnerID] {
			problems.Add(p+"partner_id", "exists", "No such partner.")
			continue
		}
		if in.State() == mutual.InteractionDone && in.OccurredAt.After(tx.now.Add(12*time.Hour)) {
			problems.Add(p+"occurred_at", "future", "A done interaction cannot be in the future; plan it instead.")
		}
		for _, id := range in.OurAttendees {
			if !users[id] {
				problems.Add(p+"our_attendees", "attendee", "Our attendees must be active internal users.")
				break
			}
		}
		for _, id := range in.TheirAttendees {
			if !contacts[in.PartnerID][id] {
				problems.Add(p+"their_attendees", "attendee", "Their attendees must be contacts of this partner.")
				break
			}
		}
		for j, c := range in.Commitments {
			c.Source = "interaction"
			if (c.OwnerUserID != 0 && !users[c.OwnerUserID]) || (c.OwnerContactID != 0 && !contacts[in.PartnerID][c.OwnerContactID]) {
				problems.Add(p+"commitments["+itoa(j)+"].owner", "assignee", "The owner must be an internal user (ours) or the partner's contact (theirs).")
			}
			if c.State() == mutual.CommitmentDone && c.DoneOn.IsZero() {
				c.DoneOn = tx.db.today(tx)
			}
		}
	}
	if err := problems.Err(); err != nil {
		return err
	}
	stmts := map[string]*sql.Stmt{}
	for name, q := range map[string]string{
		"in": `INSERT INTO interactions (partner_id, kind, level, status, occurred_at, ends_at, subject, notes, outcome,
			sentiment, location, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		"user":    `INSERT INTO interaction_users (interaction_id, user_id) VALUES (?, ?)`,
		"contact": `INSERT INTO interaction_contacts (interaction_id, contact_id) VALUES (?, ?)`,
		"c": `INSERT INTO commitments (partner_id, title, side, owner_user_id, owner_contact_id, due_on, status, done_on,
			interaction_id, source, notes, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
	} {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return wrap(err, "prepare")
		}
		defer st.Close()
		stmts[name] = st
	}
	log, err := tx.beginAudit(ctx)
	if err != nil {
		return err
	}
	defer log.close()
	a := tx.db.args
	for _, in := range list {
		in.CreatedBy, in.Version, in.CreatedAt, in.UpdatedAt = u.ID, 1, tx.now, tx.now
		if err := stmts["in"].QueryRowContext(ctx, a([]any{in.PartnerID, in.Kind, in.Level, in.Status, in.OccurredAt, nullTime(in.EndsAt), in.Subject, in.Notes,
			in.Outcome, nullInt(in.Sentiment), in.Location, in.CreatedBy, in.Version, in.CreatedAt, in.UpdatedAt})...).Scan(&in.ID); err != nil {
			return wrap(err, "import interactions")
		}
		for _, id := range in.OurAttendees {
			if _, err := stmts["user"].ExecContext(ctx, a([]any{in.ID, id})...); err != nil {
				return wrap(err, "import interactions")
			}
		}
		for _, id := range in.TheirAttendees {
			if _, err := stmts["contact"].ExecContext(ctx, a([]any{in.ID, id})...); err != nil {
				return wrap(err, "import interactions")
			}
		}
		if err := log.add(ctx, "create", "interaction", in.ID, nil, in); err != nil {
			return err
		}
		for _, c := range in.Commitments {
			c.PartnerID, c.InteractionID, c.Version, c.CreatedAt, c.UpdatedAt = in.PartnerID, in.ID, 1, tx.now, tx.now
			if err := stmts["c"].QueryRowContext(ctx, a([]any{c.PartnerID, c.Title, c.Side, c.OwnerUserID, c.OwnerContactID, c.DueOn.String(), c.Status,
				dateArg(c.DoneOn), c.InteractionID, c.Source, c.Notes, c.Version, c.CreatedAt, c.UpdatedAt})...).Scan(&c.ID); err != nil {
				return wrap(err, "import commitments")
			}
			if err := log.add(ctx, "create", "commitment", c.ID, nil, c); err != nil {
				return err
			}
		}
	}
	if err := log.finish(ctx); err != nil {
		return err
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = int64(id)
		}
		in := `(` + placeholders(len(chunk)) + `)`
		if _, err := tx.ExecContext(ctx, `UPDATE partners SET
			last_touch_at = (SELECT max(occurred_at) FROM interactions i WHERE i.partner_id = partners.id AND i.status = 'done'),
			last_visit_at = (SELECT max(occurred_at) FROM interactions i WHERE i.partner_id = partners.id AND i.status = 'done' AND i.kind = 'visit'),
			last_executive_at = (SELECT max(occurred_at) FROM interactions i WHERE i.partner_id = partners.id AND i.status = 'done' AND i.level = 'executive')
			WHERE id IN `+in, args...); err != nil {
			return wrap(err, "refresh touches")
		}
		if err := refreshDue(ctx, tx, `id IN `+in, args...); err != nil {
			return err
		}
	}
	return nil
}

// findContactsOfIDs returns, per partner, the set of its contact IDs.
func findContactsOfIDs(ctx context.Context, tx *Tx, partnerIDs []mutual.ID) (map[mutual.ID]map[mutual.ID]bool, error) {
	out := make(map[mutual.ID]map[mutual.ID]bool, len(partnerIDs))
	for len(partnerIDs) > 0 {
		chunk := partnerIDs[:min(len(partnerIDs), 500)]
		partnerIDs = partnerIDs[len(chunk):]
		byPartner, err := findContactsOf(ctx, tx, chunk)
		if err != nil {
			return nil, err
		}
		for pid, cs := range byPartner {
			set := make(map[mutual.ID]bool, len(cs))
			for _, c := range cs {
				set[c.ID] = true
			}
			out[pid] = set
		}
	}
	return out, nil
}
