package csv

import (
	stdcsv "encoding/csv"
	"errors"
	"io"
	"strconv"

	"github.com/mutualsrm/mutual"
)

// WriteTabulation writes a tabulation as CSV for a spreadsheet: the
// bids side by side, the way buyers compare them. It starts with UTF8BOM,
// as the file is only ever opened in a spreadsheet (Excel garbles
// Vietnamese without it), and neutralises cells that would run as formulas
// (see csv.go).
//
// The header names the line columns (item, description, quantity, unit,
// baseline unit price) and, for each bid in the order of t.Bids, four
// columns: unit price, extended (unit price x quantity), lead time in days
// and "lowest" where the bid quotes the line's lowest unit price. Then come
// one row per line; the rows "Total" and "Evaluated total" (in the bids'
// extended columns; "incomplete" marks a bid that does not quote every
// line); "Price score" (with the price criterion's weight), one row per
// other criterion with its weight and average score, "Weighted total" and
// "Rank" (in the bids' unit price columns); and one row per question, its
// text in the description column, with each bid's answer. Amounts have
// the currency's decimals; the currency is in the header.
func WriteTabulation(w io.Writer, t *mutual.Tabulation) error {
	if t == nil || t.Event == nil {
		return errors.New("mutual: tabulation without its event")
	}
	if _, err := io.WriteString(w, UTF8BOM); err != nil {
		return err
	}
	e := t.Event
	cw := stdcsv.NewWriter(w)
	width := 5 + 4*len(t.Bids)
	cur := " (" + e.Currency + ")"
	header := make([]string, 0, width)
	header = append(header, "item", "description", "quantity", "unit", "baseline unit price"+cur)
	for _, b := range t.Bids {
		name := b.PartnerName
		header = append(header, csvCell(name+": unit price"+cur), csvCell(name+": extended"+cur),
			csvCell(name+": lead time (days)"), csvCell(name+": lowest"))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, width)
	for _, row := range t.Rows {
		clear(rec)
		l := row.Line
		rec[0], rec[1], rec[2], rec[3] = csvCell(l.Item), csvCell(l.Description), l.Quantity.String(), csvCell(l.Unit)
		rec[4], _ = moneyCells(l.BaselinePrice)
		for j, c := range row.Cells {
			if j >= len(t.Bids) || !c.Quoted {
				continue
			}
			at := 5 + 4*j
			rec[at], _ = moneyCells(c.UnitPrice)
			rec[at+1], _ = moneyCells(c.Extended)
			rec[at+2] = strconv.Itoa(c.LeadTimeDays)
			if c.Lowest {
				rec[at+3] = "lowest"
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	evals := make(map[mutual.ID]*mutual.Evaluation, len(t.Evaluations))
	for i := range t.Evaluations {
		evals[t.Evaluations[i].BidID] = &t.Evaluations[i]
	}
	// summary writes a row labelled label (and desc) with, for each bid,
	// the cells cell returns for its unit price, extended and lowest columns.
	summary := func(label, desc string, cell func(b *mutual.Bid, ev *mutual.Evaluation) (first, extended, mark string)) error {
		clear(rec)
		rec[0], rec[1] = csvCell(label), csvCell(desc)
		for j, b := range t.Bids {
			ev := evals[b.ID]
			if ev == nil {
				ev = &mutual.Evaluation{}
			}
			at := 5 + 4*j
			rec[at], rec[at+1], rec[at+3] = cell(b, ev)
		}
		return cw.Write(rec)
	}
	amount := func(m mutual.Money) string { s, _ := moneyCells(m); return s }
	rows := []struct {
		label string
		cell  func(b *mutual.Bid, ev *mutual.Evaluation) (string, string, string)
	}{
		{"Total", func(b *mutual.Bid, _ *mutual.Evaluation) (string, string, string) { return "", amount(b.Total), "" }},
		{"Evaluated total", func(_ *mutual.Bid, ev *mutual.Evaluation) (string, string, string) {
			mark := ""
			if !ev.Complete {
				mark = "incomplete"
			}
			return "", amount(ev.EvaluatedTotal), mark
		}},
		{priceLabel(e), func(_ *mutual.Bid, ev *mutual.Evaluation) (string, string, string) {
			return ev.PriceScore.String(), "", ""
		}},
	}
	for _, r := range rows {
		if err := summary(r.label, "", r.cell); err != nil {
			return err
		}
	}
	for _, c := range e.Criteria {
		if c.IsPrice() {
			continue
		}
		id := c.ID
		err := summary("Score: "+c.Name+" ("+strconv.Itoa(c.Weight)+"%)", "", func(_ *mutual.Bid, ev *mutual.Evaluation) (string, string, string) {
			for _, cs := range ev.CriterionScores {
				if cs.CriterionID == id && cs.Scored > 0 {
					return cs.Score.String(), "", ""
				}
			}
			return "", "", ""
		})
		if err != nil {
			return err
		}
	}
	if err := summary("Weighted total", "", func(_ *mutual.Bid, ev *mutual.Evaluation) (string, string, string) { return ev.Total.String(), "", "" }); err != nil {
		return err
	}
	if err := summary("Rank", "", func(_ *mutual.Bid, ev *mutual.Evaluation) (string, string, string) {
		if ev.Rank == 0 {
			return "", "", ""
		}
		return strconv.Itoa(ev.Rank), "", ""
	}); err != nil {
		return err
	}
	for i, q := range e.Questions {
		err := summary("Question "+strconv.Itoa(i+1), q.Text, func(b *mutual.Bid, _ *mutual.Evaluation) (string, string, string) {
			return csvCell(answerText(q, b)), "", ""
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// priceLabel labels the price score row, with its weight when the event
// has a price criterion.
func priceLabel(e *mutual.Event) string {
	for _, c := range e.Criteria {
		if c.IsPrice() {
			return "Price score (" + strconv.Itoa(c.Weight) + "%)"
		}
	}
	return "Price score"
}

// answerText is a bid's answer to q as a spreadsheet shows it.
func answerText(q mutual.Question, b *mutual.Bid) string {
	for _, a := range b.Answers {
		if a.QuestionID != q.ID {
			continue
		}
		switch {
		case a.Yes != nil && *a.Yes:
			return "yes"
		case a.Yes != nil:
			return "no"
		case a.Number != nil:
			return a.Number.String()
		case a.DocumentID != 0:
			return "document " + a.DocumentID.String()
		}
		return a.Text
	}
	return ""
}
