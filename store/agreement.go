package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// AgreementService keeps agreed prices and awards.
type AgreementService DB

const agreementSelect = `SELECT a.id, a.partner_id, p.name, a.item, a.description, a.category, a.unit, a.quantity, a.unit_amount, a.currency,
	a.baseline_amount, a.saving_amount, a.base_currency, a.base_rate, a.valid_from, a.valid_to, a.event_id, a.line_id, a.negotiation_id,
	a.buyer_id, a.status, a.created_at FROM agreements a JOIN partners p ON p.id = a.partner_id `

func scanAgreement(row interface{ Scan(...any) error }) (*mutual.Agreement, error) {
	var a mutual.Agreement
	var qty, unit string
	var baseline, saving, baseCurrency, rate, validTo sql.NullString
	var validFrom string
	if err := row.Scan(&a.ID, &a.PartnerID, &a.PartnerName, &a.Item, &a.Description, &a.Category, &a.Unit, &qty, &unit, &a.UnitPrice.Currency,
		&baseline, &saving, &baseCurrency, &rate, &validFrom, &validTo, idCol{&a.EventID}, idCol{&a.LineID}, idCol{&a.NegotiationID},
		idCol{&a.BuyerID}, &a.Status, timeCol{&a.CreatedAt}); err != nil {
		return nil, err
	}
	var err error
	if a.Quantity, err = decimalColumn("agreements.quantity", qty); err != nil {
		return nil, err
	}
	if a.UnitPrice.Amount, err = decimalColumn("agreements.unit_amount", unit); err != nil {
		return nil, err
	}
	if a.BaselinePrice, err = moneyColumn("agreements.baseline_amount", baseline, a.UnitPrice.Currency); err != nil {
		return nil, err
	}
	if a.Saving, err = moneyColumn("agreements.saving_amount", saving, a.UnitPrice.Currency); err != nil {
		return nil, err
	}
	if rate.Valid && baseCurrency.Valid && saving.Valid {
		r, err := decimalColumn("agreements.base_rate", rate.String)
		if err != nil {
			return nil, err
		}
		a.BaseSaving = mutual.ConvertSaving(a.Saving, r, baseCurrency.String)
	}
	a.ValidFrom, _ = mutual.ParseDate(validFrom)
	a.ValidTo, _ = mutual.ParseDate(validTo.String)
	return &a, nil
}

func queryAgreements(ctx context.Context, tx *Tx, tail string, args ...any) ([]*mutual.Agreement, error) {
	rows, err := tx.QueryContext(ctx, agreementSelect+tail, args...)
	if err != nil {
		return nil, wrap(err, "find agreements")
	}
	return scanList(rows, scanAgreement)
}

// baseRate returns the rate from currency to the policy's base currency.
func baseRate(policy *mutual.GiftPolicy, currency string) (mutual.Decimal, bool) {
	if currency == policy.BaseCurrency {
		return mutual.NewDecimal(1), true
	}
	r, ok := policy.Rates[currency]
	return r, ok
}

