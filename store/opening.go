package store

import (
	"context"

	"github.com/mutualsrm/mutual"
)

// committeeMembers loads the users an event's committee names, by ID.
func committeeMembers(ctx context.Context, tx *Tx, e *mutual.Event) (map[mutual.ID]*mutual.User, error) {
	members := make(map[mutual.ID]*mutual.User, len(e.Committee))
	if len(e.Committee) == 0 {
		return members, nil
	}
	args := make([]any, len(e.Committee))
	for i, id := range e.Committee {
		args[i] = id
	}
	users, err := queryUsers(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		members[u.ID] = u
	}
	return members, nil
}

// checkCommittee adds the problems of e's opening committee to p, as the
// domain sees them with the users it names.
func checkCommittee(ctx context.Context, tx *Tx, e *mutual.Event, p *mutual.Problems) error {
	if len(e.Committee) > mutual.MaxCommittee {
		e.CheckCommittee(nil, p)
		return nil
	}
	members, err := committeeMembers(ctx, tx, e)
	if err != nil {
		return err
	}
	e.CheckCommittee(members, p)
	return nil
}

// copyCommittee returns the members of e's committee who may sit on the
// committee of its copy, whose buyer is by.
func copyCommittee(ctx context.Context, tx *Tx, e *mutual.Event, by mutual.ID) ([]mutual.ID, error) {
	members, err := committeeMembers(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	out := []mutual.ID{}
	for _, id := range e.Committee {
		if id != by && mutual.CanSitOnCommittee(members[id]) {
			out = append(out, id)
		}
	}
	return out, nil
}

// validateForPublish checks a draft before suppliers see it, its committee
// included: its members must still be able to sit on it.
func validateForPublish(ctx context.Context, tx *Tx, e *mutual.Event) error {
	p := mutual.Problems(mutual.ErrorFields(e.ValidateForPublish(tx.now)))
	if !p.Has("committee") {
		if err := checkCommittee(ctx, tx, e, &p); err != nil {
			return err
		}
	}
	return p.Err()
}

// UnsealEvent records the caller's opening of a closed sealed event's
// bids. The domain says whether the caller may open (asked first with what
// a read sees, so that a refused opening spends no password attempt, and
// again in the write transaction); the password is checked like a sign-in,
// outside any transaction and counted against the same limits.
func (s *EventService) UnsealEvent(ctx context.Context, id mutual.ID, password, addr string) (*mutual.Event, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if err := s.mayOpen(ctx, u, id); err != nil {
		return nil, err
	}
	if err := db.confirmPassword(ctx, u, password, addr); err != nil {
		return nil, err
	}
	err := db.write(ctx, func(tx *Tx) error {
		// Openings of one event wait for each other here: on PostgreSQL the
		// update holds the event's row until commit, so a second opener sees
		// the first's opening (SQLite has one writer anyway).
		if _, err := tx.ExecContext(ctx, `UPDATE events SET version = version WHERE id = ?`, id); err != nil {
			return wrap(err, "lock event")
		}
		e, err := writableEvent(ctx, tx, u, id)
		if err != nil {
			return err
		}
		opener, err := findUserByID(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		before := *e
		if err := e.Open(opener, tx.now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_openings (event_id, user_id, opened_at) VALUES (?, ?, ?)`, id, opener.ID, tx.now); err != nil {
			return wrap(err, "open bids")
		}
		e.Version, e.UpdatedAt = e.Version+1, tx.now
		res, err := tx.ExecContext(ctx, `UPDATE events SET unsealed_at = ?, version = ?, updated_at = ? WHERE id = ? AND status = ? AND version = ?`,
			nullTimeArg(e.UnsealedAt), e.Version, e.UpdatedAt, id, mutual.EventClosed, before.Version)
		if err != nil {
			return wrap(err, "open bids")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return mutual.Errorf(mutual.ECONFLICT, "The event changed meanwhile; reload it.")
		}
		after := eventState(e)
		after["opened_by"] = opener.ID
		return tx.audit(ctx, "unseal", "event", id, eventState(&before), after)
	})
	if err != nil {
		return nil, err
	}
	return s.FindEventByID(ctx, id)
}

// mayOpen asks the domain whether u may open event id now, with the event
// and u as a read sees them.
func (s *EventService) mayOpen(ctx context.Context, u *mutual.User, id mutual.ID) error {
	return (*DB)(s).read(ctx, func(tx *Tx) error {
		e, err := readEvent(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if !u.IsInternal() {
			return notFound("Event")
		}
		present(e, u, tx.now)
		opener, err := findUserByID(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		return e.CanOpen(opener, tx.now)
	})
}

// confirmPassword checks that u typed their own current password. It runs
// as a sign-in of u (Login), so a wrong password counts against the sign-in
// limits of u's account and of addr, and too many refuse the confirmation
// as they refuse a sign-in.
func (db *DB) confirmPassword(ctx context.Context, u *mutual.User, password, addr string) error {
	if password == "" {
		return invalid("password", "required", "Confirm with your password.")
	}
	got, err := (*SessionService)(db).Login(ctx, u.Email, password, addr)
	if mutual.ErrorCode(err) == mutual.EUNAUTHORIZED || (err == nil && got.ID != u.ID) {
		return &mutual.Error{Code: mutual.EFORBIDDEN, Reason: mutual.ReasonWrongPassword, Message: "The password is wrong.",
			Fields: []mutual.FieldError{{Field: "password", Rule: "wrong_password", Message: "The password is wrong."}}}
	}
	return err
}
