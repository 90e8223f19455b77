package i18n

import (
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// DefaultZone is the time zone dates are shown in unless the caller says
// otherwise: Vietnam, which keeps UTC+7 all year.
var DefaultZone = loadZone("Asia/Ho_Chi_Minh", 7*60*60)

func loadZone(name string, offset int) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	// No zone database on this machine; Vietnam has no daylight saving time,
	// so the fixed offset is exact.
	return time.FixedZone("ICT", offset)
}

// separators returns the decimal and grouping separators of locale.
func separators(locale string) (decimal, group byte) {
	if locale == Vietnamese {
		return ',', '.'
	}
	return '.', ','
}

// group writes the digits of an unsigned integer string in groups of three.
func group(digits string, sep byte) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3)
	head := len(digits) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(digits[:head])
	for i := head; i < len(digits); i += 3 {
		b.WriteByte(sep)
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// FormatNumber writes a whole number with the locale's grouping:
// 1,250,000 in English, 1.250.000 in Vietnamese.
func FormatNumber(locale string, n int64) string {
	_, sep := separators(locale)
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + group(s[1:], sep)
	}
	return group(s, sep)
}

// FormatDecimal writes d with exactly places decimals (rounding half away
// from zero) and the locale's separators: 1,250.50 or 1.250,50.
func FormatDecimal(locale string, d mutual.Decimal, places int32) string {
	dec, sep := separators(locale)
	s := d.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	out := group(whole, sep)
	if frac != "" {
		out += string(dec) + frac
	}
	if neg && strings.Trim(whole+frac, "0") != "" {
		out = "-" + out
	}
	return out
}

// InputDecimal writes d for an input field: all its digits, the locale's
// decimal separator and no grouping, so that ParseDecimal reads it back
// exactly (1250.5 or 1250,5).
func InputDecimal(locale string, d mutual.Decimal) string {
	s := d.String()
	if locale == Vietnamese {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// currencySymbols are the symbols written for well-known currencies, in
// English (before the amount) and Vietnamese (after it).
var currencySymbols = map[string]message{
	"VND": {"₫", "₫"},
	"USD": {"$", "US$"},
	"EUR": {"€", "€"},
	"GBP": {"£", "£"},
	"JPY": {"¥", "¥"},
}

// FormatMoney writes m with its currency's minor unit (VND has none, USD two)
// as people write it in locale: "₫1,250,000" and "$1,250.50" in English,
// "1.250.000 ₫" and "1.250,50 US$" in Vietnamese. Currencies without a
// symbol are written with their code ("SGD 1,250.50", "1.250,50 SGD").
// An amount with more decimals than its currency allows keeps them all.
// The zero Money is written as "".
func FormatMoney(locale string, m mutual.Money) string {
	if m.IsZero() {
		return ""
	}
	places := mutual.CurrencyDigits(m.Currency)
	if exp := -m.Amount.Exponent(); exp > places && !m.Amount.Equal(m.Amount.Truncate(places)) {
		places = exp
	}
	amount := FormatDecimal(locale, m.Amount.Abs(), places)
	sign := ""
	if m.Amount.IsNegative() {
		sign = "-"
	}
	sym, ok := currencySymbols[m.Currency]
	if locale == Vietnamese {
		s := m.Currency
		if ok {
			s = sym.vi
		}
		return sign + amount + " " + s
	}
	if ok {
		return sign + sym.en + amount
	}
	return sign + m.Currency + " " + amount
}

// ParseDecimal reads a number as a person typed it in locale. Spaces are
// ignored; when both "." and "," appear, the last one is the decimal
// separator; a separator that appears more than once groups thousands; a
// lone separator is read the locale's way, except that a lone grouping
// separator followed by other than three digits is taken as the decimal
// point ("1.250.000" and "1250,5" in Vietnamese, "1,250,000" and "1250.5"
// in English; "12.5" in Vietnamese is 12.5).
func ParseDecimal(locale, s string) (mutual.Decimal, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '_', '\'':
			return -1
		}
		return r
	}, s)
	if s == "" {
		return mutual.Decimal{}, false
	}
	dot, comma := strings.Count(s, "."), strings.Count(s, ",")
	var decSep string
	switch {
	case dot > 0 && comma > 0:
		if strings.LastIndex(s, ".") > strings.LastIndex(s, ",") {
			decSep = "."
		} else {
			decSep = ","
		}
	case dot > 1:
		decSep = ","
	case comma > 1:
		decSep = "."
	case dot == 1 || comma == 1:
		sep := "."
		if comma == 1 {
			sep = ","
		}
		decimal, grouping := separators(locale)
		decSep = sep
		if sep == string(grouping) {
			after := s[strings.Index(s, sep)+1:]
			if len(after) == 3 {
				decSep = string(decimal)
			}
		}
	default:
		decSep = "."
	}
	groupSep := ","
	if decSep == "," {
		groupSep = "."
	}
	if strings.Count(s, decSep) > 1 {
		return mutual.Decimal{}, false
	}
	whole, frac, hasFrac := strings.Cut(s, decSep)
	if groupSep != "" && strings.Contains(whole, groupSep) {
		parts := strings.Split(strings.TrimPrefix(whole, "-"), groupSep)
		for i, p := range parts {
			if (i > 0 && len(p) != 3) || (i == 0 && (len(p) == 0 || len(p) > 3)) {
				return mutual.Decimal{}, false
			}
		}
		whole = strings.ReplaceAll(whole, groupSep, "")
	}
	if strings.Contains(frac, groupSep) {
		return mutual.Decimal{}, false
	}
	n := whole
	if hasFrac {
		n += "." + frac
	}
	return mutual.ParseDecimal(n)
}

// FormatDate writes the calendar date of t in zone (DefaultZone when nil):
// "2 Jan 2006" in English, "02/01/2006" in Vietnamese.
func FormatDate(locale string, t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if zone == nil {
		zone = DefaultZone
	}
	t = t.In(zone)
	if locale == Vietnamese {
		return t.Format("02/01/2006")
	}
	return t.Format("2 Jan 2006")
}

// FormatDateTime writes the date and time of t in zone (DefaultZone when
// nil), on the 24-hour clock: "2 Jan 2006, 15:04" in English,
// "02/01/2006 15:04" in Vietnamese.
func FormatDateTime(locale string, t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if zone == nil {
		zone = DefaultZone
	}
	t = t.In(zone)
	if locale == Vietnamese {
		return t.Format("02/01/2006 15:04")
	}
	return t.Format("2 Jan 2006, 15:04")
}
