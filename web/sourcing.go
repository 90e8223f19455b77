package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// sourcingRoutes adds the buying side's pages of sourcing and negotiation:
// events, their bids and award, agreements, negotiations and savings.
func (h *Handler) sourcingRoutes() []route {
	return []route{
		{"GET /events", need{mutual.PermReadInternal}, h.handleEventList},
		{"GET /events/new", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventNew},
		{"POST /events/new", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventCreate},
		{"GET /events/{id}", need{mutual.PermReadInternal}, h.handleEventShow},
		{"GET /events/{id}/edit", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventEdit},
		{"POST /events/{id}/edit", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventUpdate},
		{"POST /events/{id}/publish", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventPublish},
		{"POST /events/{id}/close", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventClose},
		{"POST /events/{id}/cancel", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventCancel},
		{"POST /events/{id}/unseal", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventUnseal},
		{"POST /events/{id}/copy", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventCopy},
		{"POST /events/{id}/extend", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventExtend},
		{"POST /events/{id}/invitations", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventInvite},
		{"POST /events/{id}/invitations/{pid}/delete", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventUninvite},
		{"POST /events/{id}/clarifications", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleClarificationAdd},
		{"POST /events/{id}/documents", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleDocumentUpload},
		{"GET /events/{id}/documents/{did}", need{mutual.PermReadInternal}, h.handleDocumentDownload},
		{"POST /events/{id}/documents/{did}/delete", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleDocumentDelete},

		{"GET /events/{id}/bids", need{mutual.PermReadInternal}, h.handleTabulation},
		{"GET /events/{id}/tabulation.csv", need{mutual.PermReadInternal}, h.handleTabulationCSV},
		{"GET /events/{id}/bids/{pid}", need{mutual.PermReadInternal}, h.handleBidRevisions},
		{"POST /events/{id}/bids/{bid}/negotiate", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleNegotiateBid},
		{"GET /events/{id}/scores", need{mutual.PermReadInternal}, h.handleScoreForm},
		{"POST /events/{id}/scores", need{mutual.PermReadInternal}, h.handleScoreSave},
		{"GET /events/{id}/award", need{mutual.PermReadInternal}, h.handleAwardForm}, // the award made, to every internal user; the form to those who write events
		{"POST /events/{id}/award", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleAward},

		{"GET /agreements", need{mutual.PermReadInternal}, h.handleAgreementList},
		{"GET /negotiations", need{mutual.PermReadInternal}, h.handleNegotiationList},
		{"GET /negotiations/new", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleNegotiationNew},
		{"POST /negotiations/new", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleNegotiationCreate},
		{"GET /negotiations/{id}", need{mutual.PermReadInternal}, h.handleNegotiationShow},
		{"POST /negotiations/{id}/rounds", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleNegotiationRound},
		{"POST /negotiations/{id}/close", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleNegotiationClose},
		{"GET /savings", need{mutual.PermReadInternal}, h.handleSavings},
	}
}

// sourcingPerPage is the length of a page of events, agreements and
// negotiations.
const sourcingPerPage = 50

// sourcingNav are the navigation items of the Sourcing group.
var sourcingNav = []string{"events", "negotiations", "agreements", "savings"}

// InSourcing reports whether the page belongs to the Sourcing group of the
// navigation.
func (p *basePage) InSourcing() bool { return contains(sourcingNav, p.Nav) }

// CanWriteEvents reports whether the user may run sourcing events and
// negotiations.
func (p *basePage) CanWriteEvents() bool { return mutual.CanWriteEvents(p.User) }

// Decimal formats a number with the page's separators and as many decimals
// as it has (2.5 is "2.5" or "2,5").
func (p *basePage) Decimal(d mutual.Decimal) string {
	places := -d.Exponent()
	if places < 0 {
		places = 0
	}
	return i18n.FormatDecimal(p.Locale, d, places)
}

// Percent formats a score or percentage with two decimals at most.
func (p *basePage) Percent(d mutual.Decimal) string {
	return p.Decimal(d.Round(2))
}

