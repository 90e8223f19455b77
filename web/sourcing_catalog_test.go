package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// TestSourcingCatalogKeys checks that every message key the sourcing pages
// name is in the catalog in both languages, and that every enumerated
// value they label has a label.
func TestSourcingCatalogKeys(t *testing.T) {
	keyPattern := regexp.MustCompile(`"((?:nav|events|event|tab|score|bid|award|agreements|agreement|negotiations|negotiation|chart|savings|sourcing|flash)\.[a-z_.]+)"`)
	var files []string
	for _, glob := range []string{"templates/event_*.html", "templates/bid_*.html", "templates/agreement_*.html", "templates/negotiation_*.html",
		"templates/savings.html", "templates/sourcing_parts.html", "templates/layout.html"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	files = append(files, "sourcing.go", "event.go", "event_form.go", "event_document.go", "tabulation.go", "tabulation_csv.go", "bid.go",
		"award.go", "agreement.go", "negotiation.go", "savings.go", "chart.go")
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyPattern.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") || strings.HasSuffix(key, ".css") || strings.HasSuffix(key, ".js") || strings.HasSuffix(key, ".go") {
				continue
			}
			found++
			if !i18n.Has(key) {
				t.Errorf("%s: no message %q", f, key)
			}
		}
	}
	if found < 200 {
		t.Errorf("found only %d keys; is the pattern broken?", found)
	}
	for kind, values := range map[string][]string{
		"event_kind":         mutual.EventKinds,
		"event_status":       mutual.EventStatuses,
		"question_kind":      mutual.QuestionKinds,
		"bid_status":         mutual.BidStatuses,
		"outcome":            mutual.AwardOutcomes,
		"negotiation_status": mutual.NegotiationStatuses,
		"round_side":         mutual.RoundSides,
		"savings_group":      mutual.SavingsGroups,
		"agreement_status":   {"active", "superseded"},
	} {
		for _, v := range values {
			if !i18n.Has(kind + "." + v) {
				t.Errorf("no label for %s %q", kind, v)
			}
		}
	}
}