// insertAgreement stores an agreed price with its saving, converting the
// saving to the base currency at today's policy rate.
func insertAgreement(ctx context.Context, tx *Tx, a *mutual.Agreement, policy *mutual.GiftPolicy) error {
	a.ComputeSaving()
	a.Status, a.CreatedAt = "active", tx.now
	var baseCurrency, rate any
	if r, ok := baseRate(policy, a.UnitPrice.Currency); ok {
		baseCurrency, rate = policy.BaseCurrency, r.String()
		a.BaseSaving = mutual.ConvertSaving(a.Saving, r, policy.BaseCurrency)
	}
	var err error
	if a.ID, err = tx.insertPublic(ctx, `INSERT INTO agreements (id, partner_id, item, description, category, unit, quantity, unit_amount, currency,
		baseline_amount, saving_amount, base_currency, base_rate, valid_from, valid_to, event_id, line_id, negotiation_id, buyer_id, status, made_on, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.PartnerID, a.Item, a.Description, a.Category, a.Unit, a.Quantity.String(), a.UnitPrice.Amount.String(), a.UnitPrice.Currency,
		amountArg(a.BaselinePrice), amountArg(a.Saving), baseCurrency, rate, a.ValidFrom.String(), dateArg(a.ValidTo), a.EventID, a.LineID,
		a.NegotiationID, a.BuyerID, a.Status, tx.db.today(tx).String(), a.CreatedAt); err != nil {
		return wrap(err, "store agreement")
	}
	return tx.audit(ctx, "create", "agreement", a.ID, nil, a)
}

// AwardEvent awards a closed event whose bids are open, writes the agreed
// prices and tells each bidder whether it won, lost or partly won.
func (s *AgreementService) AwardEvent(ctx context.Context, eventID mutual.ID, a *mutual.Award) ([]*mutual.Agreement, error) {
	u := mutual.UserFromContext(ctx)
	return writeTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Agreement, error) {
		e, err := writableEvent(ctx, tx, u, eventID)
		if err != nil {
			return nil, err
		}
		if err := e.CanAward(); err != nil {
			return nil, err
		}
		bids, err := queryBids(ctx, tx, `WHERE b.event_id = ?`, eventID)
		if err != nil {
			return nil, err
		}
		if err := a.Validate(e, bids); err != nil {
			return nil, err
		}
		policy, err := findGiftPolicy(ctx, tx)
		if err != nil {
			return nil, err
		}
		lines := map[mutual.ID]mutual.EventLine{}
		for _, l := range e.Lines {
			lines[l.ID] = l
		}
		byBid := map[mutual.ID]*mutual.Bid{}
		for _, b := range bids {
			byBid[b.ID] = b
		}
		negotiated, err := negotiatedAgreements(ctx, tx, eventID)
		if err != nil {
			return nil, err
		}
		out := []*mutual.Agreement{}
		for _, al := range a.Lines {
			l := lines[al.LineID]
			for _, part := range al.Splits {
				b := byBid[part.BidID]
				if _, err := tx.ExecContext(ctx, `INSERT INTO awards (event_id, line_id, bid_id, quantity) VALUES (?, ?, ?, ?)`,
					eventID, al.LineID, part.BidID, part.Quantity.String()); err != nil {
					return nil, wrap(err, "award")
				}
				if n := negotiated[[2]mutual.ID{b.PartnerID, l.ID}]; n != nil {
					// The price was negotiated with this bidder: its agreement
					// stands, for the quantity and time awarded.
					delete(negotiated, [2]mutual.ID{b.PartnerID, l.ID})
					if err := awardNegotiated(ctx, tx, n, part.Quantity, a.ValidFrom, a.ValidTo); err != nil {
						return nil, err
					}
					out = append(out, n)
					continue
				}
				ag := &mutual.Agreement{PartnerID: b.PartnerID, PartnerName: b.PartnerName, Item: l.Item, Description: l.Description, Category: e.Category,
					Unit: l.Unit, Quantity: part.Quantity, BaselinePrice: l.BaselinePrice, ValidFrom: a.ValidFrom, ValidTo: a.ValidTo,
					EventID: eventID, LineID: l.ID, BuyerID: u.ID}
				for _, bl := range b.Lines {
					if bl.LineID == l.ID {
						ag.UnitPrice = bl.UnitPrice
					}
				}
				if err := insertAgreement(ctx, tx, ag, policy); err != nil {
					return nil, err
				}
				out = append(out, ag)
			}
		}
		// Prices negotiated for lines awarded to others never take effect.
		for _, n := range negotiated {
			if _, err := tx.ExecContext(ctx, `UPDATE agreements SET status = 'withdrawn' WHERE id = ?`, n.ID); err != nil {
				return nil, wrap(err, "withdraw agreement")
			}
			if err := tx.audit(ctx, "withdraw", "agreement", n.ID, map[string]any{"status": n.Status}, map[string]any{"status": "withdrawn"}); err != nil {
				return nil, err
			}
		}
		for _, b := range bids {
			if b.Status != mutual.BidSubmitted {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE invitations SET outcome = ? WHERE event_id = ? AND partner_id = ?`,
				mutual.Outcome(a.Lines, b.ID), eventID, b.PartnerID); err != nil {
				return nil, wrap(err, "award outcome")
			}
		}
		before := *e
		if err := e.Award(tx.now); err != nil {
			return nil, err
		}
		if err := setStatus(ctx, tx, &before, e, "award", `status = ?, awarded_at = ?`, e.Status, e.AwardedAt); err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, "award", "event", eventID, nil, a); err != nil {
			return nil, err
		}
		if err := notifyInvitees(ctx, tx, e, mutual.NotifyAwarded, nil); err != nil {
			return nil, err
		}
		return out, nil
	})
}

