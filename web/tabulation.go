package web

import (
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// tabulationPage sets the bids of an event side by side: the lines across
// the suppliers with the lowest price of each line marked, the totals and
// the evaluation, and the answers to the questions.
type tabulationPage struct {
	basePage
	Event        *mutual.Event
	SealedNotice string // set instead of the rest while bids are sealed
	Notice       string // set instead of the rest for a draft
	Ranking      []rankRow
	Criteria     []mutual.Criterion
	Evaluators   []string
	Grid         template.HTML // lines x suppliers, built in Go
	Answers      template.HTML // questions x suppliers, built in Go
	BidCount     int
	CanScore     bool
	CanAward     bool
	CanNegotiate bool
}

// rankRow is one bid in the ranking: its evaluation, formatted.
type rankRow struct {
	Rank           int
	BidID          mutual.ID
	PartnerID      mutual.ID
	PartnerName    string
	Revision       int
	EvaluatedTotal string
	Complete       bool
	Criteria       []string // average score per criterion, in the event's order
	ByEvaluator    []string // weighted total per evaluator column, "" when not (fully) scored
	Score          string   // weighted total of the averages
}

// handleTabulation shows the tabulation. Whatever the size of the event it
// costs two store calls (Tabulate, FindAssignableUsers); the grid and the
// answers are written in one pass each, every value escaped in Go.
func (h *Handler) handleTabulation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	p := &tabulationPage{basePage: h.newBase(w, r, "tab.title", "events")}
	t, err := h.svc.Bids.Tabulate(ctx, id)
	if code := mutual.ErrorCode(err); code == mutual.EPRECONDITION || code == mutual.ECONFLICT {
		// Sealed: say until when, and show nothing of the contents.
		e, err := h.svc.Events.FindEventByID(ctx, id)
		if err != nil {
			return err
		}
		ep := &eventPage{basePage: p.basePage, Visible: e.BidsVisible()}
		p.Event, p.SealedNotice = e, ep.sealedNotice(e)
		if !e.Published() {
			p.SealedNotice, p.Notice = "", p.T("tab.draft")
		} else if p.SealedNotice == "" {
			p.SealedNotice = p.T("event.sealed_closed")
		}
		return h.render(w, r, http.StatusOK, "event_bids", p)
	} else if err != nil {
		return err
	}
	users, err := h.svc.Users.FindAssignableUsers(ctx)
	if err != nil {
		return err
	}
	names := userNames(users)
	e := t.Event
	p.Event, p.BidCount = e, len(t.Bids)
	p.setPermissions(me, e)
	p.Criteria = e.Criteria
	// Evaluator columns: the event's evaluators, then anyone else who scored.
	var evalIDs []mutual.ID
	seen := map[mutual.ID]bool{}
	for _, id := range e.Evaluators {
		evalIDs, seen[id] = append(evalIDs, id), true
	}
	for _, ev := range t.Evaluations {
		for _, et := range ev.ByEvaluator {
			if !seen[et.EvaluatorID] {
				evalIDs, seen[et.EvaluatorID] = append(evalIDs, et.EvaluatorID), true
			}
		}
	}
	for _, id := range evalIDs {
		p.Evaluators = append(p.Evaluators, names[id])
	}
	p.CanScore = isEvaluator(e, me.ID) && e.Status == mutual.EventClosed && e.CanScore() == nil
	revisions := make(map[mutual.ID]int, len(t.Bids))
	for _, b := range t.Bids {
		revisions[b.ID] = b.Revision
	}
	for _, ev := range t.Evaluations {
		row := rankRow{Rank: ev.Rank, BidID: ev.BidID, PartnerID: ev.PartnerID, PartnerName: ev.PartnerName, Revision: revisions[ev.BidID],
			EvaluatedTotal: p.Money(ev.EvaluatedTotal), Complete: ev.Complete, Score: p.Percent(ev.Total)}
		for _, cs := range ev.CriterionScores {
			if cs.Scored == 0 && cs.Name != mutual.PriceCriterion {
				row.Criteria = append(row.Criteria, "")
				continue
			}
			row.Criteria = append(row.Criteria, p.Percent(cs.Score))
		}
		byEval := make(map[mutual.ID]mutual.Decimal, len(ev.ByEvaluator))
		for _, et := range ev.ByEvaluator {
			byEval[et.EvaluatorID] = et.Total
		}
		for _, id := range evalIDs {
			if v, ok := byEval[id]; ok {
				row.ByEvaluator = append(row.ByEvaluator, p.Percent(v))
			} else {
				row.ByEvaluator = append(row.ByEvaluator, "")
			}
		}
		p.Ranking = append(p.Ranking, row)
	}
	p.Grid = tabulationGrid(&p.basePage, t)
	p.Answers = answersGrid(&p.basePage, t)
	return h.render(w, r, http.StatusOK, "event_bids", p)
}

