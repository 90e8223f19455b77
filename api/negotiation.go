package api

import (
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
)

// negotiationJSON is a negotiation with closed_at null while open and
// last_offer_at null before the first offer.
type negotiationJSON struct {
	*mutual.Negotiation
	ClosedAt    *time.Time `json:"closed_at"`
	LastOfferAt *time.Time `json:"last_offer_at"`
}

func newNegotiationJSON(n *mutual.Negotiation) negotiationJSON {
	return negotiationJSON{Negotiation: n, ClosedAt: nullTime(n.ClosedAt), LastOfferAt: nullTime(n.LastOfferAt)}
}

func negotiationURL(id mutual.ID) string { return "/api/v1/negotiations/" + id.String() }

func writeNegotiation(w http.ResponseWriter, status int, n *mutual.Negotiation) error {
	setETag(w, n.Version)
	return writeJSON(w, status, newNegotiationJSON(n))
}

// handleNegotiationList returns a page of negotiations, newest first,
// without their lines and rounds. Supplier users get their own company's.
func (h *Handler) handleNegotiationList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.NegotiationFilter{
		PartnerID: q.id("partner_id"),
		EventID:   q.id("event_id"),
		Status:    q.enum("status", mutual.NegotiationStatuses),
		Cursor:    q.str("cursor"),
		Limit:     q.limit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Negotiations.FindNegotiations(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	out := make([]negotiationJSON, len(items))
	for i, n := range items {
		out[i] = newNegotiationJSON(n)
	}
	return writeJSON(w, http.StatusOK, newList(out, next))
}

// handleNegotiationGet returns one negotiation with its lines and rounds.
func (h *Handler) handleNegotiationGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := h.svc.Negotiations.FindNegotiationByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeNegotiation(w, http.StatusOK, n)
}

// negotiationServerFields are the fields of a negotiation the server sets.
var negotiationServerFields = []string{"partner_name", "event_id", "status", "rounds", "outcome", "created_by", "closed_at", "last_side", "last_offer_at",
	"saving", "base_saving"}

// handleNegotiationCreate opens a negotiation with a supplier; lines may
// name an agreement under review, whose price is then the baseline.
func (h *Handler) handleNegotiationCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	n := &mutual.Negotiation{
		PartnerID: value[mutual.ID](o, "partner_id"),
		Title:     value[string](o, "title"),
		Currency:  value[string](o, "currency"),
		ValidFrom: value[mutual.Date](o, "valid_from"),
		ValidTo:   value[mutual.Date](o, "valid_to"),
	}
	if subs := objects(o, "lines"); subs != nil {
		// Entries that are not objects keep their place, so that the
		// problems validation finds carry the indexes of the body.
		n.Lines = make([]mutual.NegotiationLine, len(subs))
		for i, s := range subs {
			if s == nil {
				continue
			}
			n.Lines[i] = mutual.NegotiationLine{
				Item:          value[string](s, "item"),
				Description:   value[string](s, "description"),
				Quantity:      decimalValue(s, "quantity"),
				Unit:          value[string](s, "unit"),
				BaselinePrice: value[mutual.Money](s, "baseline_price"),
				AgreementID:   value[mutual.ID](s, "agreement_id"),
			}
			s.reject("Set by the server for negotiations started from an event.", "event_line_id")
			s.unknown()
		}
	}
	o.reject("Set by the server.", negotiationServerFields...)
	if err := o.done(); err != nil {
		return withValidation(err, n.Validate())
	}
	if err := h.svc.Negotiations.CreateNegotiation(r.Context(), n); err != nil {
		return err
	}
	w.Header().Set("Location", negotiationURL(n.ID))
	return writeNegotiation(w, http.StatusCreated, n)
}

// handleNegotiationFromEvent opens a negotiation with the bidder of
// {"bid_id"}, on an event whose bids are open: the lines it quoted, with
// its bid as their first offer.
func (h *Handler) handleNegotiationFromEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	bid := value[mutual.ID](o, "bid_id")
	if bid == 0 && !o.problems.Has("bid_id") {
		o.add("bid_id", "required", "Name the bid to negotiate on.")
	}
	if err := o.done(); err != nil {
		return err
	}
	n, err := h.svc.Negotiations.StartFromEvent(r.Context(), id, bid)
	if err != nil {
		return err
	}
	w.Header().Set("Location", negotiationURL(n.ID))
	return writeNegotiation(w, http.StatusCreated, n)
}

// handleRoundCreate makes an offer on every line: theirs when the
// partner's supplier user makes it; ours when the buying side does, unless
// it records with "side": "theirs" the supplier's offer received by phone
// or mail. Sides take turns.
func (h *Handler) handleRoundCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	round := &mutual.Round{Terms: value[string](o, "terms"), Side: value[string](o, "side")}
	switch round.Side {
	case "", "theirs":
	case "ours":
		if !mutual.UserFromContext(r.Context()).IsInternal() {
			o.add("side", "side", "Your offers are your company's: leave side out or send theirs.")
		}
	default:
		o.add("side", "enum", "Side must be ours or theirs.")
	}
	for _, s := range objects(o, "lines") {
		if s == nil {
			continue
		}
		round.Lines = append(round.Lines, mutual.RoundLine{
			LineID:       value[mutual.ID](s, "line_id"),
			UnitPrice:    value[mutual.Money](s, "unit_price"),
			LeadTimeDays: value[int](s, "lead_time_days"),
		})
		s.unknown()
	}
	o.reject("Set by the server.", "number", "created_by")
	if err := o.done(); err != nil {
		return err
	}
	n, err := h.svc.Negotiations.AddRound(r.Context(), id, round)
	if err != nil {
		return err
	}
	w.Header().Set("Location", negotiationURL(n.ID))
	return writeNegotiation(w, http.StatusCreated, n)
}

// handleNegotiationClose ends a negotiation: {"agreed": true} on the last
// offer's prices (a supplier user may only accept our offer), or failed
// with an outcome saying why.
func (h *Handler) handleNegotiationClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	c := mutual.NegotiationClose{Agreed: value[bool](o, "agreed"), Outcome: value[string](o, "outcome")}
	if !o.has("agreed") {
		o.add("agreed", "required", "Say whether the prices are agreed: true or false.")
	}
	if c.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	n, err := h.svc.Negotiations.CloseNegotiation(r.Context(), id, c)
	if err != nil {
		return err
	}
	return writeNegotiation(w, http.StatusOK, n)
}
