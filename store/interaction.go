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

// InteractionService keeps partners' timelines.
type InteractionService DB

const interactionColumns = `i.id, i.partner_id, i.kind, i.level, i.status, i.occurred_at, i.ends_at, i.subject, i.notes, i.outcome,
	i.sentiment, i.location, i.created_by, i.version, i.created_at, i.updated_at`

func scanInteraction(row interface{ Scan(...any) error }) (*mutual.Interaction, error) {
	var in mutual.Interaction
	var ends time.Time
	var sentiment sql.NullInt64
	if err := row.Scan(&in.ID, &in.PartnerID, &in.Kind, &in.Level, &in.Status, timeCol{&in.OccurredAt}, timeCol{&ends}, &in.Subject, &in.Notes, &in.Outcome,
		&sentiment, &in.Location, idCol{&in.CreatedBy}, &in.Version, timeCol{&in.CreatedAt}, timeCol{&in.UpdatedAt}); err != nil {
		return nil, err
	}
	if !ends.IsZero() {
		in.EndsAt = &ends
	}
	if sentiment.Valid {
		v := int(sentiment.Int64)
		in.Sentiment = &v
	}
	in.OurAttendees, in.TheirAttendees = []mutual.ID{}, []mutual.ID{}
	return &in, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func nullInt(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

// readInteractions checks that the caller may see partner id's timeline.
// Supplier users see nothing of it: ENOTFOUND, as for any unknown object.
func readInteractions(u *mutual.User, partnerID mutual.ID) error {
	if !mutual.CanReadInteractions(u) || !mutual.CanReadPartner(u, partnerID) {
		return notFound("Interaction")
	}
	return nil
}

func findInteractionByID(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Interaction, error) {
	in, err := scanInteraction(tx.QueryRowContext(ctx, `SELECT `+interactionColumns+` FROM interactions i WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Interaction")
	} else if err != nil {
		return nil, wrap(err, "find interaction")
	}
	if err := loadAttendees(ctx, tx, []*mutual.Interaction{in}); err != nil {
		return nil, err
	}
	return in, nil
}

// loadAttendees fills the attendees of a page of interactions with two queries.
func loadAttendees(ctx context.Context, tx *Tx, list []*mutual.Interaction) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[mutual.ID]*mutual.Interaction, len(list))
	args := make([]any, len(list))
	for i, in := range list {
		byID[in.ID], args[i] = in, int64(in.ID)
	}
	in := `(` + placeholders(len(list)) + `)`
	for _, q := range []struct {
		sql  string
		dest func(*mutual.Interaction, mutual.ID)
	}{
		{`SELECT interaction_id, user_id FROM interaction_users WHERE interaction_id IN ` + in + ` ORDER BY user_id`,
			func(i *mutual.Interaction, id mutual.ID) { i.OurAttendees = append(i.OurAttendees, id) }},
		{`SELECT interaction_id, contact_id FROM interaction_contacts WHERE interaction_id IN ` + in + ` ORDER BY contact_id`,
			func(i *mutual.Interaction, id mutual.ID) { i.TheirAttendees = append(i.TheirAttendees, id) }},
	} {
		rows, err := tx.QueryContext(ctx, q.sql, args...)
		if err != nil {
			return wrap(err, "load attendees")
		}
		for rows.Next() {
			var iid, id mutual.ID
			if err := rows.Scan(&iid, &id); err != nil {
				rows.Close()
				return err
			}
			q.dest(byID[iid], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// FindInteractionByID returns one entry with its attendees and the
// commitments that came from it.
func (s *InteractionService) FindInteractionByID(ctx context.Context, id mutual.ID) (*mutual.Interaction, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Interaction, error) {
		in, err := findInteractionByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if err := readInteractions(mutual.UserFromContext(ctx), in.PartnerID); err != nil {
			return nil, err
		}
		if in.Commitments, err = queryCommitments(ctx, tx, `WHERE c.interaction_id = ? ORDER BY c.due_on, c.id`, id); err != nil {
			return nil, err
		}
		return in, nil
	})
}

type interactionCursor struct {
	At time.Time `json:"t"`
	ID mutual.ID `json:"i"`
}

// FindInteractions returns a page of a partner's timeline, newest first.
func (s *InteractionService) FindInteractions(ctx context.Context, f mutual.InteractionFilter) ([]*mutual.Interaction, string, error) {
	if err := readInteractions(mutual.UserFromContext(ctx), f.PartnerID); err != nil {
		return nil, "", mutual.Errorf(mutual.ENOTFOUND, "Partner not found.")
	}
	var p mutual.Problems
	if f.Kind != "" && !oneOf(f.Kind, mutual.InteractionKinds) {
		p.Add("kind", "enum", "Kind must be call, email, meeting, video or visit.")
	}
	if f.Level != "" && !oneOf(f.Level, mutual.InteractionLevels) {
		p.Add("level", "enum", "Level must be operational, management or executive.")
	}
	if f.Status != "" && !oneOf(f.Status, mutual.InteractionStatuses) {
		p.Add("status", "enum", "Status must be planned, done or cancelled.")
	}
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	limit := mutual.ClampLimit(f.Limit)
	where, args := []string{"i.partner_id = ?"}, []any{f.PartnerID}
	for _, c := range []struct{ col, val string }{{"i.kind", f.Kind}, {"i.level", f.Level}, {"i.status", f.Status}} {
		if c.val != "" {
			where, args = append(where, c.col+" = ?"), append(args, c.val)
		}
	}
	if f.Cursor != "" {
		var c interactionCursor
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err != nil || json.Unmarshal(b, &c) != nil || c.ID <= 0 {
			return nil, "", badCursor()
		}
		where, args = append(where, "(i.occurred_at, i.id) < (?, ?)"), append(args, c.At, c.ID)
	}
	return readPage(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Interaction, string, error) {
		if _, err := findPartnerByID(ctx, tx, f.PartnerID); err != nil {
			return nil, "", err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+interactionColumns+` FROM interactions i WHERE `+strings.Join(where, " AND ")+
			` ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return nil, "", wrap(err, "find interactions")
		}
		var list []*mutual.Interaction
		for rows.Next() {
			in, err := scanInteraction(rows)
			if err != nil {
				rows.Close()
				return nil, "", err
			}
			list = append(list, in)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, "", err
		}
		list, next := nextPage(list, limit, func(in *mutual.Interaction) string {
			b, _ := json.Marshal(interactionCursor{At: in.OccurredAt, ID: in.ID})
			return base64.RawURLEncoding.EncodeToString(b)
		})
		if err := loadAttendees(ctx, tx, list); err != nil {
			return nil, "", err
		}
		if list == nil {
			list = []*mutual.Interaction{}
		}
		return list, next, nil
	})
}

// writeInteractions checks that the caller may log on partner id.
func writeInteractions(u *mutual.User, partnerID mutual.ID) error {
	if err := readInteractions(u, partnerID); err != nil {
		return mutual.Errorf(mutual.ENOTFOUND, "Partner not found.")
	}
	if !mutual.CanWriteInteractions(u) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not log interactions.")
	}
	return nil
}

