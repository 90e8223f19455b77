package api

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

func giftURL(g *mutual.Gift) string {
	return partnerURL(g.PartnerID) + "/gifts/" + g.ID.String()
}

// readGiftFilter reads the filters both gift lists take.
func readGiftFilter(q *query) mutual.GiftFilter {
	f := mutual.GiftFilter{
		Status:    q.enum("status", mutual.GiftStatuses),
		Direction: q.enum("direction", mutual.GiftDirections),
		Cursor:    q.str("cursor"),
		Limit:     q.limit(),
	}
	if s := q.str("year"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1990 || n > 2200 {
			q.problems.Add("query.year", "range", "Must be a year from 1990 to 2200.")
		}
		f.Year = n
	}
	return f
}

// handleGiftList returns a page of a partner's register, newest first.
func (h *Handler) handleGiftList(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := readGiftFilter(q)
	f.PartnerID = pid
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Gifts.FindGifts(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newList(items, next))
}

// handleGiftRegister returns a page of the register across partners, such
// as status=declared: the entries awaiting a manager.
func (h *Handler) handleGiftRegister(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := readGiftFilter(q)
	f.PartnerID = q.id("partner_id")
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Gifts.FindGifts(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newList(items, next))
}

// handleGiftTotals returns a partner's totals per year and direction.
func (h *Handler) handleGiftTotals(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	totals, err := h.svc.Gifts.GiftTotals(r.Context(), pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(totals, ""))
}

// findGift returns the gift named by the path, which must be on the
// partner named by the path.
func (h *Handler) findGift(r *http.Request) (*mutual.Gift, error) {
	return findOnPartner(r, "gift_id", h.svc.Gifts.FindGiftByID, func(v *mutual.Gift) mutual.ID { return v.PartnerID }, "Gift")
}

// handleGiftGet returns one register entry.
func (h *Handler) handleGiftGet(w http.ResponseWriter, r *http.Request) error {
	g, err := h.findGift(r)
	if err != nil {
		return err
	}
	setETag(w, g.Version)
	return writeJSON(w, http.StatusOK, g)
}

// handleGiftCreate declares a gift on the partner in the path. The answer
// says whether the policy approved it at once or it awaits a manager.
func (h *Handler) handleGiftCreate(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	g := &mutual.Gift{
		PartnerID:   pid,
		Direction:   value[string](o, "direction"),
		Kind:        value[string](o, "kind"),
		Description: value[string](o, "description"),
		Value:       value[mutual.Money](o, "value"),
		OccurredOn:  value[mutual.Date](o, "occurred_on"),
		OurPeople:   value[[]mutual.ID](o, "our_people"),
		TheirPeople: value[[]mutual.ID](o, "their_people"),
	}
	o.reject("Set by the server: the policy or a manager decides.", "status", "base_value", "declared_by", "decided_by", "decided_at", "decision_note")
	o.ignore("partner_name", "declared_by_name")
	samePartner(o, pid)
	if err := o.done(); err != nil {
		return withValidation(err, g.Validate())
	}
	if err := h.svc.Gifts.DeclareGift(r.Context(), g); err != nil {
		return err
	}
	w.Header().Set("Location", giftURL(g))
	setETag(w, g.Version)
	return writeJSON(w, http.StatusCreated, g)
}

// handleGiftApprove approves a declared gift (managers and admins, not on
// their own declarations).
func (h *Handler) handleGiftApprove(w http.ResponseWriter, r *http.Request) error {
	return h.decideGift(w, r, true)
}

// handleGiftReject rejects a declared gift; the note says why.
func (h *Handler) handleGiftReject(w http.ResponseWriter, r *http.Request) error {
	return h.decideGift(w, r, false)
}

func (h *Handler) decideGift(w http.ResponseWriter, r *http.Request, approve bool) error {
	cur, err := h.findGift(r)
	if err != nil {
		return err
	}
	// The body is optional: an approval needs no note.
	br := bufio.NewReader(r.Body)
	if b, _ := br.Peek(1); len(b) == 0 {
		r.Body = io.NopCloser(strings.NewReader("{}"))
	} else {
		r.Body = io.NopCloser(br)
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	d := mutual.GiftDecision{Approve: approve, Note: value[string](o, "note")}
	if d.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	g, err := h.svc.Gifts.DecideGift(r.Context(), cur.ID, d)
	if err != nil {
		return err
	}
	setETag(w, g.Version)
	return writeJSON(w, http.StatusOK, g)
}

// handleGiftPolicyGet returns the company's gift policy.
func (h *Handler) handleGiftPolicyGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.Gifts.FindGiftPolicy(r.Context())
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	return writeJSON(w, http.StatusOK, p)
}

// handleGiftPolicyUpdate replaces the gift policy (admins). Every field is
// sent: a PUT replaces the whole policy.
func (h *Handler) handleGiftPolicyUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	p := &mutual.GiftPolicy{}
	for _, name := range []string{"base_currency", "item_threshold", "yearly_threshold", "rates"} {
		if !o.has(name) {
			o.seen[name] = true
			o.add(name, "required", "A PUT replaces the whole policy: send this field.")
		}
	}
	p.BaseCurrency = value[string](o, "base_currency")
	p.ItemThreshold = value[mutual.Money](o, "item_threshold")
	p.YearlyThreshold = value[mutual.Money](o, "yearly_threshold")
	// Rates are decimal strings; JSON numbers are accepted too.
	if rates := field[map[string]json.RawMessage](o, "rates"); rates != nil {
		p.Rates = make(map[string]mutual.Decimal, len(*rates))
		for cur, raw := range *rates {
			d, ok := mutual.ParseDecimal(strings.Trim(string(raw), `"`))
			if !ok {
				o.add("rates."+cur, "decimal", "Must be a decimal number, such as \"25400\".")
				continue
			}
			p.Rates[cur] = d
		}
	}
	o.ignore("updated_at")
	if p.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return withValidation(err, p.Validate())
	}
	got, err := h.svc.Gifts.UpdateGiftPolicy(r.Context(), p)
	if err != nil {
		return err
	}
	setETag(w, got.Version)
	return writeJSON(w, http.StatusOK, got)
}