// setPermissions sets what the user may do from the tabulation.
func (p *tabulationPage) setPermissions(me *mutual.User, e *mutual.Event) {
	write := mutual.CanWriteEvents(me) && e.CanAward() == nil
	p.CanAward, p.CanNegotiate = write, write
}

// isEvaluator reports whether user id evaluates e.
func isEvaluator(e *mutual.Event, id mutual.ID) bool {
	for _, x := range e.Evaluators {
		if x == id {
			return true
		}
	}
	return false
}

// tabulationGrid writes the lines x suppliers table. At 200 lines and 50
// bids it has 10,000 price cells: html/template's reflective call per
// action would cost more than the rest of the page, so the cells are
// written here, each value formatted once and escaped.
func tabulationGrid(p *basePage, t *mutual.Tabulation) template.HTML {
	esc := html.EscapeString
	e := t.Event
	var b strings.Builder
	b.Grow(2048 + len(t.Rows)*(300+len(t.Bids)*110))
	days := p.T("tab.days_short")
	lowest := esc(p.T("tab.lowest"))
	b.WriteString(`<table class="table tab-grid"><thead><tr><th scope="col" class="tab-line">`)
	b.WriteString(esc(p.T("event.line_item")))
	b.WriteString(`</th><th scope="col" class="num">`)
	b.WriteString(esc(p.T("event.line_quantity")))
	b.WriteString(`</th><th scope="col" class="num">`)
	b.WriteString(esc(p.T("event.line_baseline")))
	b.WriteString(`</th>`)
	for _, bid := range t.Bids {
		b.WriteString(`<th scope="col" class="num tab-bid"><a href="/events/`)
		b.WriteString(e.ID.String())
		b.WriteString(`/bids/`)
		b.WriteString(bid.PartnerID.String())
		b.WriteString(`">`)
		b.WriteString(esc(bid.PartnerName))
		b.WriteString(`</a></th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for i := range t.Rows {
		row := &t.Rows[i]
		b.WriteString(`<tr><th scope="row" class="tab-line">`)
		b.WriteString(esc(row.Line.Item))
		if row.Line.Description != "" {
			b.WriteString(`<span class="sub block">`)
			b.WriteString(esc(row.Line.Description))
			b.WriteString(`</span>`)
		}
		b.WriteString(`</th><td class="num">`)
		b.WriteString(esc(p.Decimal(row.Line.Quantity)))
		b.WriteString(` `)
		b.WriteString(esc(row.Line.Unit))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(esc(p.Money(row.Line.BaselinePrice)))
		b.WriteString(`</td>`)
		for j := range row.Cells {
			c := &row.Cells[j]
			switch {
			case !c.Quoted:
				b.WriteString(`<td class="num tab-none">—</td>`)
				continue
			case c.Lowest:
				b.WriteString(`<td class="num tab-low"><span class="tab-mark" title="`)
				b.WriteString(lowest)
				b.WriteString(`">▼<span class="visually-hidden"> `)
				b.WriteString(lowest)
				b.WriteString(`</span></span> `)
			default:
				b.WriteString(`<td class="num">`)
			}
			b.WriteString(esc(i18n.FormatMoney(p.Locale, c.UnitPrice)))
			b.WriteString(`<span class="tab-lead">`)
			b.WriteString(strconv.Itoa(c.LeadTimeDays))
			b.WriteString(` `)
			b.WriteString(days)
			b.WriteString(`</span></td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody><tfoot>`)
	ev := make(map[mutual.ID]*mutual.Evaluation, len(t.Evaluations))
	for i := range t.Evaluations {
		ev[t.Evaluations[i].BidID] = &t.Evaluations[i]
	}
	foot := func(label string, cell func(bid *mutual.Bid, x *mutual.Evaluation) string) {
		b.WriteString(`<tr><th scope="row" colspan="3" class="tab-line">`)
		b.WriteString(esc(label))
		b.WriteString(`</th>`)
		for _, bid := range t.Bids {
			b.WriteString(`<td class="num">`)
			if x := ev[bid.ID]; x != nil {
				b.WriteString(cell(bid, x))
			}
			b.WriteString(`</td>`)
		}
		b.WriteString(`</tr>`)
	}
	foot(p.T("tab.total"), func(bid *mutual.Bid, _ *mutual.Evaluation) string { return esc(p.Money(bid.Total)) })
	foot(p.T("tab.evaluated_total"), func(_ *mutual.Bid, x *mutual.Evaluation) string {
		s := esc(p.Money(x.EvaluatedTotal))
		if !x.Complete {
			s += `<span class="tab-lead">` + esc(p.T("tab.incomplete")) + `</span>`
		}
		return s
	})
	foot(p.T("tab.price_score"), func(_ *mutual.Bid, x *mutual.Evaluation) string { return esc(p.Percent(x.PriceScore)) })
	foot(p.T("tab.weighted_total"), func(_ *mutual.Bid, x *mutual.Evaluation) string { return esc(p.Percent(x.Total)) })
	foot(p.T("tab.rank"), func(_ *mutual.Bid, x *mutual.Evaluation) string {
		return `<span class="badge rank-` + strconv.Itoa(min(x.Rank, 4)) + `">` + strconv.Itoa(x.Rank) + `</span>`
	})
	b.WriteString(`</tfoot></table>`)
	return template.HTML(b.String())
}

// answersGrid writes the questions x suppliers table, or nothing when the
// event asks no questions.
func answersGrid(p *basePage, t *mutual.Tabulation) template.HTML {
	e := t.Event
	if len(e.Questions) == 0 || len(t.Bids) == 0 {
		return ""
	}
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<table class="table tab-grid"><thead><tr><th scope="col" class="tab-line">`)
	b.WriteString(esc(p.T("event.question")))
	b.WriteString(`</th>`)
	for _, bid := range t.Bids {
		b.WriteString(`<th scope="col" class="tab-bid">`)
		b.WriteString(esc(bid.PartnerName))
		b.WriteString(`</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	answers := make([]map[mutual.ID]mutual.Answer, len(t.Bids))
	for j, bid := range t.Bids {
		answers[j] = make(map[mutual.ID]mutual.Answer, len(bid.Answers))
		for _, a := range bid.Answers {
			answers[j][a.QuestionID] = a
		}
	}
	yes, no := esc(p.T("form.yes")), esc(p.T("form.no"))
	for _, q := range e.Questions {
		b.WriteString(`<tr><th scope="row" class="tab-line">`)
		b.WriteString(esc(q.Text))
		b.WriteString(`</th>`)
		for j := range t.Bids {
			b.WriteString(`<td>`)
			a, ok := answers[j][q.ID]
			switch {
			case !ok:
				b.WriteString(`<span class="muted">—</span>`)
			case a.Yes != nil && *a.Yes:
				b.WriteString(yes)
			case a.Yes != nil:
				b.WriteString(no)
			case a.Number != nil:
				b.WriteString(esc(p.Decimal(*a.Number)))
			case a.DocumentID != 0:
				b.WriteString(`<a href="/events/` + e.ID.String() + `/documents/` + a.DocumentID.String() + `">` + esc(p.T("tab.file")) + `</a>`)
			default:
				b.WriteString(`<span class="notes">`)
				b.WriteString(esc(a.Text))
				b.WriteString(`</span>`)
			}
			b.WriteString(`</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String())
}
