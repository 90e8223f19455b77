package web

import (
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// healthView is a partner's relationship health index in the page's
// language: a badge at a glance and, on the partner page, every component
// with its explanation.
type healthView struct {
	HasScore   bool
	Score      int
	Band       string // good, fair, poor; "none" without an index (the badge's colour)
	Summary    string // "Health index 63 of 100, Fair", or "No data": the badge's text for screen readers
	Title      string // the summary and every component's explanation, one a line: the badge's tooltip
	URL        string // the partner page's health section
	Components []healthComponentView
}

// healthComponentView is one component of the index, explained.
type healthComponentView struct {
	Name        string
	Label       string
	Weight      int
	HasScore    bool
	Score       int
	Explanation string
}

// healthView says h in the page's language.
func (p *basePage) healthView(h *mutual.Health) *healthView {
	if h == nil {
		return nil
	}
	v := &healthView{Band: "none", URL: "/partners/" + h.PartnerID.String() + "#health"}
	bandLabel := i18n.HealthBand(p.Locale, h.Band)
	v.Summary = bandLabel
	if h.Score != nil {
		v.HasScore, v.Score, v.Band = true, *h.Score, h.Band
		v.Summary = p.T("health.badge_title", *h.Score, bandLabel)
	}
	lines := []string{v.Summary}
	for _, c := range h.Components {
		cv := healthComponentView{Name: c.Name, Label: i18n.HealthComponent(p.Locale, c.Name), Weight: c.Weight,
			Explanation: i18n.HealthExplanation(p.Locale, c.Why)}
		if c.Score != nil {
			cv.HasScore, cv.Score = true, *c.Score
		}
		v.Components = append(v.Components, cv)
		lines = append(lines, cv.Label+": "+cv.Explanation)
	}
	v.Title = strings.Join(lines, "\n")
	return v
}
