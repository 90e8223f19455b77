package mutual

import (
	"strconv"
	"unicode/utf8"
)

// checkText refuses text that no person types and that databases choke on:
// invalid UTF-8, NUL and other control characters (tabs and, where lines are
// allowed, line breaks excepted).
func checkText(p *Problems, field, s string, lines bool) {
	if p.Has(field) {
		return
	}
	if !utf8.ValidString(s) {
		p.Add(field, "text", "Text must be valid UTF-8.")
		return
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && !(lines && (r == '\n' || r == '\r')) || r == 0x7f {
			p.Add(field, "text", "Text contains a control character.")
			return
		}
	}
}

// CheckText checks free text that is not a field of a validated type, such
// as a reason or a note given with a state change: at most max characters,
// no control characters but tabs and, where lines are allowed, line breaks.
func CheckText(p *Problems, field, s string, max int, lines bool) {
	optionalText(p, field, s, max, lines)
}

// requiredText checks a field of free text that must be given: at most max
// characters, no control characters (see checkText).
func requiredText(p *Problems, field, s string, max int, lines bool) {
	if s == "" {
		p.Add(field, "required", "This field is required.")
		return
	}
	optionalText(p, field, s, max, lines)
}

// optionalText checks a field of free text that may be empty.
func optionalText(p *Problems, field, s string, max int, lines bool) {
	if len([]rune(s)) > max {
		p.Add(field, "too_long", "Too long ("+itoa(max)+" characters at most).")
		return
	}
	checkText(p, field, s, lines)
}

// oneOf reports whether s is one of set.
func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// itoa writes i in decimal, for messages.
func itoa(i int) string { return strconv.Itoa(i) }