// negotiatedAgreements returns the agreements that negotiations opened from
// an event's bids wrote, by bidder and event line, once no negotiation
// from the event is still open: the negotiations settle prices, the award
// who supplies what.
func negotiatedAgreements(ctx context.Context, tx *Tx, eventID mutual.ID) (map[[2]mutual.ID]*mutual.Agreement, error) {
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM negotiations WHERE event_id = ? AND status = 'open'`, eventID).Scan(&open); err != nil {
		return nil, wrap(err, "find negotiations")
	}
	if open > 0 {
		return nil, mutual.Errorf(mutual.ECONFLICT, "%d negotiation(s) opened from this event's bids are still open: close them, agreed or not, before awarding.", open)
	}
	list, err := queryAgreements(ctx, tx, `WHERE a.event_id = ? AND a.negotiation_id IS NOT NULL AND a.status = 'active' ORDER BY a.created_at, a.id`, eventID)
	if err != nil {
		return nil, err
	}
	m := make(map[[2]mutual.ID]*mutual.Agreement, len(list))
	for _, n := range list {
		m[[2]mutual.ID{n.PartnerID, n.LineID}] = n // the latest negotiation's, should there be two
	}
	return m, nil
}

// awardNegotiated narrows a negotiated agreement to the quantity and the
// validity of the award, its saving with it (at the rate of the day it was
// made).
func awardNegotiated(ctx context.Context, tx *Tx, n *mutual.Agreement, qty mutual.Decimal, from, to mutual.Date) error {
	before := *n
	n.Quantity, n.ValidFrom, n.ValidTo = qty, from, to
	n.ComputeSaving()
	var rate, base sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT base_rate, base_currency FROM agreements WHERE id = ?`, n.ID).Scan(&rate, &base); err != nil {
		return wrap(err, "award agreement")
	}
	n.BaseSaving = mutual.Money{}
	if rate.Valid && base.Valid {
		r, err := decimalColumn("agreements.base_rate", rate.String)
		if err != nil {
			return err
		}
		n.BaseSaving = mutual.ConvertSaving(n.Saving, r, base.String)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE agreements SET quantity = ?, saving_amount = ?, valid_from = ?, valid_to = ? WHERE id = ?`,
		n.Quantity.String(), amountArg(n.Saving), n.ValidFrom.String(), dateArg(n.ValidTo), n.ID); err != nil {
		return wrap(err, "award agreement")
	}
	return tx.audit(ctx, "update", "agreement", n.ID, &before, n)
}

// FindAward returns an awarded event's result: all of it to the buying
// side; to a supplier user only its own lines, agreements and outcome.
func (s *AgreementService) FindAward(ctx context.Context, eventID mutual.ID) (*mutual.AwardResult, error) {
	u := mutual.UserFromContext(ctx)
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.AwardResult, error) {
		e, err := readEvent(ctx, tx, u, eventID)
		if err != nil {
			return nil, err
		}
		if e.Status != mutual.EventAwarded {
			return nil, notFound("Award")
		}
		res := &mutual.AwardResult{EventID: eventID, AwardedAt: e.AwardedAt, Lines: []mutual.AwardLine{}}
		where, args := `WHERE w.event_id = ?`, []any{eventID}
		// Withdrawn agreements were negotiated, then not awarded.
		agWhere, agArgs := `WHERE a.event_id = ? AND a.status <> 'withdrawn'`, []any{eventID}
		if !u.IsInternal() {
			where, args = where+` AND b.partner_id = ?`, append(args, u.PartnerID)
			agWhere, agArgs = agWhere+` AND a.partner_id = ?`, append(agArgs, u.PartnerID)
			if err := tx.QueryRowContext(ctx, `SELECT outcome FROM invitations WHERE event_id = ? AND partner_id = ?`, eventID, u.PartnerID).Scan(&res.Outcome); err != nil {
				return nil, wrap(err, "award outcome")
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT w.line_id, w.bid_id, w.quantity FROM awards w JOIN bids b ON b.id = w.bid_id
			JOIN partners p ON p.id = b.partner_id JOIN event_lines l ON l.id = w.line_id `+where+` ORDER BY l.position, p.sort_key, w.bid_id`, args...)
		if err != nil {
			return nil, wrap(err, "award")
		}
		for rows.Next() {
			var line, bid mutual.ID
			var qty string
			if err := rows.Scan(&line, &bid, &qty); err != nil {
				rows.Close()
				return nil, err
			}
			q, err := decimalColumn("awards.quantity", qty)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if n := len(res.Lines); n == 0 || res.Lines[n-1].LineID != line {
				res.Lines = append(res.Lines, mutual.AwardLine{LineID: line})
			}
			last := &res.Lines[len(res.Lines)-1]
			last.Splits = append(last.Splits, mutual.AwardPart{BidID: bid, Quantity: q})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		// In the order they were made; those of the award itself by line, then supplier.
		if res.Agreements, err = queryAgreements(ctx, tx, `LEFT JOIN event_lines l ON l.id = a.line_id `+agWhere+
			` ORDER BY a.created_at, l.position, p.sort_key, a.id`, agArgs...); err != nil {
			return nil, err
		}
		total := mutual.Money{Amount: mutual.NewDecimal(0), Currency: e.Currency}
		for _, a := range res.Agreements {
			if !a.Saving.IsZero() {
				total.Amount = total.Amount.Add(a.Saving.Amount)
			}
		}
		hideSavings(u, res.Agreements)
		if u.IsInternal() {
			res.Saving = total
		}
		return res, nil
	})
}

