package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// savingsPage is the savings report: baseline spend, awarded or
// negotiated spend and the saving, grouped, in the base currency.
type savingsPage struct {
	basePage
	formState
	From, To, GroupBy, Category string
	PartnerID, BuyerID          mutual.ID
	Groups                      []string
	Partners                    []*mutual.Partner
	Buyers                      []*mutual.User
	Report                      *mutual.SavingsReport
	Filtered                    bool
}

// RowLabel returns the label of a row of the report: a month as people write
// it, the others as the report names them.
func (p *savingsPage) RowLabel(row mutual.SavingsRow) string {
	if p.GroupBy == "month" {
		if t, err := time.Parse("2006-01", row.Key); err == nil {
			if p.Locale == i18n.Vietnamese {
				return t.Format("01/2006")
			}
			return t.Format("Jan 2006")
		}
	}
	if row.Label == "" {
		return p.T("savings.unlabelled")
	}
	return row.Label
}

// handleSavings shows the savings report: three store calls.
func (h *Handler) handleSavings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := &savingsPage{basePage: h.newBase(w, r, "savings.title", "savings"), Groups: mutual.SavingsGroups,
		From: q.Get("from"), To: q.Get("to"), GroupBy: q.Get("group_by"), Category: strings.TrimSpace(q.Get("category"))}
	if p.GroupBy == "" {
		p.GroupBy = "month"
	}
	// The filter is a form read from the query: its dates are typed the
	// user's way (dd/mm/yyyy in Vietnamese) or come from a date input.
	qf := &form{Values: q, locale: p.Locale}
	f := mutual.SavingsFilter{GroupBy: p.GroupBy, Category: p.Category,
		From: qf.Date("from", "savings.from"), To: qf.Date("to", "savings.to")}
	probs := qf.Problems
	var ok bool
	if p.PartnerID, ok = mutual.ParseID(q.Get("partner_id")); !ok {
		probs.Add("partner_id", "id", "Choose the partner from the list.")
	}
	if p.BuyerID, ok = mutual.ParseID(q.Get("buyer_id")); !ok {
		probs.Add("buyer_id", "id", "Choose the buyer from the list.")
	}
	f.PartnerID, f.BuyerID = p.PartnerID, p.BuyerID
	p.Filtered = p.From != "" || p.To != "" || p.Category != "" || p.PartnerID != 0 || p.BuyerID != 0
	var err error
	if p.Partners, err = h.supplierChoices(r, ""); err != nil {
		return err
	}
	users, err := h.svc.Users.FindAssignableUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Role != mutual.RoleViewer {
			p.Buyers = append(p.Buyers, u)
		}
	}
	status := http.StatusOK
	if len(probs) > 0 {
		err = probs.Err()
	} else {
		p.Report, err = h.svc.Savings.Savings(ctx, f)
	}
	if err != nil {
		s, ok := p.setScoped(p.Locale, "savings", err, []string{"from", "to", "group_by", "partner_id", "buyer_id", "category"})
		if !ok {
			return err
		}
		status = s
	}
	return h.render(w, r, status, "savings", p)
}