// inputAmount writes an amount for an input field in locale, "" when unset.
func inputAmount(locale string, m mutual.Money) string {
	if m.IsZero() {
		return ""
	}
	return i18n.InputDecimal(locale, m.Amount)
}

// inputQuantity writes a quantity for an input field, "" when zero.
func inputQuantity(locale string, d mutual.Decimal) string {
	if d.IsZero() {
		return ""
	}
	return i18n.InputDecimal(locale, d)
}

// localInput writes a moment for a datetime-local input in zone.
func localInput(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format(datetimeLocal)
}

// merge adds to probs the problems of err on fields probs does not name,
// so that parsing and validation problems show together.
func merge(probs mutual.Problems, err error) error {
	for _, fe := range mutual.ErrorFields(err) {
		if !probs.Has(fe.Field) {
			probs = append(probs, fe)
		}
	}
	return probs.Err()
}

// setScoped is formState.setError whose field messages are looked up for
// the form's scope first ("rule.event.title.required"), since a field name
// such as "title" or "kind" means something else on other forms.
func (f *formState) setScoped(locale, scope string, err error, fields []string) (int, bool) {
	status, ok := f.setError(locale, err, fields)
	if !ok {
		return status, false
	}
	f.Errors, f.Other = map[string]string{}, nil
	for _, fe := range mutual.ErrorFields(err) {
		msg := i18n.ScopedFieldMessage(locale, scope, fe)
		if contains(fields, fe.Field) {
			if f.Errors[fe.Field] == "" {
				f.Errors[fe.Field] = msg
			}
			continue
		}
		f.Other = append(f.Other, msg)
	}
	switch {
	case f.Stale:
		f.Message = i18n.T(locale, "sourcing.stale")
	case mutual.ErrorCode(err) == mutual.ECONFLICT && len(mutual.ErrorFields(err)) == 0:
		f.Message = i18n.T(locale, "sourcing.not_now")
		f.Other = append(f.Other, stateMessage(locale, err))
	}
	return status, true
}

// userNames maps the assignable users' IDs to their names.
func userNames(users []*mutual.User) map[mutual.ID]string {
	m := make(map[mutual.ID]string, len(users))
	for _, u := range users {
		m[u.ID] = u.Name
	}
	return m
}

// supplierChoices returns the partners that may be invited to events or
// negotiated with: suppliers that are not suspended or offboarded, by name.
func (h *Handler) supplierChoices(r *http.Request, query string) ([]*mutual.Partner, error) {
	list, _, err := h.svc.Partners.FindPartners(r.Context(), mutual.PartnerFilter{Role: mutual.PartnerSupplier, Query: query, Limit: 500})
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, p := range list {
		if p.CanSource() == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// Join writes a list of names or choices separated by commas.
func (p *basePage) Join(list []string) string { return strings.Join(list, ", ") }

// FileSize writes a size in bytes the way people read it: 850 B, 34 KB,
// 1.2 MB.
func (p *basePage) FileSize(n int64) string {
	switch {
	case n < 1<<10:
		return i18n.FormatNumber(p.Locale, n) + " B"
	case n < 1<<20:
		return i18n.FormatNumber(p.Locale, (n+1<<9)>>10) + " KB"
	}
	return i18n.FormatDecimal(p.Locale, mutual.NewDecimal(n).Div(mutual.NewDecimal(1<<20)), 1) + " MB"
}

// Tab names the section of an event the page shows, for the event's tabs.
func (p *eventPage) Tab() string { return "overview" }

// Tab names the section of an event the page shows.
func (p *tabulationPage) Tab() string { return "bids" }

// Tab names the section of an event the page shows.
func (p *scoreFormPage) Tab() string { return "bids" }

// Tab names the section of an event the page shows.
func (p *bidRevisionsPage) Tab() string { return "bids" }

// Tab names the section of an event the page shows.
func (p *awardPage) Tab() string { return "award" }
