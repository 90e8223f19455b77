package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// bidRevisionsPage lists every revision of one supplier's bid.
type bidRevisionsPage struct {
	basePage
	Event     *mutual.Event
	Partner   string
	Revisions []*mutual.Bid
	Lines     map[mutual.ID]mutual.EventLine
	Questions map[mutual.ID]mutual.Question
}

// Line returns the event line a bid line quotes.
func (p *bidRevisionsPage) Line(id mutual.ID) mutual.EventLine { return p.Lines[id] }

// Question returns the text of a question.
func (p *bidRevisionsPage) Question(id mutual.ID) string { return p.Questions[id].Text }

// Answer writes an answer that is not a file.
func (p *bidRevisionsPage) Answer(a mutual.Answer) string {
	switch {
	case a.Yes != nil && *a.Yes:
		return p.T("form.yes")
	case a.Yes != nil:
		return p.T("form.no")
	case a.Number != nil:
		return p.Decimal(*a.Number)
	}
	return a.Text
}

// SealAlgorithm says in words how a revision's audited digest was made.
func (p *bidRevisionsPage) SealAlgorithm(s *mutual.BidSeal) string {
	if s.Algorithm == mutual.SealSHA256 {
		return p.T("bid.seal_plain")
	}
	return p.T("bid.seal_keyed")
}

// handleBidRevisions shows a supplier's bid and its earlier revisions, once
// the bids are visible to the buying side.
func (h *Handler) handleBidRevisions(w http.ResponseWriter, r *http.Request) error {
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	revs, err := h.svc.Bids.FindBidRevisions(r.Context(), e.ID, pid)
	if err != nil {
		return err
	}
	if len(revs) == 0 {
		return mutual.Errorf(mutual.ENOTFOUND, "Bid not found.")
	}
	p := &bidRevisionsPage{basePage: h.newBase(w, r, "bid.revisions_title", "events"), Event: e, Partner: revs[0].PartnerName,
		Revisions: revs, Lines: map[mutual.ID]mutual.EventLine{}, Questions: map[mutual.ID]mutual.Question{}}
	p.Title = revs[0].PartnerName + " · " + e.Title
	for _, l := range e.Lines {
		p.Lines[l.ID] = l
	}
	for _, q := range e.Questions {
		p.Questions[q.ID] = q
	}
	return h.render(w, r, http.StatusOK, "bid_revisions", p)
}

// handleNegotiateBid opens a negotiation with a bidder, its bid as the
// first round, and goes to it.
func (h *Handler) handleNegotiateBid(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.readSmallForm(w, r); err != nil {
		return err
	}
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	bid, err := pathID(r, "bid")
	if err != nil {
		return err
	}
	n, err := h.svc.Negotiations.StartFromEvent(r.Context(), e.ID, bid)
	if err != nil {
		return h.eventActionFailed(w, r, e.ID, nil, err)
	}
	h.flash(w, "flash.negotiation_started")
	http.Redirect(w, r, "/negotiations/"+n.ID.String(), http.StatusSeeOther)
	return nil
}

// scoreCell is one input pair of the scoring form: a bid's score on a
// criterion, and the comment.
type scoreCell struct {
	Key     string // "BID.CRITERION"
	Score   string
	Comment string
	Err     string
}

// scoreRow is one bid on the scoring form.
type scoreRow struct {
	PartnerName string
	PartnerID   mutual.ID
	Cells       []scoreCell
}

// scoreFormPage is the signed-in evaluator's scoring of an event's bids on
// the criteria that are not price.
type scoreFormPage struct {
	basePage
	formState
	Event    *mutual.Event
	Criteria []mutual.Criterion
	Rows     []scoreRow
	Final    bool // the event is awarded: scores no longer change
}