// checkInteraction applies the rules that need the database: attendees are
// internal users and this partner's contacts, and what is done has happened.
func checkInteraction(ctx context.Context, tx *Tx, in *mutual.Interaction, problems *mutual.Problems) error {
	if in.State() == mutual.InteractionDone && in.OccurredAt.After(tx.now.Add(12*time.Hour)) {
		problems.Add("occurred_at", "future", "A done interaction cannot be in the future; plan it instead.")
	}
	if len(in.OurAttendees) > 0 {
		ok, err := internalUserIDs(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range in.OurAttendees {
			if !ok[id] {
				problems.Add("our_attendees", "attendee", "Our attendees must be active internal users.")
				break
			}
		}
	}
	if len(in.TheirAttendees) > 0 {
		contacts, err := partnerContactIDs(ctx, tx, in.PartnerID)
		if err != nil {
			return err
		}
		for _, id := range in.TheirAttendees {
			if !contacts[id] {
				problems.Add("their_attendees", "attendee", "Their attendees must be contacts of this partner.")
				break
			}
		}
	}
	return nil
}

func partnerContactIDs(ctx context.Context, tx *Tx, partnerID mutual.ID) (map[mutual.ID]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM contacts WHERE partner_id = ? AND `+liveRow, partnerID)
	if err != nil {
		return nil, wrap(err, "partner contacts")
	}
	defer rows.Close()
	out := map[mutual.ID]bool{}
	for rows.Next() {
		var id mutual.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// CreateInteraction logs an interaction and its follow-up commitments.
func (s *InteractionService) CreateInteraction(ctx context.Context, in *mutual.Interaction) error {
	u := mutual.UserFromContext(ctx)
	if err := writeInteractions(u, in.PartnerID); err != nil {
		return err
	}
	var problems mutual.Problems
	for _, f := range mutual.ErrorFields(in.Validate()) {
		problems.Add(f.Field, f.Rule, f.Message)
	}
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		var last [3]time.Time // the partner's last touch of each of dueColumns' kinds
		if err := tx.QueryRowContext(ctx, qPartnerTouches, in.PartnerID).Scan(timeCol{&last[0]}, timeCol{&last[1]}, timeCol{&last[2]}); errors.Is(err, sql.ErrNoRows) {
			return notFound("Partner")
		} else if err != nil {
			return wrap(err, "find partner")
		}
		if err := checkInteraction(ctx, tx, in, &problems); err != nil {
			return err
		}
		for i, c := range in.Commitments {
			c.Source = "interaction"
			if err := checkCommitment(ctx, tx, c, nil, "commitments["+itoa(i)+"].", &problems); err != nil {
				return err
			}
		}
		if err := problems.Err(); err != nil {
			return err
		}
		in.CreatedBy, in.Version, in.CreatedAt, in.UpdatedAt = u.ID, 1, tx.now, tx.now
		if err := tx.QueryRowContext(ctx, qInteractionInsert,
			in.PartnerID, in.Kind, in.Level, in.Status, in.OccurredAt, nullTime(in.EndsAt), in.Subject, in.Notes, in.Outcome,
			nullInt(in.Sentiment), in.Location, in.CreatedBy, in.Version, in.CreatedAt, in.UpdatedAt).Scan(&in.ID); err != nil {
			return wrap(err, "create interaction")
		}
		if err := insertAttendees(ctx, tx, in); err != nil {
			return err
		}
		log, err := tx.beginAudit(ctx)
		if err != nil {
			return err
		}
		defer log.close()
		if err := log.add(ctx, "create", "interaction", in.ID, nil, in); err != nil {
			return err
		}
		for _, c := range in.Commitments {
			c.InteractionID = in.ID
			if err := insertCommitment(ctx, tx, c); err != nil {
				return err
			}
			if err := log.add(ctx, "create", "commitment", c.ID, nil, c); err != nil {
				return err
			}
		}
		if err := log.finish(ctx); err != nil {
			return err
		}
		return addTouch(ctx, tx, in, last)
	})
}

// The statements of logging an interaction, the most frequent write.
const (
	qPartnerTouches    = `SELECT last_touch_at, last_visit_at, last_executive_at FROM partners WHERE id = ? AND ` + liveRow
	qInteractionInsert = `INSERT INTO interactions (partner_id, kind, level, status, occurred_at, ends_at, subject, notes, outcome,
		sentiment, location, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	// qPartnerTouched moves each last touch forward when told to and when it
	// is still earlier, as another writer may have moved it meanwhile on
	// PostgreSQL.
	qPartnerTouched = `UPDATE partners SET
		last_touch_at = CASE WHEN ? AND (last_touch_at IS NULL OR last_touch_at < ?) THEN ? ELSE last_touch_at END,
		last_visit_at = CASE WHEN ? AND (last_visit_at IS NULL OR last_visit_at < ?) THEN ? ELSE last_visit_at END,
		last_executive_at = CASE WHEN ? AND (last_executive_at IS NULL OR last_executive_at < ?) THEN ? ELSE last_executive_at END
		WHERE id = ?`
)

// addTouch keeps the partner's last touches, read as last before in was
// added, and its due touches current after a new interaction: what
// refreshTouches would find, without reading the timeline again, and only
// the touches in moves forward rewritten.
func addTouch(ctx context.Context, tx *Tx, in *mutual.Interaction, last [3]time.Time) error {
	if in.State() != mutual.InteractionDone {
		return nil
	}
	counts := [3]bool{true, in.Kind == "visit", in.Level == "executive"} // as refreshTouches
	var later [3]bool
	args := make([]any, 0, 10)
	for i, c := range counts {
		later[i] = c && in.OccurredAt.After(last[i])
		args = append(args, later[i], in.OccurredAt, in.OccurredAt)
	}
	if !later[0] && !later[1] && !later[2] {
		return nil
	}
	if _, err := tx.ExecContext(ctx, qPartnerTouched, append(args, in.PartnerID)...); err != nil {
		return wrap(err, "refresh touches")
	}
	for i, l := range later {
		if l {
			if err := refreshDueOf(ctx, tx, dueColumns[i:i+1], `id = ?`, in.PartnerID); err != nil {
				return err
			}
		}
	}
	return nil
}

// setAttendees replaces the attendees of an interaction.
func setAttendees(ctx context.Context, tx *Tx, in *mutual.Interaction) error {
	for _, q := range []string{`DELETE FROM interaction_users WHERE interaction_id = ?`, `DELETE FROM interaction_contacts WHERE interaction_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, in.ID); err != nil {
			return wrap(err, "set attendees")
		}
	}
	return insertAttendees(ctx, tx, in)
}

// insertAttendees adds the attendees of an interaction that has none yet.
func insertAttendees(ctx context.Context, tx *Tx, in *mutual.Interaction) error {
	for _, id := range in.OurAttendees {
		if _, err := tx.ExecContext(ctx, `INSERT INTO interaction_users (interaction_id, user_id) VALUES (?, ?)`, in.ID, id); err != nil {
			return wrap(err, "set attendees")
		}
	}
	for _, id := range in.TheirAttendees {
		if _, err := tx.ExecContext(ctx, `INSERT INTO interaction_contacts (interaction_id, contact_id) VALUES (?, ?)`, in.ID, id); err != nil {
			return wrap(err, "set attendees")
		}
	}
	return nil
}

// refreshTouches keeps the partner's last done touch of each kind, which
// cadence and attention read for every partner at once.
func refreshTouches(ctx context.Context, tx *Tx, partnerID mutual.ID) error {
	_, err := tx.ExecContext(ctx, `UPDATE partners SET
		last_touch_at = (SELECT max(occurred_at) FROM interactions WHERE partner_id = ? AND status = 'done'),
		last_visit_at = (SELECT max(occurred_at) FROM interactions WHERE partner_id = ? AND status = 'done' AND kind = 'visit'),
		last_executive_at = (SELECT max(occurred_at) FROM interactions WHERE partner_id = ? AND status = 'done' AND level = 'executive')
		WHERE id = ?`, partnerID, partnerID, partnerID, partnerID)
	if err != nil {
		return wrap(err, "refresh touches")
	}
	return refreshDue(ctx, tx, `id = ?`, partnerID)
}

// UpdateInteraction changes an entry with optimistic concurrency.
func (s *InteractionService) UpdateInteraction(ctx context.Context, id mutual.ID, upd mutual.InteractionUpdate) (*mutual.Interaction, error) {
	u := mutual.UserFromContext(ctx)
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Interaction, error) {
		in, err := findInteractionByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if err := readInteractions(u, in.PartnerID); err != nil {
			return nil, err
		}
		if !mutual.CanWriteInteractions(u) {
			return nil, mutual.Errorf(mutual.EFORBIDDEN, "You may not change interactions.")
		}
		if upd.Version != 0 && upd.Version != in.Version {
			return nil, stale("interaction")
		}
		before := *in
		if upd.Status != nil && before.State() != mutual.InteractionPlanned && *upd.Status == string(mutual.InteractionPlanned) {
			return nil, invalid("status", "transition", "What has happened or was cancelled cannot be planned again.")
		}
		upd.Apply(in)
		var problems mutual.Problems
		for _, f := range mutual.ErrorFields(in.Validate()) {
			problems.Add(f.Field, f.Rule, f.Message)
		}
		if err := checkInteraction(ctx, tx, in, &problems); err != nil {
			return nil, err
		}
		if err := problems.Err(); err != nil {
			return nil, err
		}
		in.Version, in.UpdatedAt = in.Version+1, tx.now
		res, err := tx.ExecContext(ctx, `UPDATE interactions SET kind = ?, level = ?, status = ?, occurred_at = ?, ends_at = ?, subject = ?, notes = ?,
			outcome = ?, sentiment = ?, location = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			in.Kind, in.Level, in.Status, in.OccurredAt, nullTime(in.EndsAt), in.Subject, in.Notes,
			in.Outcome, nullInt(in.Sentiment), in.Location, in.Version, in.UpdatedAt, id, before.Version)
		if err != nil {
			return nil, wrap(err, "update interaction")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("interaction")
		}
		if upd.OurAttendees != nil || upd.TheirAttendees != nil {
			if err := setAttendees(ctx, tx, in); err != nil {
				return nil, err
			}
		}
		if err := refreshTouches(ctx, tx, in.PartnerID); err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, "update", "interaction", id, before, in); err != nil {
			return nil, err
		}
		return in, nil
	})
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if v == s {
			return true
		}
	}
	return false
}
