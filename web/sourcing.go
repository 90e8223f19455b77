package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// sourcingRoutes adds the buying side's pages of sourcing and negotiation:
// events, their bids and award, agreements, negotiations and savings.
func (h *Handler) sourcingRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events", h.page(h.handleEventList))
	mux.Handle("GET /events/new", h.page(h.handleEventNew))
	mux.Handle("POST /events/new", h.page(h.handleEventCreate))
	mux.Handle("GET /events/{id}", h.page(h.handleEventShow))
	mux.Handle("GET /events/{id}/edit", h.page(h.handleEventEdit))
	mux.Handle("POST /events/{id}/edit", h.page(h.handleEventUpdate))
	mux.Handle("POST /events/{id}/publish", h.page(h.handleEventPublish))
	mux.Handle("POST /events/{id}/close", h.page(h.handleEventClose))
	mux.Handle("POST /events/{id}/cancel", h.page(h.handleEventCancel))
	mux.Handle("POST /events/{id}/unseal", h.page(h.handleEventUnseal))
	mux.Handle("POST /events/{id}/copy", h.page(h.handleEventCopy))
	mux.Handle("POST /events/{id}/extend", h.page(h.handleEventExtend))
	mux.Handle("POST /events/{id}/invitations", h.page(h.handleEventInvite))
	mux.Handle("POST /events/{id}/invitations/{pid}/delete", h.page(h.handleEventUninvite))
	mux.Handle("POST /events/{id}/clarifications", h.page(h.handleClarificationAdd))
	mux.Handle("POST /events/{id}/documents", h.page(h.handleDocumentUpload))
	mux.Handle("GET /events/{id}/documents/{did}", h.page(h.handleDocumentDownload))
	mux.Handle("POST /events/{id}/documents/{did}/delete", h.page(h.handleDocumentDelete))

	mux.Handle("GET /events/{id}/bids", h.page(h.handleTabulation))
	mux.Handle("GET /events/{id}/tabulation.csv", h.page(h.handleTabulationCSV))
	mux.Handle("GET /events/{id}/bids/{pid}", h.page(h.handleBidRevisions))
	mux.Handle("POST /events/{id}/bids/{bid}/negotiate", h.page(h.handleNegotiateBid))
	mux.Handle("GET /events/{id}/scores", h.page(h.handleScoreForm))
	mux.Handle("POST /events/{id}/scores", h.page(h.handleScoreSave))
	mux.Handle("GET /events/{id}/award", h.page(h.handleAwardForm))
	mux.Handle("POST /events/{id}/award", h.page(h.handleAward))

	mux.Handle("GET /agreements", h.page(h.handleAgreementList))
	mux.Handle("GET /negotiations", h.page(h.handleNegotiationList))
	mux.Handle("GET /negotiations/new", h.page(h.handleNegotiationNew))
	mux.Handle("POST /negotiations/new", h.page(h.handleNegotiationCreate))
	mux.Handle("GET /negotiations/{id}", h.page(h.handleNegotiationShow))
	mux.Handle("POST /negotiations/{id}/rounds", h.page(h.handleNegotiationRound))
	mux.Handle("POST /negotiations/{id}/close", h.page(h.handleNegotiationClose))
	mux.Handle("GET /savings", h.page(h.handleSavings))
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

// internalOnly refuses the buying side's sourcing pages to supplier users:
// to them the pages do not exist.
func internalOnly(r *http.Request) (*mutual.User, error) {
	me := mutual.UserFromContext(r.Context())
	if !me.IsInternal() {
		return nil, mutual.Errorf(mutual.ENOTFOUND, "Page not found.")
	}
	return me, nil
}

// parseAmount reads an optional price typed in locale, in currency; the
// problem is recorded under field.
func parseAmount(p *mutual.Problems, locale, field, s, currency string) mutual.Money {
	s = strings.TrimSpace(s)
	if s == "" {
		return mutual.Money{}
	}
	d, ok := parseNumber(locale, s)
	if !ok {
		p.Add(field, "decimal", "Not a number.")
		return mutual.Money{}
	}
	return mutual.Money{Amount: d, Currency: currency}
}

// parseQuantity reads a quantity typed in locale; empty is zero, which the
// domain refuses with its own message.
func parseQuantity(p *mutual.Problems, locale, field, s string) mutual.Decimal {
	s = strings.TrimSpace(s)
	if s == "" {
		return mutual.Decimal{}
	}
	d, ok := parseNumber(locale, s)
	if !ok {
		p.Add(field, "decimal", "Not a number.")
	}
	return d
}

// parseDays reads a whole number of days; empty is zero.
func parseDays(p *mutual.Problems, field, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(field, "whole_number", "Write a whole number of days.")
	}
	return n
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

// stateMessage is what to say about a refusal for the state of an event
// or negotiation: the domain's precise words in English; in Vietnamese
// the message for its reason (refusalKeys), or a general sentence for a
// refusal without one.
func stateMessage(locale string, err error) string {
	if locale == i18n.English {
		return mutual.ErrorMessage(err)
	}
	if text, ok := refusalText(locale, err); ok {
		return text
	}
	if locale == i18n.Vietnamese {
		return i18n.T(locale, "sourcing.not_now_text")
	}
	return mutual.ErrorMessage(err)
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