// FindAgreementByID returns one agreement the caller may see.
func (s *AgreementService) FindAgreementByID(ctx context.Context, id mutual.ID) (*mutual.Agreement, error) {
	u := mutual.UserFromContext(ctx)
	if u == nil || u.Disabled {
		return nil, notFound("Agreement")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Agreement, error) {
		list, err := queryAgreements(ctx, tx, `WHERE a.id = ?`, id)
		if err != nil {
			return nil, err
		}
		if len(list) == 0 || !mutual.CanReadPartner(u, list[0].PartnerID) {
			return nil, notFound("Agreement")
		}
		hideSavings(u, list)
		return list[0], nil
	})
}

// hideSavings removes from supplier users' view what we paid before.
func hideSavings(u *mutual.User, list []*mutual.Agreement) {
	if u.IsInternal() {
		return
	}
	for _, a := range list {
		a.BaselinePrice, a.Saving, a.BaseSaving, a.BuyerID = mutual.Money{}, mutual.Money{}, mutual.Money{}, 0
	}
}

// FindAgreements returns a page of agreements, newest first. Supplier
// users get their own partner's only.
func (s *AgreementService) FindAgreements(ctx context.Context, f mutual.AgreementFilter) ([]*mutual.Agreement, string, error) {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	if u == nil || u.Disabled {
		return nil, "", notFound("Agreement")
	}
	if !u.IsInternal() {
		if f.PartnerID != 0 && f.PartnerID != u.PartnerID {
			return nil, "", notFound("Partner")
		}
		f.PartnerID = u.PartnerID
	}
	limit := mutual.ClampLimit(f.Limit)
	where, args := []string{"1 = 1"}, []any{}
	if f.PartnerID != 0 {
		where, args = append(where, "a.partner_id = ?"), append(args, f.PartnerID)
	}
	if f.EventID != 0 {
		where, args = append(where, "a.event_id = ?"), append(args, f.EventID)
	}
	if f.NegotiationID != 0 {
		where, args = append(where, "a.negotiation_id = ?"), append(args, f.NegotiationID)
	}
	if item := strings.TrimSpace(f.Item); item != "" {
		where, args = append(where, "a.item = ?"), append(args, item)
	}
	if f.Status != "" {
		if !oneOf(f.Status, mutual.AgreementStatuses) {
			return nil, "", &mutual.Error{Code: mutual.EINVALID, Message: "Some fields are not valid.",
				Fields: []mutual.FieldError{{Field: "status", Rule: "enum", Message: "Status must be active, superseded or withdrawn."}}}
		}
		where, args = append(where, "a.status = ?"), append(args, f.Status)
	}
	return readPage(ctx, db, func(tx *Tx) ([]*mutual.Agreement, string, error) {
		if f.Active {
			today := db.today(tx).String()
			where, args = append(where, "a.status = 'active' AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)"), append(args, today, today)
		}
		if f.Cursor != "" {
			t, n, err := timeIDCursor(f.Cursor)
			if err != nil {
				return nil, "", err
			}
			where, args = append(where, "(a.created_at < ? OR (a.created_at = ? AND a.id < ?))"), append(args, t, t, n)
		}
		list, err := queryAgreements(ctx, tx, `WHERE `+strings.Join(where, " AND ")+` ORDER BY a.created_at DESC, a.id DESC LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return nil, "", err
		}
		list, next := nextPage(list, limit, func(a *mutual.Agreement) string { return timeCursor(a.CreatedAt, a.ID) })
		hideSavings(u, list)
		return list, next, nil
	})
}

// SavingsService reports savings.
type SavingsService DB

// Savings sums the agreements made in a period, grouped, in the base
// currency at the rate of the day each was made. An agreement without a
// baseline counts its spend as baseline too (no saving claimed).
func (s *SavingsService) Savings(ctx context.Context, f mutual.SavingsFilter) (*mutual.SavingsReport, error) {
	u := mutual.UserFromContext(ctx)
	if !u.IsInternal() || u.Disabled {
		return nil, notFound("Savings")
	}
	var p mutual.Problems
	if f.GroupBy == "" {
		f.GroupBy = "month"
	}
	if !oneOf(f.GroupBy, mutual.SavingsGroups) {
		p.Add("group_by", "enum", "Group by month, category, partner or buyer.")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		p.Add("to", "after_from", "The end must not be before the start.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	// Withdrawn agreements never took effect: negotiated with a bidder
	// whose line was awarded to another.
	where, args := []string{"a.base_rate IS NOT NULL", "a.status <> 'withdrawn'"}, []any{}
	if !f.From.IsZero() {
		where, args = append(where, "a.made_on >= ?"), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, "a.made_on <= ?"), append(args, f.To.String())
	}
	if f.Category != "" {
		where, args = append(where, "a.category = ?"), append(args, f.Category)
	}
	if f.PartnerID != 0 {
		where, args = append(where, "a.partner_id = ?"), append(args, f.PartnerID)
	}
	if f.BuyerID != 0 {
		where, args = append(where, "a.buyer_id = ?"), append(args, f.BuyerID)
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.SavingsReport, error) {
		policy, err := findGiftPolicy(ctx, tx)
		if err != nil {
			return nil, err
		}
		rep := &mutual.SavingsReport{BaseCurrency: policy.BaseCurrency, GroupBy: f.GroupBy, Rows: []mutual.SavingsRow{}}
		// Agreements whose currency had no rate when they were made.
		uwhere := append([]string{"a.base_rate IS NULL"}, where[1:]...)
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM agreements a WHERE `+strings.Join(uwhere, " AND "), args...).Scan(&rep.Unconverted); err != nil {
			return nil, wrap(err, "savings")
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.made_on, a.category, a.partner_id, p.name, COALESCE(a.buyer_id, 0), COALESCE(u.name, ''),
			a.quantity, a.unit_amount, a.baseline_amount, a.base_currency, a.base_rate
			FROM agreements a JOIN partners p ON p.id = a.partner_id LEFT JOIN users u ON u.id = a.buyer_id
			WHERE `+strings.Join(where, " AND ")+` AND a.base_currency = ?`, append(args, policy.BaseCurrency)...)
		if err != nil {
			return nil, wrap(err, "savings")
		}
		defer rows.Close()
		groups := map[string]*mutual.SavingsRow{}
		digits := mutual.CurrencyDigits(policy.BaseCurrency)
		zero := mutual.Money{Amount: mutual.NewDecimal(0), Currency: policy.BaseCurrency}
		newRow := func(key, label string) *mutual.SavingsRow {
			return &mutual.SavingsRow{Key: key, Label: label, BaselineSpend: zero, AgreedSpend: zero, Saving: zero}
		}
		rep.Total = *newRow("total", "")
		for rows.Next() {
			var madeOn, category, partnerName, buyerName, qty, unit, baseCurrency, rate string
			var partnerID, buyerID int64
			var baseline sql.NullString
			if err := rows.Scan(&madeOn, &category, &partnerID, &partnerName, &buyerID, &buyerName, &qty, &unit, &baseline, &baseCurrency, &rate); err != nil {
				return nil, err
			}
			q, err := decimalColumn("agreements.quantity", qty)
			if err != nil {
				return nil, err
			}
			price, err := decimalColumn("agreements.unit_amount", unit)
			if err != nil {
				return nil, err
			}
			r, err := decimalColumn("agreements.base_rate", rate)
			if err != nil {
				return nil, err
			}
			agreed := price.Mul(q).Mul(r).Round(digits)
			base := agreed
			if baseline.Valid {
				b, err := decimalColumn("agreements.baseline_amount", baseline.String)
				if err != nil {
					return nil, err
				}
				base = b.Mul(q).Mul(r).Round(digits)
			}
			var key, label string
			switch f.GroupBy {
			case "month":
				key = madeOn[:7]
				label = key
			case "category":
				key, label = category, category
			case "partner":
				key, label = strconv.FormatInt(partnerID, 10), partnerName
			case "buyer":
				key, label = strconv.FormatInt(buyerID, 10), buyerName
			}
			g := groups[key]
			if g == nil {
				g = newRow(key, label)
				groups[key] = g
			}
			for _, row := range []*mutual.SavingsRow{g, &rep.Total} {
				row.Agreements++
				row.BaselineSpend.Amount = row.BaselineSpend.Amount.Add(base)
				row.AgreedSpend.Amount = row.AgreedSpend.Amount.Add(agreed)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, g := range groups {
			rep.Rows = append(rep.Rows, *g)
		}
		sort.Slice(rep.Rows, func(i, j int) bool {
			if f.GroupBy == "month" {
				return rep.Rows[i].Key < rep.Rows[j].Key
			}
			if c := rep.Rows[i].AgreedSpend.Amount.Cmp(rep.Rows[j].AgreedSpend.Amount); c != 0 {
				return c > 0
			}
			return rep.Rows[i].Key < rep.Rows[j].Key
		})
		for i := range rep.Rows {
			finishSavingsRow(&rep.Rows[i])
		}
		finishSavingsRow(&rep.Total)
		return rep, nil
	})
}

// finishSavingsRow computes the saving and its share of the baseline.
func finishSavingsRow(r *mutual.SavingsRow) {
	r.Saving = mutual.Saving(r.BaselineSpend, r.AgreedSpend, mutual.NewDecimal(1))
	r.SavingPercent = mutual.SavingPercent(r.Saving, r.BaselineSpend)
}