// scoreForm loads the tabulation of the event of the path for its
// evaluator: the bids in order, the criteria other than price.
func (h *Handler) scoreForm(w http.ResponseWriter, r *http.Request) (*scoreFormPage, *mutual.Tabulation, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	t, err := h.svc.Bids.Tabulate(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !isEvaluator(t.Event, me.ID) {
		return nil, nil, mutual.Errorf(mutual.EFORBIDDEN, "Only the event's evaluators score its bids.")
	}
	p := &scoreFormPage{basePage: h.newBase(w, r, "score.title", "events"), Event: t.Event, Final: t.Event.Status != mutual.EventClosed}
	for _, c := range t.Event.Criteria {
		if !c.IsPrice() {
			p.Criteria = append(p.Criteria, c)
		}
	}
	for _, b := range t.Bids {
		row := scoreRow{PartnerName: b.PartnerName, PartnerID: b.PartnerID}
		for _, c := range p.Criteria {
			row.Cells = append(row.Cells, scoreCell{Key: b.ID.String() + "." + c.ID.String()})
		}
		p.Rows = append(p.Rows, row)
	}
	return p, t, nil
}

// handleScoreForm shows the evaluator's scores so far.
func (h *Handler) handleScoreForm(w http.ResponseWriter, r *http.Request) error {
	p, t, err := h.scoreForm(w, r)
	if err != nil {
		return err
	}
	scores, err := h.svc.Bids.FindScores(r.Context(), t.Event.ID)
	if err != nil {
		return err
	}
	me := mutual.UserFromContext(r.Context())
	mine := map[string]mutual.Score{}
	for _, s := range scores {
		if s.EvaluatorID == me.ID {
			mine[s.BidID.String()+"."+s.CriterionID.String()] = s
		}
	}
	for i := range p.Rows {
		for j := range p.Rows[i].Cells {
			c := &p.Rows[i].Cells[j]
			if s, ok := mine[c.Key]; ok {
				c.Score, c.Comment = strconv.Itoa(s.Score), s.Comment
			}
		}
	}
	return h.render(w, r, http.StatusOK, "event_scores", p)
}

// handleScoreSave stores the evaluator's scores; cells left empty are not
// sent. Problems show beside their cells with what was typed.
func (h *Handler) handleScoreSave(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	p, t, err := h.scoreForm(w, r)
	if err != nil {
		return err
	}
	var probs mutual.Problems
	var scores []mutual.Score
	var keys []string // the cell of each score sent
	for i := range p.Rows {
		for j := range p.Rows[i].Cells {
			c := &p.Rows[i].Cells[j]
			c.Score, c.Comment = strings.TrimSpace(v.Get("score."+c.Key)), strings.TrimSpace(v.Get("comment."+c.Key))
			if c.Score == "" {
				if c.Comment != "" {
					probs.Add("scores["+strconv.Itoa(len(scores))+"].score", "required", "Give a score with the comment.")
					keys = append(keys, c.Key)
					scores = append(scores, mutual.Score{})
				}
				continue
			}
			bid, crit, _ := strings.Cut(c.Key, ".")
			bidID, _ := mutual.ParseID(bid)
			critID, _ := mutual.ParseID(crit)
			n, err := strconv.Atoi(c.Score)
			if err != nil {
				probs.Add("scores["+strconv.Itoa(len(scores))+"].score", "range", "A score is a whole number from 0 to 100.")
			}
			keys = append(keys, c.Key)
			scores = append(scores, mutual.Score{BidID: bidID, CriterionID: critID, Score: n, Comment: c.Comment})
		}
	}
	if len(probs) > 0 {
		err = probs.Err()
	} else if len(scores) == 0 {
		h.flash(w, "flash.scores_saved")
		http.Redirect(w, r, "/events/"+t.Event.ID.String()+"/bids", http.StatusSeeOther)
		return nil
	} else {
		_, err = h.svc.Bids.SetScores(r.Context(), t.Event.ID, scores)
	}
	if err != nil {
		var fields []string
		byField := map[string]string{}
		for i, k := range keys {
			for _, f := range []string{"score", "comment", "bid_id", "criterion_id"} {
				name := "scores[" + strconv.Itoa(i) + "]." + f
				fields, byField[name] = append(fields, name), k
			}
		}
		status, ok := p.setScoped(p.Locale, "score", err, fields)
		if !ok {
			return err
		}
		cellErr := map[string]string{}
		for f, msg := range p.Errors {
			if k := byField[f]; k != "" && cellErr[k] == "" {
				cellErr[k] = msg
			}
		}
		for i := range p.Rows {
			for j := range p.Rows[i].Cells {
				p.Rows[i].Cells[j].Err = cellErr[p.Rows[i].Cells[j].Key]
			}
		}
		return h.render(w, r, status, "event_scores", p)
	}
	h.flash(w, "flash.scores_saved")
	http.Redirect(w, r, "/events/"+t.Event.ID.String()+"/bids", http.StatusSeeOther)
	return nil
}
