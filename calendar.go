package mutual

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEvent is one entry of a user's calendar feed: a planned meeting or
// visit (with a start and an end), or an all-day item such as a commitment
// falling due or a touch a cadence asks for.
type CalendarEvent struct {
	UID         string
	Summary     string
	Description string
	Location    string
	URL         string
	Start, End  time.Time // timed events
	Day         Date      // all-day events
	Updated     time.Time
	Cancelled   bool
}

// Calendar is a user's private feed.
type Calendar struct {
	Name   string
	Events []CalendarEvent
}

// CalendarService gives each user a private iCalendar feed behind a secret
// URL token, and revokes it.
type CalendarService interface {
	// NewCalendarToken creates the caller's feed token, replacing any earlier
	// one (which stops working), and returns the secret.
	NewCalendarToken(ctx context.Context) (string, error)
	// RevokeCalendarToken ends the caller's feed.
	RevokeCalendarToken(ctx context.Context) error
	// HasCalendarToken reports whether the caller has a live feed.
	HasCalendarToken(ctx context.Context) (bool, error)
	// CalendarFeed returns the calendar of the user holding secret: their
	// planned interactions, the due dates of commitments they own and of the
	// touches their partners' cadences ask for. EUNAUTHORIZED for an unknown secret.
	CalendarFeed(ctx context.Context, secret string) (*Calendar, error)
}

// WriteICS writes c as an iCalendar (RFC 5545) document.
func (c *Calendar) WriteICS(w io.Writer, now time.Time) error {
	iw := &icsWriter{w: w}
	iw.line("BEGIN:VCALENDAR")
	iw.line("VERSION:2.0")
	iw.line("PRODID:-//Mutual//SRM//EN")
	iw.line("CALSCALE:GREGORIAN")
	iw.line("METHOD:PUBLISH")
	if c.Name != "" {
		iw.prop("X-WR-CALNAME", c.Name)
	}
	for _, e := range c.Events {
		iw.line("BEGIN:VEVENT")
		iw.prop("UID", e.UID)
		stamp := e.Updated
		if stamp.IsZero() {
			stamp = now
		}
		iw.line("DTSTAMP:" + icsTime(stamp))
		if e.Day.IsZero() {
			iw.line("DTSTART:" + icsTime(e.Start))
			end := e.End
			if end.IsZero() || !end.After(e.Start) {
				end = e.Start.Add(time.Hour)
			}
			iw.line("DTEND:" + icsTime(end))
		} else {
			iw.line("DTSTART;VALUE=DATE:" + e.Day.Time().Format("20060102"))
			iw.line("DTEND;VALUE=DATE:" + e.Day.AddDays(1).Time().Format("20060102"))
			iw.line("TRANSP:TRANSPARENT")
		}
		iw.prop("SUMMARY", e.Summary)
		if e.Description != "" {
			iw.prop("DESCRIPTION", e.Description)
		}
		if e.Location != "" {
			iw.prop("LOCATION", e.Location)
		}
		if e.URL != "" {
			iw.line("URL:" + e.URL)
		}
		if e.Cancelled {
			iw.line("STATUS:CANCELLED")
		}
		iw.line("END:VEVENT")
	}
	iw.line("END:VCALENDAR")
	return iw.err
}

func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsWriter writes content lines: CRLF endings, text escaped, lines folded
// at 75 octets without splitting a UTF-8 character.
type icsWriter struct {
	w   io.Writer
	err error
}

func (iw *icsWriter) prop(name, text string) {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	iw.line(name + ":" + r.Replace(text))
}

func (iw *icsWriter) line(s string) {
	if iw.err != nil {
		return
	}
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	_, iw.err = fmt.Fprint(iw.w, b.String())
}

// InteractionEvent is the calendar event of an interaction.
func InteractionEvent(in *Interaction, partnerName string) CalendarEvent {
	e := CalendarEvent{
		UID: "interaction-" + in.ID.String() + "@mutual", Summary: in.Subject + " — " + partnerName, Description: in.Notes,
		Location: in.Location, URL: "/partners/" + in.PartnerID.String(), Start: in.OccurredAt, Updated: in.UpdatedAt,
		Cancelled: in.State() == InteractionCancelled,
	}
	if in.EndsAt != nil {
		e.End = *in.EndsAt
	}
	return e
}
