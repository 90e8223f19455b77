package web

// Numbers and dates as people type them in their language. These are pure
// functions, table-tested in locale_input_test.go; the form pipeline
// (form.go) calls them for every number, amount and date a page reads.

import (
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// parseNumber reads a number typed in locale, exactly: plain digits always
// ("5000000", "1234.5" and "1234,5" both), thousands grouped the
// locale's way ("5.000.000" and "1.234,5" in Vietnamese, "5,000,000" and
// "1,234.5" in English), and unambiguous writing of the other language.
// Badly grouped numbers ("5.00.000", "1,2,3") and anything else are
// refused. Spaces that group thousands are ignored.
func parseNumber(locale, s string) (mutual.Decimal, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return mutual.Decimal{}, false
	}
	return i18n.ParseDecimal(locale, s)
}

// parseWholeNumber reads a whole number typed in locale ("1.000" in
// Vietnamese, "1,000" in English, "1000" always); fractions are refused.
func parseWholeNumber(locale, s string) (int, bool) {
	d, ok := parseNumber(locale, s)
	if !ok || !d.Equal(d.Truncate(0)) {
		return 0, false
	}
	n := d.IntPart()
	if n > 1<<31-1 || n < -(1<<31) {
		return 0, false
	}
	return int(n), true
}

// dateLayouts are the ways a date may be typed in each language, beside
// the browser's ISO value (2006-01-02), which is always read: a date
// input sends it whatever the language.
var dateLayouts = map[string][]string{
	i18n.Vietnamese: {"02/01/2006", "2/1/2006", "02-01-2006", "2-1-2006", "02.01.2006", "2.1.2006"},
	i18n.English:    {"2 Jan 2006", "2 January 2006", "Jan 2 2006", "January 2 2006"},
}

// parseDate reads a calendar date typed in locale: dd/mm/yyyy in
// Vietnamese (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy), as English pages
// show it ("2 Jan 2006"), and yyyy-mm-dd always. Dates that do not exist
// (31/02/2026) are refused.
func parseDate(locale, s string) (mutual.Date, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return mutual.Date{}, false
	}
	if d, ok := mutual.ParseDate(s); ok {
		return d, true
	}
	for _, layout := range dateLayouts[locale] {
		if t, err := time.Parse(layout, strings.ReplaceAll(s, ",", "")); err == nil && t.Year() >= 1000 {
			return mutual.NewDate(t.Year(), t.Month(), t.Day()), true
		}
	}
	return mutual.Date{}, false
}

// dateInput writes a date for a date field in locale: dd/mm/yyyy in
// Vietnamese, which the field shows as text, and the ISO value of a date
// input in English. A value that is not a date (what the user typed, shown
// back with its problem) is kept as it is.
func dateInput(locale, s string) string {
	if locale != i18n.Vietnamese {
		if d, ok := parseDate(locale, s); ok {
			return d.String()
		}
		return s
	}
	if d, ok := mutual.ParseDate(strings.TrimSpace(s)); ok {
		return d.Time().Format("02/01/2006")
	}
	return s
}

// datePattern is how a date is written in a date field of locale, for
// its placeholder and the message when it does not read.
func datePattern(locale string) string {
	if locale == i18n.Vietnamese {
		return "dd/mm/yyyy"
	}
	return "yyyy-mm-dd"
}
