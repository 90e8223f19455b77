package web

import (
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// opening fills what the event page says about opening the sealed bids:
// the committee, whether the user may open them now, and, when the refusal
// is about the user rather than the event's state, why not. It asks the
// domain's CanOpen, as the store does.
func (p *eventPage) opening(e *mutual.Event, me *mutual.User, now time.Time) {
	for _, id := range e.Committee {
		p.Committee = append(p.Committee, p.Names[id])
	}
	if !e.Sealed || e.Status != mutual.EventClosed || p.Visible || !mutual.CanOpenBids(me) {
		return
	}
	err := e.CanOpen(me, now)
	p.CanOpen = err == nil
	switch mutual.ErrorReason(err) {
	case mutual.ReasonNotCommittee, mutual.ReasonPasswordRecentlyReset:
		p.OpenRefusal = p.refusal(err, me)
	}
}

// refusal is what to say, in the user's language, of an opening refused
// for err.
func (p *eventPage) refusal(err error, me *mutual.User) string {
	reason := mutual.ErrorReason(err)
	switch {
	case reason == mutual.ReasonPasswordRecentlyReset:
		by := p.Names[me.PasswordResetBy]
		if by == "" {
			by = p.T("opening.someone_else")
		}
		return p.T("opening.reason.password_recently_reset", by, p.DateTime(me.PasswordResetAt),
			p.DateTime(me.PasswordResetAt.Add(mutual.ResetCooldown)))
	case mutual.ErrorCode(err) == mutual.ERATELIMIT:
		return p.T("login.rate_limited", int(mutual.LoginWindow.Minutes()))
	case reason != "" && i18n.Has("opening.reason."+reason):
		return p.T("opening.reason." + reason)
	}
	return stateMessage(p.Locale, err)
}

// handleEventUnseal records the user's opening of the sealed bids,
// confirmed with their password. A refusal shows the event page again
// with why, and never the password typed.
func (h *Handler) handleEventUnseal(w http.ResponseWriter, r *http.Request) error {
	pf, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	v := pf.Values
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	got, err := h.svc.Events.UnsealEvent(r.Context(), e.ID, v.Get("password"), h.clientAddr(r))
	if err != nil {
		return h.openingFailed(w, r, e.ID, err)
	}
	next := "/events/" + e.ID.String() + "/bids"
	if got.UnsealedAt.IsZero() {
		// The first of two openings: the bids stay sealed.
		h.flash(w, "flash.event_opened_first")
		next = "/events/" + e.ID.String()
	} else {
		h.flash(w, "flash.event_opened")
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// openingFailed shows the event page again with why the opening was
// refused: beside the password when it was wrong or missing, above the
// page otherwise.
func (h *Handler) openingFailed(w http.ResponseWriter, r *http.Request, id mutual.ID, err error) error {
	code := mutual.ErrorCode(err)
	status, ok := errorStatus[code]
	if !ok || code == mutual.ENOTFOUND || (code == mutual.EFORBIDDEN && mutual.ErrorReason(err) == "") {
		return err
	}
	e, ferr := h.svc.Events.FindEventByID(r.Context(), id)
	if ferr != nil {
		return ferr
	}
	p, perr := h.newEventPage(w, r, e)
	if perr != nil {
		return perr
	}
	me := mutual.UserFromContext(r.Context())
	p.Errors = map[string]string{}
	switch {
	case code == mutual.EINVALID:
		p.Message = p.T("form.invalid")
		p.Errors["password"] = p.T("opening.password_required")
	case mutual.ErrorReason(err) == mutual.ReasonWrongPassword:
		p.Message = p.T("opening.refused")
		p.Errors["password"] = p.T("opening.reason.wrong_password")
	default:
		p.Message = p.T("opening.refused")
		p.Other = append(p.Other, p.refusal(err, me))
	}
	return h.render(w, r, status, "event_show", p)
}
