package api

import (
	"bytes"
	"net/http"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

// handleBidList returns an event's bids: to the buying side all of them
// once they are open (412 while sealed); to a supplier user its own
// company's bid as a list of one, or none.
func (h *Handler) handleBidList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if mutual.UserFromContext(ctx).IsInternal() {
		bids, err := h.svc.Bids.FindBids(ctx, id)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, newList(bids, ""))
	}
	// The event first: an event the supplier may not see is a 404, not an
	// empty list.
	if _, err := h.svc.Events.FindEventByID(ctx, id); err != nil {
		return err
	}
	b, err := h.svc.Bids.FindMyBid(ctx, id)
	switch {
	case mutual.ErrorCode(err) == mutual.ENOTFOUND:
		return writeJSON(w, http.StatusOK, newList([]*mutual.Bid{}, ""))
	case err != nil:
		return err
	}
	return writeJSON(w, http.StatusOK, newList([]*mutual.Bid{b}, ""))
}

// handleBidSubmit submits the caller's company's bid, or a new revision of
// it, while the event accepts bids. The bidder is always the signed-in
// supplier user's company: a partner_id in the body is refused.
func (h *Handler) handleBidSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	b, err := readBid(body)
	if err != nil {
		return err
	}
	if err := h.svc.Bids.SubmitBid(r.Context(), id, b); err != nil {
		return err
	}
	w.Header().Set("Location", eventURL(id)+"/bids")
	return writeJSON(w, http.StatusCreated, b)
}

// readBid reads a bid body: in one pass when it has the usual shape, else
// field by field. Either way it takes and refuses the same bodies alike
// (FuzzDecodeBid).
func readBid(body []byte) (*mutual.Bid, error) {
	if b, ok := decodeBid(body); ok {
		return b, nil
	}
	return parseBid(body)
}

// parseBid reads a bid body field by field, naming every problem.
func parseBid(body []byte) (*mutual.Bid, error) {
	o, err := parseObject(body, "", &mutual.Problems{})
	if err != nil {
		return nil, err
	}
	b := &mutual.Bid{
		Comments:   value[string](o, "comments"),
		ValidUntil: value[mutual.Date](o, "valid_until"),
	}
	for _, s := range objects(o, "lines") {
		if s == nil {
			continue
		}
		b.Lines = append(b.Lines, mutual.BidLine{
			LineID:       value[mutual.ID](s, "line_id"),
			UnitPrice:    value[mutual.Money](s, "unit_price"),
			LeadTimeDays: value[int](s, "lead_time_days"),
			Note:         value[string](s, "note"),
		})
		s.unknown()
	}
	for _, s := range objects(o, "answers") {
		if s == nil {
			continue
		}
		b.Answers = append(b.Answers, mutual.Answer{
			QuestionID: value[mutual.ID](s, "question_id"),
			Text:       value[string](s, "text"),
			Yes:        value[*bool](s, "yes"),
			Number:     decimalField(s, "number"),
			DocumentID: value[mutual.ID](s, "document_id"),
		})
		if s.isNull("number") {
			b.Answers[len(b.Answers)-1].Number = nil
		}
		s.unknown()
	}
	o.reject("The bidder is always your own company, the signed-in user's.", "partner_id", "partner_name")
	o.reject("Set by the server.", "event_id", "revision", "status", "submitted_by", "submitted_at", "total", "seal")
	if err := o.done(); err != nil {
		return nil, err
	}
	return b, nil
}

// handleBidWithdraw withdraws the caller's company's bid while the event
// accepts bids.
func (h *Handler) handleBidWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readOptionalObject(r)
	if err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	b, err := h.svc.Bids.WithdrawBid(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// handleBidRevisions returns every revision of a partner's bid, newest
// first: ?partner_id= names the bidder (a supplier user's own company when
// left out). The buying side reads them once the bids are open.
func (h *Handler) handleBidRevisions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := mutual.UserFromContext(r.Context())
	q := newQuery(r)
	pid := q.id("partner_id")
	if err := q.err(); err != nil {
		return err
	}
	if pid == 0 {
		if u.IsInternal() {
			return fieldError("query.partner_id", "required", "Name the bidder whose revisions to read.")
		}
		pid = u.PartnerID
	}
	items, err := h.svc.Bids.FindBidRevisions(r.Context(), id, pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, ""))
}

// handleScoreList returns every evaluator's scores of an event's bids.
func (h *Handler) handleScoreList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := h.svc.Bids.FindScores(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, ""))
}

// handleScoresSet stores the caller's scores {"scores": [{bid_id,
// criterion_id, score, comment}]} (the event's evaluators) and answers
// every evaluator's scores.
func (h *Handler) handleScoresSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	if !o.has("scores") {
		o.add("scores", "required", "Send the scores.")
	}
	var scores []mutual.Score
	for _, s := range objects(o, "scores") {
		if s == nil {
			continue
		}
		scores = append(scores, mutual.Score{
			BidID:       value[mutual.ID](s, "bid_id"),
			CriterionID: value[mutual.ID](s, "criterion_id"),
			Score:       value[int](s, "score"),
			Comment:     value[string](s, "comment"),
		})
		s.reject("Scores are always the signed-in evaluator's.", "evaluator_id")
		s.unknown()
	}
	if err := o.done(); err != nil {
		return err
	}
	items, err := h.svc.Bids.SetScores(r.Context(), id, scores)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, ""))
}

// tabulationJSON is a tabulation with its event as GET /events/{id} shows it.
type tabulationJSON struct {
	*mutual.Tabulation
	Event eventJSON `json:"event"`
}

// handleTabulation sets an event's bids side by side with their
// evaluation, once the bids are open.
func (h *Handler) handleTabulation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Bids.Tabulate(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, tabulationJSON{Tabulation: t, Event: newEventJSON(t.Event)})
}

// handleTabulationCSV is the tabulation as a CSV file for spreadsheets.
func (h *Handler) handleTabulationCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Bids.Tabulate(r.Context(), id)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := csv.WriteTabulation(&b, t); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", contentDisposition("tabulation-"+id.String()+".csv"))
	writeBody(w, http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	return nil
}
