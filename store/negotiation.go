package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/mutualsrm/mutual"
)

// NegotiationService keeps price negotiations.
type NegotiationService DB

const negotiationSelect = `SELECT n.id, n.partner_id, p.name, n.title, n.currency, n.event_id, n.status, n.valid_from, n.valid_to, n.outcome,
	n.created_by, n.closed_at, n.version, n.created_at, n.updated_at,
	COALESCE((SELECT r.side FROM negotiation_rounds r WHERE r.negotiation_id = n.id ORDER BY r.number DESC LIMIT 1), ''),
	(SELECT r.created_at FROM negotiation_rounds r WHERE r.negotiation_id = n.id ORDER BY r.number DESC LIMIT 1)
	FROM negotiations n JOIN partners p ON p.id = n.partner_id `

func scanNegotiation(row interface{ Scan(...any) error }) (*mutual.Negotiation, error) {
	var n mutual.Negotiation
	var from, to sql.NullString
	if err := row.Scan(&n.ID, &n.PartnerID, &n.PartnerName, &n.Title, &n.Currency, idCol{&n.EventID}, &n.Status, &from, &to, &n.Outcome,
		idCol{&n.CreatedBy}, timeCol{&n.ClosedAt}, &n.Version, timeCol{&n.CreatedAt}, timeCol{&n.UpdatedAt}, &n.LastSide, timeCol{&n.LastOfferAt}); err != nil {
		return nil, err
	}
	n.ValidFrom, _ = mutual.ParseDate(from.String)
	n.ValidTo, _ = mutual.ParseDate(to.String)
	n.Lines, n.Rounds = []mutual.NegotiationLine{}, []mutual.Round{}
	return &n, nil
}

