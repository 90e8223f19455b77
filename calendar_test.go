package mutual_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
)

func TestCalendar_WriteICS(t *testing.T) {
	start := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	c := &mutual.Calendar{Name: "Mutual — Lan", Events: []mutual.CalendarEvent{
		{UID: "interaction-1@mutual", Summary: "Họp đánh giá quý, Hòa Phát; bring samples", Start: start, End: start.Add(90 * time.Minute),
			Description: "Line one\nLine two " + strings.Repeat("dài ", 40), Location: "Hà Nội"},
		{UID: "commitment-2@mutual", Summary: "Due: send forecast", Day: mutual.NewDate(2026, 12, 5)},
	}}
	var b strings.Builder
	if err := c.WriteICS(&b, start); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "DTSTART:20261203T020000Z\r\n", "DTEND:20261203T033000Z\r\n",
		`SUMMARY:Họp đánh giá quý\, Hòa Phát\; bring samples` + "\r\n",
		"DTSTART;VALUE=DATE:20261205\r\n", "DTEND;VALUE=DATE:20261206\r\n", "END:VCALENDAR\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
		if !strings.HasPrefix(line, " ") && strings.Contains(line, "\n") {
			t.Errorf("bare newline in %q", line)
		}
	}
	// Unfolding gives back the description, escaped.
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, `DESCRIPTION:Line one\nLine two dài dài`) {
		t.Errorf("description not escaped and folded: %s", unfolded)
	}
}
