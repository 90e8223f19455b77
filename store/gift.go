package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
)

// GiftService keeps the gifts and hospitality register.
type GiftService DB

const giftSelect = `SELECT g.id, g.partner_id, g.direction, g.kind, g.description, g.amount, g.currency, g.base_amount, g.base_currency,
	g.occurred_on, g.status, g.declared_by, g.decided_by, g.decided_at, g.decision_note, g.version, g.created_at, g.updated_at,
	p.name, COALESCE(u.name, '')
	FROM gifts g JOIN partners p ON p.id = g.partner_id LEFT JOIN users u ON u.id = g.declared_by `

func scanGift(row interface{ Scan(...any) error }) (*mutual.Gift, error) {
	var g mutual.Gift
	var amount, occurred string
	var baseAmount, baseCurrency sql.NullString
	if err := row.Scan(&g.ID, &g.PartnerID, &g.Direction, &g.Kind, &g.Description, &amount, &g.Value.Currency, &baseAmount, &baseCurrency,
		&occurred, &g.Status, idCol{&g.DeclaredBy}, idCol{&g.DecidedBy}, timeCol{&g.DecidedAt}, &g.DecisionNote, &g.Version,
		timeCol{&g.CreatedAt}, timeCol{&g.UpdatedAt}, &g.PartnerName, &g.DeclaredByName); err != nil {
		return nil, err
	}
	var err error
	if g.Value.Amount, err = decimalColumn("gifts.amount", amount); err != nil {
		return nil, err
	}
	if baseCurrency.Valid {
		if g.BaseValue, err = moneyColumn("gifts.base_amount", baseAmount, baseCurrency.String); err != nil {
			return nil, err
		}
	}
	g.OccurredOn, _ = mutual.ParseDate(occurred)
	g.OurPeople, g.TheirPeople = []mutual.ID{}, []mutual.ID{}
	return &g, nil
}

