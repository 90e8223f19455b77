package web

import (
	"bytes"
	"net/http"

	"github.com/mutualsrm/mutual"
)

// calendarPage is the user's calendar feed: whether they have one, its
// address right after it is made (shown once), and the buttons. Error
// says why no address was made.
type calendarPage struct {
	basePage
	Active bool
	URL    string
	Error  string
}

// handleCalendar shows the calendar feed settings.
func (h *Handler) handleCalendar(w http.ResponseWriter, r *http.Request) error {
	active, err := h.svc.Calendars.HasCalendarToken(r.Context())
	if err != nil {
		return err
	}
	p := &calendarPage{basePage: h.newBase(w, r, "calendar.title", "calendar"), Active: active}
	return h.render(w, r, http.StatusOK, "calendar", p)
}

// handleCalendarCreate makes a new feed address, which replaces any earlier
// one, and shows it this once.
func (h *Handler) handleCalendarCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.publicURL.CheckHost(r.Host); err != nil {
		// A link for a host the operator did not name is none of ours.
		active, ferr := h.svc.Calendars.HasCalendarToken(r.Context())
		if ferr != nil {
			return ferr
		}
		p := &calendarPage{basePage: h.newBase(w, r, "calendar.title", "calendar"), Active: active}
		p.Error = p.T("calendar.host_mismatch", h.publicURL.String(), h.publicURL.String())
		return h.render(w, r, http.StatusConflict, "calendar", p)
	}
	secret, err := h.svc.Calendars.NewCalendarToken(r.Context())
	if err != nil {
		return err
	}
	p := &calendarPage{basePage: h.newBase(w, r, "calendar.title", "calendar"), Active: true,
		URL: h.publicURL.Link("/api/v1/calendar/" + secret + ".ics")}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "calendar", p)
}

// handleCalendarRevoke ends the feed.
func (h *Handler) handleCalendarRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Calendars.RevokeCalendarToken(r.Context()); err != nil {
		return err
	}
	h.flash(w, "flash.calendar_revoked")
	http.Redirect(w, r, "/calendar", http.StatusSeeOther)
	return nil
}

// handleInteractionICS downloads a planned meeting or visit for a calendar app.
func (h *Handler) handleInteractionICS(w http.ResponseWriter, r *http.Request) error {
	id, ok := mutual.ParseID(r.PathValue("iid"))
	if !ok || id == 0 {
		return mutual.Errorf(mutual.ENOTFOUND, "Page not found.")
	}
	in, err := h.svc.Interactions.FindInteractionByID(r.Context(), id)
	if err != nil {
		return err
	}
	if in.PartnerID.String() != r.PathValue("id") {
		return mutual.Errorf(mutual.ENOTFOUND, "Page not found.")
	}
	partner, err := h.svc.Partners.FindPartnerByID(r.Context(), in.PartnerID)
	if err != nil {
		return err
	}
	e := mutual.InteractionEvent(in, partner.Name)
	e.URL = h.publicURL.Link(e.URL)
	var b bytes.Buffer
	if err := (&mutual.Calendar{Events: []mutual.CalendarEvent{e}}).WriteICS(&b, h.now()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="meeting-`+in.ID.String()+`.ics"`)
	_, err = w.Write(b.Bytes())
	return err
}
