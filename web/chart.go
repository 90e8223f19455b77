package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// Chart geometry, in SVG units: the plot sits inside the margins.
const (
	chartW, chartH                               = 480.0, 200.0
	chartLeft, chartRight, chartTop, chartBottom = 96.0, 14.0, 14.0, 34.0
)

// Chart colours, as SVG presentation attributes (the content security
// policy allows no inline styles).
const (
	chartOurs     = "#4f46e5"
	chartTheirs   = "#d97706"
	chartPath     = "#cfd4dc"
	chartBaseline = "#8a919c"
	chartText     = "#5f6774"
)

// concessionChart draws the concession path of a negotiation as inline
// SVG: the price of each round, ours and theirs in their colours, joined
// in order, with the baseline dashed when there is one. With lineID zero
// it plots the value of each offer (unit price x quantity over the lines);
// else the unit price of that line. Without rounds it returns "".
func concessionChart(locale string, n *mutual.Negotiation, lineID mutual.ID) template.HTML {
	return sidedConcessionChart(locale, n, lineID, "round_side")
}

// sidedConcessionChart is concessionChart with the sides named by the
// labels of kind sides: "round_side" on the buying side ("Our offer"),
// "portal.side" in the supplier portal ("Buyer's offer", "Your offer").
func sidedConcessionChart(locale string, n *mutual.Negotiation, lineID mutual.ID, sides string) template.HTML {
	type point struct {
		round int
		side  string
		value mutual.Decimal
	}
	var pts []point
	var baseline mutual.Decimal
	hasBaseline := true
	for _, l := range n.Lines {
		if lineID != 0 && l.ID != lineID {
			continue
		}
		if l.BaselinePrice.IsZero() {
			hasBaseline = false
		}
		baseline = baseline.Add(l.BaselinePrice.Amount.Mul(scale(lineID, l.Quantity)))
	}
	for _, rd := range n.Rounds {
		v, found := mutual.Decimal{}, false
		for _, rl := range rd.Lines {
			for _, l := range n.Lines {
				if l.ID == rl.LineID && (lineID == 0 || l.ID == lineID) {
					v, found = v.Add(rl.UnitPrice.Amount.Mul(scale(lineID, l.Quantity))), true
				}
			}
		}
		if found {
			pts = append(pts, point{rd.Number, rd.Side, v})
		}
	}
	if len(pts) == 0 {
		return ""
	}
	money := func(d mutual.Decimal) string {
		return i18n.FormatMoney(locale, mutual.Money{Amount: d.Round(mutual.CurrencyDigits(n.Currency)), Currency: n.Currency})
	}
	lo, hi := pts[0].value, pts[0].value
	for _, p := range pts {
		if p.value.LessThan(lo) {
			lo = p.value
		}
		if p.value.GreaterThan(hi) {
			hi = p.value
		}
	}
	if hasBaseline {
		if baseline.LessThan(lo) {
			lo = baseline
		}
		if baseline.GreaterThan(hi) {
			hi = baseline
		}
	}
	flo, fhi := lo.InexactFloat64(), hi.InexactFloat64()
	if pad := (fhi - flo) * 0.08; pad > 0 {
		flo, fhi = flo-pad, fhi+pad
	} else {
		flo, fhi = flo*0.95-1, fhi*1.05+1
	}
	plotW, plotH := chartW-chartLeft-chartRight, chartH-chartTop-chartBottom
	last := pts[len(pts)-1].round
	x := func(round int) float64 {
		if last <= 1 {
			return chartLeft + plotW/2
		}
		return chartLeft + plotW*float64(round-1)/float64(last-1)
	}
	y := func(d mutual.Decimal) float64 {
		return chartTop + plotH*(1-(d.InexactFloat64()-flo)/(fhi-flo))
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	esc := html.EscapeString

	var label strings.Builder
	label.WriteString(i18n.T(locale, "chart.concession"))
	for _, p := range pts {
		label.WriteString("; ")
		label.WriteString(i18n.T(locale, "chart.round_value", p.round, i18n.Label(locale, sides, p.side), money(p.value)))
	}
	var b strings.Builder
	b.WriteString(`<svg class="chart concession" viewBox="0 0 480 200" role="img" aria-label="`)
	b.WriteString(esc(label.String()))
	b.WriteString(`"><title>`)
	b.WriteString(esc(label.String()))
	b.WriteString(`</title>`)
	// Axes and the value scale.
	b.WriteString(`<g font-size="11" fill="` + chartText + `">`)
	for _, v := range []mutual.Decimal{hi, lo} {
		b.WriteString(`<text x="` + f(chartLeft-6) + `" y="` + f(y(v)+4) + `" text-anchor="end">` + esc(money(v)) + `</text>`)
	}
	for _, p := range pts {
		b.WriteString(`<text x="` + f(x(p.round)) + `" y="` + f(chartH-chartBottom+16) + `" text-anchor="middle">` + strconv.Itoa(p.round) + `</text>`)
	}
	b.WriteString(`<text x="` + f(chartLeft+plotW) + `" y="` + f(chartH-4) + `" text-anchor="end">` + esc(i18n.T(locale, "chart.rounds")) + `</text>`)
	b.WriteString(`</g>`)
	b.WriteString(`<line x1="` + f(chartLeft) + `" y1="` + f(chartTop+plotH) + `" x2="` + f(chartLeft+plotW) + `" y2="` + f(chartTop+plotH) + `" stroke="` + chartPath + `"/>`)
	if hasBaseline && !baseline.IsZero() {
		by := f(y(baseline))
		b.WriteString(`<line x1="` + f(chartLeft) + `" y1="` + by + `" x2="` + f(chartLeft+plotW) + `" y2="` + by + `" stroke="` + chartBaseline + `" stroke-dasharray="4 4"/>`)
		b.WriteString(`<text x="` + f(chartLeft+4) + `" y="` + f(y(baseline)-5) + `" font-size="11" fill="` + chartText + `">` + esc(i18n.T(locale, "chart.baseline", money(baseline))) + `</text>`)
	}
	// The path through every round, then each side's offers.
	b.WriteString(`<polyline fill="none" stroke="` + chartPath + `" stroke-width="1.5" points="`)
	for i, p := range pts {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(f(x(p.round)) + "," + f(y(p.value)))
	}
	b.WriteString(`"/>`)
	for _, side := range []struct{ name, colour string }{{"ours", chartOurs}, {"theirs", chartTheirs}} {
		var line []string
		for _, p := range pts {
			if p.side == side.name {
				line = append(line, f(x(p.round))+","+f(y(p.value)))
			}
		}
		if len(line) > 1 {
			b.WriteString(`<polyline fill="none" stroke="` + side.colour + `" stroke-width="2" points="` + strings.Join(line, " ") + `"/>`)
		}
		for _, p := range pts {
			if p.side == side.name {
				b.WriteString(`<circle cx="` + f(x(p.round)) + `" cy="` + f(y(p.value)) + `" r="4" fill="` + side.colour + `"><title>` +
					esc(i18n.T(locale, "chart.round_value", p.round, i18n.Label(locale, sides, p.side), money(p.value))) + `</title></circle>`)
			}
		}
	}
	// Legend.
	lx := chartLeft
	b.WriteString(`<g font-size="11" fill="` + chartText + `">`)
	for _, side := range []struct{ name, colour string }{{"ours", chartOurs}, {"theirs", chartTheirs}} {
		b.WriteString(`<circle cx="` + f(lx+4) + `" cy="` + f(chartH-8) + `" r="4" fill="` + side.colour + `"/>`)
		name := i18n.Label(locale, sides, side.name)
		b.WriteString(`<text x="` + f(lx+12) + `" y="` + f(chartH-4) + `">` + esc(name) + `</text>`)
		lx += 24 + 6.5*float64(len([]rune(name)))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}

// scale is what a line's unit price is multiplied by on the chart: its
// quantity for the offer's value, 1 for the line's own price.
func scale(lineID mutual.ID, quantity mutual.Decimal) mutual.Decimal {
	if lineID == 0 {
		return quantity
	}
	return mutual.NewDecimal(1)
}
