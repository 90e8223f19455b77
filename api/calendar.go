package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/mutualsrm/mutual"
)

// calendarJSON says whether the caller has a feed, and its address right
// after it was made (the secret is shown once).
type calendarJSON struct {
	Active bool   `json:"active"`
	URL    string `json:"url,omitempty"`
}

// handleCalendarGet says whether the caller has a calendar feed.
func (h *Handler) handleCalendarGet(w http.ResponseWriter, r *http.Request) error {
	ok, err := h.svc.Calendars.HasCalendarToken(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, calendarJSON{Active: ok})
}

// handleCalendarCreate makes (or replaces) the caller's feed and returns its
// secret address; an earlier address stops working.
// The address starts with the public URL; a request for another host gets
// none (409, host_mismatch), and the earlier address keeps working.
func (h *Handler) handleCalendarCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.publicURL.CheckHost(r.Host); err != nil {
		return err
	}
	secret, err := h.svc.Calendars.NewCalendarToken(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, calendarJSON{Active: true, URL: h.publicURL.Link("/api/v1/calendar/" + secret + ".ics")})
}

// handleCalendarDelete ends the caller's feed.
func (h *Handler) handleCalendarDelete(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Calendars.RevokeCalendarToken(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleCalendarFeed serves a feed to calendar apps, which cannot sign in:
// the secret in the address is the credential.
func (h *Handler) handleCalendarFeed(w http.ResponseWriter, r *http.Request) error {
	secret := strings.TrimSuffix(r.PathValue("file"), ".ics")
	cal, err := h.svc.Calendars.CalendarFeed(r.Context(), secret)
	if err != nil {
		if mutual.ErrorCode(err) == mutual.EUNAUTHORIZED {
			return mutual.Errorf(mutual.ENOTFOUND, "No such calendar.")
		}
		return err
	}
	return h.writeCalendar(w, cal, "mutual.ics")
}

// handleInteractionICS downloads one interaction as a calendar event.
func (h *Handler) handleInteractionICS(w http.ResponseWriter, r *http.Request) error {
	in, err := h.findInteraction(r)
	if err != nil {
		return err
	}
	partner, err := h.svc.Partners.FindPartnerByID(r.Context(), in.PartnerID)
	if err != nil {
		return err
	}
	cal := &mutual.Calendar{Events: []mutual.CalendarEvent{mutual.InteractionEvent(in, partner.Name)}}
	return h.writeCalendar(w, cal, fmt.Sprintf("interaction-%s.ics", in.ID))
}

// writeCalendar writes cal as an iCalendar file; its events' links start
// with the public URL, whatever host the request came for.
func (h *Handler) writeCalendar(w http.ResponseWriter, cal *mutual.Calendar, filename string) error {
	for i := range cal.Events {
		if e := &cal.Events[i]; strings.HasPrefix(e.URL, "/") {
			e.URL = h.publicURL.Link(e.URL)
		}
	}
	var b bytes.Buffer
	if err := cal.WriteICS(&b, h.now()); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	writeBody(w, http.StatusOK, "text/calendar; charset=utf-8", b.Bytes())
	return nil
}
