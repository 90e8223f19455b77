package web

import (
	"net/http"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// lifecycleFields are the inputs of the status form.
var lifecycleFields = []string{"status", "reason"}

// lifecycleBox is a partner's place in its life cycle on its page, for
// internal users: the status, the moves allowed from it with the form that
// makes one (a reason is required), and the moves made, newest first.
type lifecycleBox struct {
	formState
	Status    string
	CanMove   bool     // the user may move partners
	Moves     []string // the statuses the partner may move to now
	Action    string
	Version   int
	Reason    string // as typed, when the form comes back
	Open      bool   // the form is shown open, after an error
	History   []lifecycleEntry
	Initial   string // the status the partner was created in
	CreatedOn string
}

// lifecycleEntry is one recorded move as the page shows it.
type lifecycleEntry struct {
	Change *mutual.StatusChange
	When   string
	By     string
}

// loadLifecycle reads the partner's moves for its page.
func (h *Handler) loadLifecycle(r *http.Request, p *basePage, partner *mutual.Partner) (*lifecycleBox, error) {
	changes, err := h.svc.Partners.FindStatusChanges(r.Context(), partner.ID)
	if err != nil {
		return nil, err
	}
	b := &lifecycleBox{
		Status:    partner.Status,
		CanMove:   mutual.CanWritePartners(p.User),
		Moves:     partner.StatusMoves(),
		Action:    "/partners/" + partner.ID.String() + "/status",
		Version:   partner.Version,
		Initial:   partner.Status,
		CreatedOn: p.Day(partner.CreatedAt),
	}
	if n := len(changes); n > 0 {
		b.Initial = changes[n-1].From
	}
	for _, c := range changes {
		e := lifecycleEntry{Change: c, When: p.DateTime(c.ChangedAt), By: p.T("lifecycle.by_system")}
		if c.ChangedBy != 0 {
			e.By = p.T("lifecycle.by", c.ChangedByName)
		}
		b.History = append(b.History, e)
	}
	return b, nil
}

// setError shows why a move was not made: beside the reason or the status
// for a field at fault, above the form for a move the life cycle refuses
// or a change made meanwhile, in the user's language.
func (b *lifecycleBox) setError(p *basePage, err error, to string) (int, bool) {
	status, ok := b.formState.setError(p.Locale, err, lifecycleFields)
	if !ok {
		return status, false
	}
	b.Open = true
	b.Errors, b.Other = map[string]string{}, nil
	for _, fe := range mutual.ErrorFields(err) {
		msg := i18n.ScopedFieldMessage(p.Locale, "lifecycle", fe)
		if contains(lifecycleFields, fe.Field) {
			if b.Errors[fe.Field] == "" {
				b.Errors[fe.Field] = msg
			}
			continue
		}
		b.Other = append(b.Other, msg)
	}
	switch {
	case b.Stale:
		b.Message = p.T("lifecycle.stale")
	case mutual.ErrorCode(err) == mutual.ECONFLICT:
		b.Message = p.T("lifecycle.refused_form")
		switch mutual.ErrorReason(err) {
		case mutual.ReasonStatusUnchanged:
			b.Other = []string{p.T("lifecycle.unchanged", p.Label("status", b.Status))}
		case mutual.ReasonStatusMoveNotAllowed:
			b.Other = []string{p.T("lifecycle.refused", p.Label("status", b.Status), p.Label("status", to))}
		default:
			b.Other = []string{stateMessage(p.Locale, err)}
		}
	}
	return status, true
}

// handlePartnerStatus moves a partner along its life cycle from its page.
// On success it goes back to the page; otherwise the page comes back with
// the form open, the reason as typed and the message beside it.
func (h *Handler) handlePartnerStatus(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m := mutual.StatusMove{Status: v.Get("status"), Reason: v.Get("reason"), Version: formVersion(v.Get("version"))}
	_, err = h.svc.Partners.ChangePartnerStatus(r.Context(), id, m)
	if err == nil {
		h.flash(w, "flash.status_changed")
		http.Redirect(w, r, "/partners/"+id.String()+"#lifecycle", http.StatusSeeOther)
		return nil
	}
	code := mutual.ErrorCode(err)
	if code != mutual.EINVALID && code != mutual.ECONFLICT && code != mutual.EPRECONDITION {
		return err
	}
	p, perr := h.loadPartnerPage(w, r, id)
	if perr != nil {
		return perr
	}
	if p.Lifecycle == nil {
		return err
	}
	status, ok := p.Lifecycle.setError(&p.basePage, err, v.Get("status"))
	if !ok {
		return err
	}
	p.Lifecycle.Reason = v.Get("reason")
	return h.render(w, r, status, "partner_show", p)
}
