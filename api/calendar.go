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

// baseURL is the scheme and host the request came in on.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
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
func (h *Handler) handleCalendarCreate(w http.ResponseWriter, r *http.Request) error {
	secret, err := h.svc.Calendars.NewCalendarToken(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, calendarJSON{Active: true, URL: baseURL(r) + "/api/v1/calendar/" + secret + ".ics"})
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
	return h.writeCalendar(w, r, cal, "mutual.ics")
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
	return h.writeCalendar(w, r, cal, fmt.Sprintf("interaction-%s.ics", in.ID))
}

func (h *Handler) writeCalendar(w http.ResponseWriter, r *http.Request, cal *mutual.Calendar, filename string) error {
	base := baseURL(r)
	for i := range cal.Events {
		if e := &cal.Events[i]; strings.HasPrefix(e.URL, "/") {
			e.URL = base + e.URL
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
