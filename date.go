package mutual

import (
	"bytes"
	"strconv"
	"time"
)

// Date is a calendar day without a time or zone, as in "due on 2026-12-01".
// The zero Date means "no date". Deadlines that end "at the end of the day"
// are read in the company's time zone.
type Date struct{ t time.Time }

// DateOf returns the day that t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, false
	}
	return Date{t}, true
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// Year returns the year of d.
func (d Date) Year() int { return d.t.Year() }

// EndIn returns the instant the day ends in loc: the start of the next day.
func (d Date) EndIn(loc *time.Location) time.Time {
	y, m, day := d.t.AddDate(0, 0, 1).Date()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// Time returns midnight UTC of d, for formatting.
func (d Date) Time() time.Time { return d.t }

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(d.String())), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", null or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == `""` {
		*d = Date{}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return &Error{Code: EINVALID, Message: "Not a date (YYYY-MM-DD)."}
	}
	v, ok := ParseDate(s)
	if !ok {
		return &Error{Code: EINVALID, Message: "Not a date (YYYY-MM-DD)."}
	}
	*d = v
	return nil
}