// queryGifts runs giftSelect with a WHERE ... ORDER BY tail and loads the
// people of the gifts found.
func queryGifts(ctx context.Context, tx *Tx, tail string, args ...any) ([]*mutual.Gift, error) {
	rows, err := tx.QueryContext(ctx, giftSelect+tail, args...)
	if err != nil {
		return nil, wrap(err, "find gifts")
	}
	list := []*mutual.Gift{}
	for rows.Next() {
		g, err := scanGift(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return list, loadGiftPeople(ctx, tx, list)
}

// loadGiftPeople fills the people of a page of gifts with two queries.
func loadGiftPeople(ctx context.Context, tx *Tx, list []*mutual.Gift) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[mutual.ID]*mutual.Gift, len(list))
	args := make([]any, len(list))
	for i, g := range list {
		byID[g.ID], args[i] = g, int64(g.ID)
	}
	in := `(` + placeholders(len(list)) + `)`
	for _, q := range []struct {
		sql  string
		dest func(*mutual.Gift, mutual.ID)
	}{
		{`SELECT gift_id, user_id FROM gift_people WHERE gift_id IN ` + in + ` ORDER BY user_id`,
			func(g *mutual.Gift, id mutual.ID) { g.OurPeople = append(g.OurPeople, id) }},
		{`SELECT gift_id, contact_id FROM gift_contacts WHERE gift_id IN ` + in + ` ORDER BY contact_id`,
			func(g *mutual.Gift, id mutual.ID) { g.TheirPeople = append(g.TheirPeople, id) }},
	} {
		rows, err := tx.QueryContext(ctx, q.sql, args...)
		if err != nil {
			return wrap(err, "load gift people")
		}
		for rows.Next() {
			var gid, id mutual.ID
			if err := rows.Scan(&gid, &id); err != nil {
				rows.Close()
				return err
			}
			q.dest(byID[gid], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// readGifts checks that the caller may see the register: internal users
// only. To supplier users it does not exist.
func readGifts(u *mutual.User, what string) error {
	if !mutual.CanReadInteractions(u) {
		return notFound(what)
	}
	return nil
}

func findGiftByID(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.Gift, error) {
	list, err := queryGifts(ctx, tx, `WHERE g.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("Gift")
	}
	return list[0], nil
}

// FindGiftByID returns one register entry with its people.
func (s *GiftService) FindGiftByID(ctx context.Context, id mutual.ID) (*mutual.Gift, error) {
	if err := readGifts(mutual.UserFromContext(ctx), "Gift"); err != nil {
		return nil, err
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Gift, error) {
		return findGiftByID(ctx, tx, id)
	})
}

// FindGifts returns a page of the register, newest first: one partner's, or
// every partner's, such as the entries awaiting a decision.
func (s *GiftService) FindGifts(ctx context.Context, f mutual.GiftFilter) ([]*mutual.Gift, string, error) {
	what := "Gift"
	if f.PartnerID != 0 {
		what = "Partner"
	}
	if err := readGifts(mutual.UserFromContext(ctx), what); err != nil {
		return nil, "", err
	}
	var p mutual.Problems
	if f.Status != "" && !oneOf(f.Status, mutual.GiftStatuses) {
		p.Add("status", "enum", "Status must be declared, approved or rejected.")
	}
	if f.Direction != "" && !oneOf(f.Direction, mutual.GiftDirections) {
		p.Add("direction", "enum", "Direction must be given or received.")
	}
	if f.Year != 0 && (f.Year < 1990 || f.Year > 2200) {
		p.Add("year", "range", "The year is out of range.")
	}
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	limit := mutual.ClampLimit(f.Limit)
	where, args := []string{"1 = 1"}, []any{}
	if f.PartnerID != 0 {
		where, args = append(where, "g.partner_id = ?"), append(args, f.PartnerID)
	}
	if f.Status != "" {
		where, args = append(where, "g.status = ?"), append(args, f.Status)
	}
	if f.Direction != "" {
		where, args = append(where, "g.direction = ?"), append(args, f.Direction)
	}
	if f.Year != 0 {
		from, to := yearRange(f.Year)
		where, args = append(where, "g.occurred_on >= ? AND g.occurred_on <= ?"), append(args, from, to)
	}
	if f.Cursor != "" {
		on, id, ok := strings.Cut(f.Cursor, "_")
		n, err := strconv.ParseInt(id, 10, 64)
		if _, valid := mutual.ParseDate(on); !ok || err != nil || !valid {
			return nil, "", badCursor()
		}
		where, args = append(where, "(g.occurred_on, g.id) < (?, ?)"), append(args, on, n)
	}
	return readPage(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Gift, string, error) {
		if f.PartnerID != 0 {
			if _, err := findPartnerByID(ctx, tx, f.PartnerID); err != nil {
				return nil, "", err
			}
		}
		list, err := queryGifts(ctx, tx, `WHERE `+strings.Join(where, " AND ")+` ORDER BY g.occurred_on DESC, g.id DESC LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return nil, "", err
		}
		list, next := nextPage(list, limit, func(g *mutual.Gift) string { return g.OccurredOn.String() + "_" + g.ID.String() })
		return list, next, nil
	})
}

func yearRange(year int) (string, string) {
	y := strconv.Itoa(year)
	return y + "-01-01", y + "-12-31"
}

// checkGiftPeople applies the rules that need the database: our people are
// active internal users, theirs the partner's contacts.
func checkGiftPeople(ctx context.Context, tx *Tx, g *mutual.Gift, problems *mutual.Problems) error {
	if len(g.OurPeople) > 0 {
		ok, err := internalUserIDs(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range g.OurPeople {
			if !ok[id] {
				problems.Add("our_people", "attendee", "Our people must be active internal users.")
				break
			}
		}
	}
	if len(g.TheirPeople) > 0 {
		contacts, err := partnerContactIDs(ctx, tx, g.PartnerID)
		if err != nil {
			return err
		}
		for _, id := range g.TheirPeople {
			if !contacts[id] {
				problems.Add("their_people", "attendee", "Their people must be contacts of this partner.")
				break
			}
		}
	}
	return nil
}

// giftYearTotal sums in the base currency what the register holds (declared
// and approved) for a partner in a year and direction. Amounts are summed
// exactly in Go: SQLite would sum text amounts as floating point.
func giftYearTotal(ctx context.Context, tx *Tx, partnerID mutual.ID, year int, direction, base string) (mutual.Decimal, error) {
	from, to := yearRange(year)
	var total mutual.Decimal
	rows, err := tx.QueryContext(ctx, `SELECT base_amount FROM gifts WHERE partner_id = ? AND direction = ? AND occurred_on >= ? AND occurred_on <= ?
		AND status IN ('declared', 'approved') AND base_currency = ? AND base_amount IS NOT NULL`, partnerID, direction, from, to, base)
	if err != nil {
		return total, wrap(err, "gift year total")
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return total, err
		}
		d, err := decimalColumn("gifts.base_amount", s)
		if err != nil {
			return total, err
		}
		total = total.Add(d)
	}
	return total, rows.Err()
}

// DeclareGift stores a register entry: approved at once when within the
// policy, declared (awaiting a manager) when above it or when the policy
// has no rate for its currency.
func (s *GiftService) DeclareGift(ctx context.Context, g *mutual.Gift) error {
	u := mutual.UserFromContext(ctx)
	if err := readGifts(u, "Partner"); err != nil || !mutual.CanReadPartner(u, g.PartnerID) {
		return notFound("Partner")
	}
	if !mutual.CanWritePartners(u) {
		return mutual.Errorf(mutual.EFORBIDDEN, "You may not declare gifts.")
	}
	var problems mutual.Problems
	for _, f := range mutual.ErrorFields(g.Validate()) {
		problems.Add(f.Field, f.Rule, f.Message)
	}
	err := (*DB)(s).write(ctx, func(tx *Tx) error {
		if _, err := findPartnerByID(ctx, tx, g.PartnerID); err != nil {
			return err
		}
		if err := checkGiftPeople(ctx, tx, g, &problems); err != nil {
			return err
		}
		if err := problems.Err(); err != nil {
			return err
		}
		// Declarations on one partner take turns, so that two at once cannot
		// both fit under the yearly threshold.
		if err := tx.lockRow(ctx, "partners", g.PartnerID); err != nil {
			return err
		}
		policy, err := findGiftPolicy(ctx, tx)
		if err != nil {
			return err
		}
		base, converted := policy.ToBase(g.Value)
		soFar, err := giftYearTotal(ctx, tx, g.PartnerID, g.OccurredOn.Year(), g.Direction, policy.BaseCurrency)
		if err != nil {
			return err
		}
		g.Status = string(mutual.GiftApproved)
		if policy.NeedsApproval(base, converted, soFar) {
			g.Status = string(mutual.GiftDeclared)
		}
		g.BaseValue = base
		// Within the policy, the policy decides: no one's name, but the time.
		g.DeclaredBy, g.DecidedBy, g.DecidedAt, g.DecisionNote = u.ID, 0, time.Time{}, ""
		if g.Status == "approved" {
			g.DecidedAt = tx.now
		}
		g.Version, g.CreatedAt, g.UpdatedAt = 1, tx.now, tx.now
		baseAmount, baseCurrency := moneyArgs(g.BaseValue)
		if err := tx.QueryRowContext(ctx, `INSERT INTO gifts (partner_id, direction, kind, description, amount, currency, base_amount, base_currency,
			occurred_on, status, declared_by, decided_by, decided_at, decision_note, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			g.PartnerID, g.Direction, g.Kind, g.Description, g.Value.Amount.String(), g.Value.Currency, baseAmount, baseCurrency,
			g.OccurredOn.String(), g.Status, g.DeclaredBy, g.DecidedBy, nullTimeValue(g.DecidedAt), g.DecisionNote, g.Version, g.CreatedAt, g.UpdatedAt).Scan(&g.ID); err != nil {
			return wrap(err, "declare gift")
		}
		for _, id := range g.OurPeople {
			if _, err := tx.ExecContext(ctx, `INSERT INTO gift_people (gift_id, user_id) VALUES (?, ?)`, g.ID, id); err != nil {
				return wrap(err, "declare gift")
			}
		}
		for _, id := range g.TheirPeople {
			if _, err := tx.ExecContext(ctx, `INSERT INTO gift_contacts (gift_id, contact_id) VALUES (?, ?)`, g.ID, id); err != nil {
				return wrap(err, "declare gift")
			}
		}
		return tx.audit(ctx, "create", "gift", g.ID, nil, g)
	})
	if err != nil {
		return err
	}
	if got, err := s.FindGiftByID(ctx, g.ID); err == nil {
		*g = *got
	}
	return nil
}

func nullTimeValue(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// DecideGift approves or rejects a declared entry. Managers and admins
// decide, never on what they declared themselves.
func (s *GiftService) DecideGift(ctx context.Context, id mutual.ID, d mutual.GiftDecision) (*mutual.Gift, error) {
	u := mutual.UserFromContext(ctx)
	if err := readGifts(u, "Gift"); err != nil {
		return nil, err
	}
	d.Note = strings.TrimSpace(d.Note)
	switch {
	case !utf8.ValidString(d.Note) || strings.ContainsRune(d.Note, 0):
		return nil, invalid("note", "text", "Text must be valid UTF-8 without NUL characters.")
	case len([]rune(d.Note)) > 2000:
		return nil, invalid("note", "too_long", "The note is too long (2,000 characters at most).")
	case !d.Approve && d.Note == "":
		return nil, invalid("note", "required", "Say why the gift is rejected.")
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Gift, error) {
		g, err := findGiftByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if !mutual.CanDecideGifts(u) {
			return nil, mutual.Errorf(mutual.EFORBIDDEN, "Only managers and administrators approve or reject gifts.")
		}
		if g.DeclaredBy == u.ID {
			return nil, mutual.Errorf(mutual.EFORBIDDEN, "Nobody may approve or reject their own declaration.")
		}
		if d.Version != 0 && d.Version != g.Version {
			return nil, stale("gift")
		}
		if g.State() != mutual.GiftDeclared {
			return nil, mutual.Errorf(mutual.ECONFLICT, "This gift is %s already; only declared gifts await a decision.", g.Status)
		}
		before := *g
		g.Status = string(mutual.GiftRejected)
		if d.Approve {
			g.Status = string(mutual.GiftApproved)
		}
		g.DecidedBy, g.DecidedAt, g.DecisionNote = u.ID, tx.now, d.Note
		g.Version, g.UpdatedAt = g.Version+1, tx.now
		res, err := tx.ExecContext(ctx, `UPDATE gifts SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, version = ?, updated_at = ?
			WHERE id = ? AND version = ? AND status = 'declared'`,
			g.Status, g.DecidedBy, g.DecidedAt, g.DecisionNote, g.Version, g.UpdatedAt, id, before.Version)
		if err != nil {
			return nil, wrap(err, "decide gift")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("gift")
		}
		action := "reject"
		if d.Approve {
			action = "approve"
		}
		if err := tx.audit(ctx, action, "gift", id, before, g); err != nil {
			return nil, err
		}
		return g, nil
	})
}

// GiftTotals returns what went each way with a partner in each year, newest
// year first, in the base currency: declared and approved entries, not
// rejected ones. Count includes entries without a rate, which the total
// cannot hold.
func (s *GiftService) GiftTotals(ctx context.Context, partnerID mutual.ID) ([]mutual.GiftTotal, error) {
	u := mutual.UserFromContext(ctx)
	if err := readGifts(u, "Partner"); err != nil || !mutual.CanReadPartner(u, partnerID) {
		return nil, notFound("Partner")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]mutual.GiftTotal, error) {
		if _, err := findPartnerByID(ctx, tx, partnerID); err != nil {
			return nil, err
		}
		policy, err := findGiftPolicy(ctx, tx)
		if err != nil {
			return nil, err
		}
		rows, err := tx.QueryContext(ctx, `SELECT occurred_on, direction, base_amount, base_currency FROM gifts
			WHERE partner_id = ? AND status IN ('declared', 'approved')`, partnerID)
		if err != nil {
			return nil, wrap(err, "gift totals")
		}
		defer rows.Close()
		type key struct {
			year      int
			direction string
		}
		totals := map[key]*mutual.GiftTotal{}
		for rows.Next() {
			var on, direction string
			var amount, currency sql.NullString
			if err := rows.Scan(&on, &direction, &amount, &currency); err != nil {
				return nil, err
			}
			d, _ := mutual.ParseDate(on)
			k := key{d.Year(), direction}
			t := totals[k]
			if t == nil {
				t = &mutual.GiftTotal{PartnerID: partnerID, Year: k.year, Direction: direction, Total: mutual.Money{Currency: policy.BaseCurrency}}
				totals[k] = t
			}
			t.Count++
			if amount.Valid && currency.String == policy.BaseCurrency {
				a, err := decimalColumn("gifts.base_amount", amount.String)
				if err != nil {
					return nil, err
				}
				t.Total.Amount = t.Total.Amount.Add(a)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out := make([]mutual.GiftTotal, 0, len(totals))
		for _, t := range totals {
			out = append(out, *t)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Year != out[j].Year {
				return out[i].Year > out[j].Year
			}
			return out[i].Direction < out[j].Direction
		})
		return out, nil
	})
}

func findGiftPolicy(ctx context.Context, tx *Tx) (*mutual.GiftPolicy, error) {
	var p mutual.GiftPolicy
	var item, yearly, rates string
	err := tx.QueryRowContext(ctx, `SELECT base_currency, item_threshold, yearly_threshold, rates, version, updated_at FROM gift_policy WHERE id = 1`).Scan(
		&p.BaseCurrency, &item, &yearly, &rates, &p.Version, timeCol{&p.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Gift policy")
	} else if err != nil {
		return nil, wrap(err, "find gift policy")
	}
	a, err := decimalColumn("gift_policy.item_threshold", item)
	if err != nil {
		return nil, err
	}
	b, err := decimalColumn("gift_policy.yearly_threshold", yearly)
	if err != nil {
		return nil, err
	}
	p.ItemThreshold = mutual.Money{Amount: a, Currency: p.BaseCurrency}
	p.YearlyThreshold = mutual.Money{Amount: b, Currency: p.BaseCurrency}
	var raw map[string]string
	if err := json.Unmarshal([]byte(rates), &raw); err != nil {
		return nil, wrap(err, "gift policy rates")
	}
	p.Rates = make(map[string]mutual.Decimal, len(raw))
	for cur, s := range raw {
		if p.Rates[cur], err = decimalColumn("gift_policy.rates["+cur+"]", s); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// FindGiftPolicy returns the company's gift policy.
func (s *GiftService) FindGiftPolicy(ctx context.Context) (*mutual.GiftPolicy, error) {
	if err := readGifts(mutual.UserFromContext(ctx), "Gift policy"); err != nil {
		return nil, err
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.GiftPolicy, error) {
		return findGiftPolicy(ctx, tx)
	})
}

// UpdateGiftPolicy replaces the policy with optimistic concurrency: p.Version
// is the version the administrator saw, 0 to skip the check. Entries
// declared before keep their status and base value.
func (s *GiftService) UpdateGiftPolicy(ctx context.Context, p *mutual.GiftPolicy) (*mutual.GiftPolicy, error) {
	u := mutual.UserFromContext(ctx)
	if err := readGifts(u, "Gift policy"); err != nil {
		return nil, err
	}
	if !mutual.CanManageUsers(u) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may change the gift policy.")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	raw := make(map[string]string, len(p.Rates))
	for cur, rate := range p.Rates {
		if cur != p.BaseCurrency {
			raw[cur] = rate.String()
		}
	}
	rates, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.GiftPolicy, error) {
		before, err := findGiftPolicy(ctx, tx)
		if err != nil {
			return nil, err
		}
		if p.Version != 0 && p.Version != before.Version {
			return nil, stale("gift policy")
		}
		res, err := tx.ExecContext(ctx, `UPDATE gift_policy SET base_currency = ?, item_threshold = ?, yearly_threshold = ?, rates = ?, version = ?, updated_at = ?
			WHERE id = 1 AND version = ?`, p.BaseCurrency, p.ItemThreshold.Amount.String(), p.YearlyThreshold.Amount.String(), string(rates),
			before.Version+1, tx.now, before.Version)
		if err != nil {
			return nil, wrap(err, "update gift policy")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("gift policy")
		}
		after, err := findGiftPolicy(ctx, tx)
		if err != nil {
			return nil, err
		}
		if err := tx.audit(ctx, "update", "gift_policy", 0, before, after); err != nil {
			return nil, err
		}
		return after, nil
	})
}