// findNegotiation loads a negotiation with its lines, rounds and, once
// agreed, its saving. It does not check access.
func findNegotiation(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Negotiation, error) {
	n, err := scanNegotiation(tx.QueryRowContext(ctx, negotiationSelect+`WHERE n.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Negotiation")
	} else if err != nil {
		return nil, wrap(err, "find negotiation")
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, item, description, quantity, unit, baseline_amount, agreement_id, event_line_id
		FROM negotiation_lines WHERE negotiation_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, wrap(err, "negotiation lines")
	}
	for rows.Next() {
		var l mutual.NegotiationLine
		var qty string
		var base sql.NullString
		if err := rows.Scan(&l.ID, &l.Item, &l.Description, &qty, &l.Unit, &base, idCol{&l.AgreementID}, idCol{&l.EventLineID}); err != nil {
			rows.Close()
			return nil, err
		}
		var err error
		if l.Quantity, err = decimalColumn("negotiation_lines.quantity", qty); err == nil {
			l.BaselinePrice, err = moneyColumn("negotiation_lines.baseline_amount", base, n.Currency)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		n.Lines = append(n.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT r.id, r.number, r.side, r.terms, r.created_by, r.created_at, rl.line_id, rl.unit_amount, rl.lead_time_days
		FROM negotiation_rounds r JOIN round_lines rl ON rl.round_id = r.id JOIN negotiation_lines l ON l.id = rl.line_id
		WHERE r.negotiation_id = ? ORDER BY r.number, l.position`, id)
	if err != nil {
		return nil, wrap(err, "negotiation rounds")
	}
	for rows.Next() {
		var r mutual.Round
		var rl mutual.RoundLine
		var amount string
		if err := rows.Scan(&r.ID, &r.Number, &r.Side, &r.Terms, idCol{&r.CreatedBy}, timeCol{&r.CreatedAt}, &rl.LineID, &amount, &rl.LeadTimeDays); err != nil {
			rows.Close()
			return nil, err
		}
		var err error
		if rl.UnitPrice.Amount, err = decimalColumn("round_lines.unit_amount", amount); err != nil {
			rows.Close()
			return nil, err
		}
		rl.UnitPrice.Currency = n.Currency
		if k := len(n.Rounds); k == 0 || n.Rounds[k-1].ID != r.ID {
			r.Lines = []mutual.RoundLine{}
			n.Rounds = append(n.Rounds, r)
		}
		last := &n.Rounds[len(n.Rounds)-1]
		last.Lines = append(last.Lines, rl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n.State() == mutual.NegotiationAgreed {
		// Those of its prices an award withdrew saved nothing.
		ags, err := queryAgreements(ctx, tx, `WHERE a.negotiation_id = ? AND a.status <> 'withdrawn'`, id)
		if err != nil {
			return nil, err
		}
		n.Saving = mutual.Money{Amount: mutual.NewDecimal(0), Currency: n.Currency}
		for _, a := range ags {
			n.Saving.Amount = n.Saving.Amount.Add(a.Saving.Amount)
			if !a.BaseSaving.IsZero() {
				if n.BaseSaving.IsZero() {
					n.BaseSaving = mutual.Money{Amount: mutual.NewDecimal(0), Currency: a.BaseSaving.Currency}
				}
				n.BaseSaving.Amount = n.BaseSaving.Amount.Add(a.BaseSaving.Amount)
			}
		}
	}
	return n, nil
}

// readNegotiation loads a negotiation the caller may see: internal users
// any; supplier users their own partner's. Suppliers do not see baselines.
func readNegotiation(ctx context.Context, tx *Tx, u *mutual.User, id mutual.ID) (*mutual.Negotiation, error) {
	if u == nil || u.Disabled {
		return nil, notFound("Negotiation")
	}
	n, err := findNegotiation(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !mutual.CanReadPartner(u, n.PartnerID) {
		return nil, notFound("Negotiation")
	}
	return n, nil
}

func presentNegotiation(n *mutual.Negotiation, u *mutual.User) {
	if u.IsInternal() {
		return
	}
	for i := range n.Lines {
		n.Lines[i].BaselinePrice = mutual.Money{}
	}
	n.Saving, n.BaseSaving = mutual.Money{}, mutual.Money{}
	n.Outcome = "" // why it ended is the buying side's note
}

// FindNegotiationByID returns a negotiation the caller may see.
func (s *NegotiationService) FindNegotiationByID(ctx context.Context, id mutual.ID) (*mutual.Negotiation, error) {
	u := mutual.UserFromContext(ctx)
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Negotiation, error) {
		n, err := readNegotiation(ctx, tx, u, id)
		if err != nil {
			return nil, err
		}
		presentNegotiation(n, u)
		return n, nil
	})
}

// FindNegotiations returns a page of negotiations, newest first, without
// their lines and rounds. Supplier users get their own partner's.
func (s *NegotiationService) FindNegotiations(ctx context.Context, f mutual.NegotiationFilter) ([]*mutual.Negotiation, string, error) {
	u := mutual.UserFromContext(ctx)
	if u == nil || u.Disabled {
		return nil, "", notFound("Negotiation")
	}
	if !u.IsInternal() {
		if f.PartnerID != 0 && f.PartnerID != u.PartnerID {
			return nil, "", notFound("Partner")
		}
		f.PartnerID = u.PartnerID
	}
	if f.Status != "" && !oneOf(f.Status, mutual.NegotiationStatuses) {
		return nil, "", invalid("status", "enum", "Status must be open, agreed, failed or cancelled.")
	}
	limit := mutual.ClampLimit(f.Limit)
	where, args := []string{"1 = 1"}, []any{}
	if f.PartnerID != 0 {
		where, args = append(where, "n.partner_id = ?"), append(args, f.PartnerID)
	}
	if f.EventID != 0 {
		where, args = append(where, "n.event_id = ?"), append(args, f.EventID)
	}
	if f.Status != "" {
		where, args = append(where, "n.status = ?"), append(args, f.Status)
	}
	if f.Cursor != "" {
		t, c, err := timeIDCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where, args = append(where, "(n.created_at < ? OR (n.created_at = ? AND n.id < ?))"), append(args, t, t, c)
	}
	return readPage(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Negotiation, string, error) {
		rows, err := tx.QueryContext(ctx, negotiationSelect+`WHERE `+strings.Join(where, " AND ")+` ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return nil, "", wrap(err, "find negotiations")
		}
		defer rows.Close()
		list := []*mutual.Negotiation{}
		for rows.Next() {
			n, err := scanNegotiation(rows)
			if err != nil {
				return nil, "", err
			}
			list = append(list, n)
		}
		if err := rows.Err(); err != nil {
			return nil, "", err
		}
		list, next := nextPage(list, limit, func(n *mutual.Negotiation) string { return timeCursor(n.CreatedAt, n.ID) })
		for _, n := range list {
			presentNegotiation(n, u)
		}
		return list, next, nil
	})
}

// negotiablePartner checks that a negotiation may be held with partner.
func negotiablePartner(ctx context.Context, tx *Tx, id mutual.ID, p *mutual.Problems) error {
	partner, err := findPartnerByID(ctx, tx, id)
	if mutual.ErrorCode(err) == mutual.ENOTFOUND {
		p.Add("partner_id", "unknown", "No such partner.")
		return nil
	} else if err != nil {
		return err
	}
	if err := partner.CanSource(); err != nil {
		p.Add("partner_id", sourcingRule(err), mutual.ErrorMessage(err))
	}
	return nil
}

// CreateNegotiation opens a negotiation. A line naming an agreement under
// review takes that agreement's price as its baseline unless one is given.
func (s *NegotiationService) CreateNegotiation(ctx context.Context, n *mutual.Negotiation) error {
	u := mutual.UserFromContext(ctx)
	if !u.IsInternal() || u.Disabled {
		return notFound("Negotiation")
	}
	if !mutual.CanWriteEvents(u) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not negotiate prices.")
	}
	var problems mutual.Problems
	for _, f := range mutual.ErrorFields(n.Validate()) {
		problems.Add(f.Field, f.Rule, f.Message)
	}
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
		if n.PartnerID != 0 {
			if err := negotiablePartner(ctx, tx, n.PartnerID, &problems); err != nil {
				return err
			}
		}
		for i := range n.Lines {
			l := &n.Lines[i]
			l.EventLineID = 0
			if l.AgreementID == 0 {
				continue
			}
			at := "lines[" + itoa(i) + "].agreement_id"
			ags, err := queryAgreements(ctx, tx, `WHERE a.id = ?`, l.AgreementID)
			if err != nil {
				return err
			}
			switch {
			case len(ags) == 0 || ags[0].PartnerID != n.PartnerID:
				problems.Add(at, "unknown", "No such agreement with this partner.")
			case ags[0].UnitPrice.Currency != n.Currency:
				problems.Add(at, "currency", "The agreement is in "+ags[0].UnitPrice.Currency+"; negotiate in the same currency.")
			case l.BaselinePrice.IsZero():
				l.BaselinePrice = ags[0].UnitPrice
			}
		}
		if err := problems.Err(); err != nil {
			return err
		}
		return insertNegotiation(ctx, tx, n, u)
	})
	if err != nil {
		return err
	}
	got, err := s.FindNegotiationByID(ctx, n.ID)
	if err == nil {
		*n = *got
	}
	return err
}

func insertNegotiation(ctx context.Context, tx *Tx, n *mutual.Negotiation, u *mutual.User) error {
	n.Status, n.CreatedBy, n.Version, n.CreatedAt, n.UpdatedAt, n.Outcome = string(mutual.NegotiationOpen), u.ID, 1, tx.now, tx.now, ""
	if n.ValidFrom.IsZero() {
		n.ValidFrom = tx.db.today(tx)
	}
	var err error
	if n.ID, err = tx.insertPublic(ctx, `INSERT INTO negotiations (id, partner_id, title, currency, event_id, status, valid_from, valid_to, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.PartnerID, n.Title, n.Currency, n.EventID, n.Status, n.ValidFrom.String(),
		dateArg(n.ValidTo), n.CreatedBy, n.Version, n.CreatedAt, n.UpdatedAt); err != nil {
		return wrap(err, "create negotiation")
	}
	for i := range n.Lines {
		l := &n.Lines[i]
		if l.ID, err = tx.insertPublic(ctx, `INSERT INTO negotiation_lines (id, negotiation_id, position, item, description, quantity, unit, baseline_amount, agreement_id, event_line_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.ID, i, l.Item, l.Description, l.Quantity.String(), l.Unit, amountArg(l.BaselinePrice),
			l.AgreementID, l.EventLineID); err != nil {
			return wrap(err, "negotiation line")
		}
	}
	return tx.audit(ctx, "create", "negotiation", n.ID, nil, n)
}

// StartFromEvent opens a negotiation with the bidder of an event whose bids
// are open: the lines it quoted, their baselines, and its bid as round 1.
func (s *NegotiationService) StartFromEvent(ctx context.Context, eventID, bidID mutual.ID) (*mutual.Negotiation, error) {
	u := mutual.UserFromContext(ctx)
	started, err := writeTx(ctx, (*DB)(s), func(tx *Tx) (mutual.ID, error) {
		e, err := writableEvent(ctx, tx, u, eventID)
		if err != nil {
			return 0, err
		}
		if e.Status != "closed" || !e.BidsVisible() {
			return 0, mutual.Errorf(mutual.ECONFLICT, "Negotiate once the event is closed and its bids are open.")
		}
		bids, err := queryBids(ctx, tx, `WHERE b.event_id = ? AND b.id = ?`, eventID, bidID)
		if err != nil {
			return 0, err
		}
		if len(bids) == 0 || bids[0].Status != "submitted" {
			return 0, invalid("bid_id", "unknown", "No such live bid on this event.")
		}
		b := bids[0]
		n := &mutual.Negotiation{PartnerID: b.PartnerID, Title: e.Title, Currency: e.Currency, EventID: e.ID}
		quoted := map[mutual.ID]mutual.BidLine{}
		for _, bl := range b.Lines {
			quoted[bl.LineID] = bl
		}
		first := mutual.Round{Side: string(mutual.SideTheirs), Terms: b.Comments}
		for _, l := range e.Lines {
			if _, ok := quoted[l.ID]; !ok {
				continue
			}
			n.Lines = append(n.Lines, mutual.NegotiationLine{Item: l.Item, Description: l.Description, Quantity: l.Quantity, Unit: l.Unit,
				BaselinePrice: l.BaselinePrice, EventLineID: l.ID})
		}
		if err := n.Validate(); err != nil {
			return 0, err
		}
		if err := insertNegotiation(ctx, tx, n, u); err != nil {
			return 0, err
		}
		for _, l := range n.Lines {
			bl := quoted[l.EventLineID]
			first.Lines = append(first.Lines, mutual.RoundLine{LineID: l.ID, UnitPrice: bl.UnitPrice, LeadTimeDays: bl.LeadTimeDays})
		}
		first.CreatedBy = b.SubmittedBy
		if err := insertRound(ctx, tx, n, &first); err != nil {
			return 0, err
		}
		if err := notifyPartner(ctx, tx, n); err != nil {
			return 0, err
		}
		return n.ID, nil
	})
	if err != nil {
		return nil, err
	}
	return s.FindNegotiationByID(ctx, started)
}

func insertRound(ctx context.Context, tx *Tx, n *mutual.Negotiation, r *mutual.Round) error {
	r.Number, r.CreatedAt = len(n.Rounds)+1, tx.now
	var err error
	if r.ID, err = tx.insertPublic(ctx, `INSERT INTO negotiation_rounds (id, negotiation_id, number, side, terms, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		n.ID, r.Number, r.Side, r.Terms, r.CreatedBy, r.CreatedAt); err != nil {
		if isUniqueViolation(err) {
			return mutual.Errorf(mutual.ECONFLICT, "Another offer was made meanwhile; reload the negotiation.")
		}
		return wrap(err, "round")
	}
	for _, l := range r.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_lines (round_id, line_id, unit_amount, lead_time_days) VALUES (?, ?, ?, ?)`,
			r.ID, l.LineID, l.UnitPrice.Amount.String(), l.LeadTimeDays); err != nil {
			return wrap(err, "round line")
		}
	}
	n.Rounds = append(n.Rounds, *r)
	return tx.audit(ctx, "offer", "negotiation", n.ID, nil, r)
}

// notifyPartner tells the partner's supplier users about a negotiation.
func notifyPartner(ctx context.Context, tx *Tx, n *mutual.Negotiation) error {
	users, err := queryIDs(ctx, tx, `SELECT id FROM users WHERE role = 'supplier' AND disabled = ? AND partner_id = ? ORDER BY id`, false, n.PartnerID)
	if err != nil {
		return wrap(err, "notify")
	}
	return notify(ctx, tx, users, "negotiation", 0, n.Title, "/portal/negotiations/"+n.ID.String())
}

// writableNegotiation loads a negotiation for a change by u, and the side
// u speaks for. Whether the change is allowed in the negotiation's state
// is the domain's to say (CanOffer, Close).
func writableNegotiation(ctx context.Context, tx *Tx, u *mutual.User, id mutual.ID) (*mutual.Negotiation, mutual.Side, error) {
	n, err := readNegotiation(ctx, tx, u, id)
	if err != nil {
		return nil, "", err
	}
	side := mutual.SideOf(u)
	if side == mutual.SideOurs && !mutual.CanWriteEvents(u) {
		return nil, "", mutual.Errorf(mutual.EFORBIDDEN, "You may not negotiate prices.")
	}
	return n, side, nil
}

// AddRound records an offer. A supplier user's is theirs; a buyer's is
// ours unless the buyer records the supplier's offer (Side "theirs"),
// received by phone or mail. Sides take turns.
func (s *NegotiationService) AddRound(ctx context.Context, id mutual.ID, r *mutual.Round) (*mutual.Negotiation, error) {
	u := mutual.UserFromContext(ctx)
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
		n, side, err := writableNegotiation(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if side == mutual.SideOurs && r.Side == string(mutual.SideTheirs) {
			side = mutual.SideTheirs // a buyer records the supplier's offer
		}
		r.CreatedBy = u.ID
		if err := n.Offer(side, r); err != nil {
			return err
		}
		if err := insertRound(ctx, tx, n, r); err != nil {
			return err
		}
		if err := touchNegotiation(ctx, tx, n); err != nil {
			return err
		}
		notify := side
		if u.IsInternal() {
			notify = mutual.SideOurs // whoever records it, the partner hears of it
		}
		return notifyOtherSide(ctx, tx, n, notify)
	})
	if err != nil {
		return nil, err
	}
	return s.FindNegotiationByID(ctx, id)
}

// notifyOtherSide tells the side that did not act: the partner's supplier
// users, or the buyer who opened the negotiation.
func notifyOtherSide(ctx context.Context, tx *Tx, n *mutual.Negotiation, side mutual.Side) error {
	if side == mutual.SideOurs {
		return notifyPartner(ctx, tx, n)
	}
	users, err := queryIDs(ctx, tx, `SELECT id FROM users WHERE id = ? AND disabled = ?`, n.CreatedBy, false)
	if err != nil {
		return wrap(err, "notify")
	}
	return notify(ctx, tx, users, "negotiation", 0, n.Title, "/negotiations/"+n.ID.String())
}

func touchNegotiation(ctx context.Context, tx *Tx, n *mutual.Negotiation) error {
	res, err := tx.ExecContext(ctx, `UPDATE negotiations SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, tx.now, n.ID, n.Version)
	if err != nil {
		return wrap(err, "negotiation")
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return stale("negotiation")
	}
	n.Version, n.UpdatedAt = n.Version+1, tx.now
	return nil
}

// CloseNegotiation ends a negotiation. Agreed: the last round's prices
// become agreements with their savings, and the agreements under review
// are superseded. A supplier user may only accept our last offer.
func (s *NegotiationService) CloseNegotiation(ctx context.Context, id mutual.ID, c mutual.NegotiationClose) (*mutual.Negotiation, error) {
	u := mutual.UserFromContext(ctx)
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
		n, side, err := writableNegotiation(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if err := n.CheckOpen(); err != nil {
			return err // a closed negotiation says so before a stale version does
		}
		if c.Version != 0 && c.Version != n.Version {
			return stale("negotiation")
		}
		before := *n
		last, err := n.Close(side, c, tx.now)
		if err != nil {
			return err
		}
		if last != nil {
			if err := agree(ctx, tx, n, last, u); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE negotiations SET status = ?, closed_at = ?, outcome = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ? AND status = ?`, n.Status, n.ClosedAt, n.Outcome, tx.now, id, n.Version, before.Status)
		if err != nil {
			return wrap(err, "close negotiation")
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return stale("negotiation")
		}
		if err := tx.audit(ctx, "close", "negotiation", id, map[string]any{"status": before.Status},
			map[string]any{"status": n.Status, "outcome": n.Outcome, "round": len(n.Rounds)}); err != nil {
			return err
		}
		return notifyOtherSide(ctx, tx, n, side)
	})
	if err != nil {
		return nil, err
	}
	return s.FindNegotiationByID(ctx, id)
}

// agree writes the agreements of the last round's prices.
func agree(ctx context.Context, tx *Tx, n *mutual.Negotiation, last *mutual.Round, u *mutual.User) error {
	policy, err := findGiftPolicy(ctx, tx)
	if err != nil {
		return err
	}
	prices := map[mutual.ID]mutual.Money{}
	for _, rl := range last.Lines {
		prices[rl.LineID] = rl.UnitPrice
	}
	category := ""
	if n.EventID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT category FROM events WHERE id = ?`, n.EventID).Scan(&category); err != nil {
			return wrap(err, "event category")
		}
	}
	buyer := n.CreatedBy
	if u.IsInternal() {
		buyer = u.ID
	}
	for _, l := range n.Lines {
		if l.AgreementID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE agreements SET status = 'superseded' WHERE id = ? AND status = 'active'`, l.AgreementID); err != nil {
				return wrap(err, "supersede agreement")
			}
		}
		if l.AgreementID != 0 && category == "" {
			_ = tx.QueryRowContext(ctx, `SELECT category FROM agreements WHERE id = ?`, l.AgreementID).Scan(&category)
		}
		a := &mutual.Agreement{PartnerID: n.PartnerID, Item: l.Item, Description: l.Description, Category: category, Unit: l.Unit,
			Quantity: l.Quantity, UnitPrice: prices[l.ID], BaselinePrice: l.BaselinePrice, ValidFrom: n.ValidFrom, ValidTo: n.ValidTo,
			EventID: n.EventID, LineID: l.EventLineID, NegotiationID: n.ID, BuyerID: buyer}
		if err := insertAgreement(ctx, tx, a, policy); err != nil {
			return err
		}
	}
	return nil
}
