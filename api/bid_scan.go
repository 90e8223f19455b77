package api

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
)

// decodeBid reads a bid body of the usual shape in one pass, without
// reflection: suppliers send bids of hundreds of lines, at the last minute,
// all at once. Anything unusual (an unknown, repeated, null or mistyped
// field, an escape in a string, a number that is not a plain decimal)
// reports false, and parseBid then reads the body field by field, naming
// every problem. What it accepts, parseBid reads alike (bid_decode_test.go).
func decodeBid(body []byte) (*mutual.Bid, bool) {
	s := &scan{b: body}
	b := &mutual.Bid{}
	ok := s.object(func(key []byte) bool {
		switch string(key) {
		case "lines":
			b.Lines = []mutual.BidLine{}
			return s.array(func() bool {
				var l mutual.BidLine
				ok := s.object(func(key []byte) bool {
					switch string(key) {
					case "line_id":
						return s.id(&l.LineID)
					case "unit_price":
						return s.money(&l.UnitPrice)
					case "lead_time_days":
						return s.int(&l.LeadTimeDays)
					case "note":
						return s.str(&l.Note)
					}
					return false
				})
				b.Lines = append(b.Lines, l)
				return ok
			})
		case "answers":
			b.Answers = []mutual.Answer{}
			return s.array(func() bool {
				var a mutual.Answer
				ok := s.object(func(key []byte) bool {
					switch string(key) {
					case "question_id":
						return s.id(&a.QuestionID)
					case "text":
						return s.str(&a.Text)
					case "yes":
						return s.bool(&a.Yes)
					case "number":
						return s.decimal(&a.Number)
					case "document_id":
						return s.id(&a.DocumentID)
					}
					return false
				})
				b.Answers = append(b.Answers, a)
				return ok
			})
		case "comments":
			return s.str(&b.Comments)
		case "valid_until":
			var v string
			if !s.str(&v) {
				return false
			}
			if v == "" {
				return true
			}
			d, ok := mutual.ParseDate(v)
			b.ValidUntil = d
			return ok
		}
		return false
	})
	if s.ws(); !ok || s.i != len(s.b) {
		return nil, false
	}
	if len(b.Lines) == 0 {
		b.Lines = nil
	}
	if len(b.Answers) == 0 {
		b.Answers = nil
	}
	return b, true
}

// scan reads JSON of a known shape from b, from i on.
type scan struct {
	b []byte
	i int
}

func (s *scan) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// next skips white space and consumes c if it comes next.
func (s *scan) next(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads an object, handing each key to field, which reads its value;
// a key may come once.
func (s *scan) object(field func(key []byte) bool) bool {
	if !s.next('{') {
		return false
	}
	if s.next('}') {
		return true
	}
	var seenArray [8][]byte
	seen := seenArray[:0]
	for {
		key, ok := s.raw()
		if !ok || !s.next(':') {
			return false
		}
		for _, k := range seen {
			if bytes.Equal(k, key) {
				return false
			}
		}
		seen = append(seen, key)
		if !field(key) {
			return false
		}
		if s.next('}') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// array reads an array, calling elem for each element.
func (s *scan) array(elem func() bool) bool {
	if !s.next('[') {
		return false
	}
	if s.next(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.next(']') {
			return true
		}
		if !s.next(',') {
			return false
		}
	}
}

// str reads a string without escapes or control characters, in UTF-8.
func (s *scan) str(v *string) bool {
	raw, ok := s.raw()
	if ok {
		*v = string(raw)
	}
	return ok
}

// raw reads a string as str does and returns its bytes, in b.
func (s *scan) raw() ([]byte, bool) {
	if !s.next('"') {
		return nil, false
	}
	start := s.i
	ascii := true
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			raw := s.b[start:s.i]
			s.i++
			return raw, ascii || utf8.Valid(raw)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// id reads an ID written as a string of digits, or "".
func (s *scan) id(v *mutual.ID) bool {
	var t string
	if !s.str(&t) {
		return false
	}
	if t != "" && (t[0] < '1' || t[0] > '9') {
		return false
	}
	id, ok := mutual.ParseID(t)
	*v = id
	return ok
}

// int reads a whole number of at most nine digits.
func (s *scan) int(v *int) bool {
	s.ws()
	neg := s.i < len(s.b) && s.b[s.i] == '-'
	if neg {
		s.i++
	}
	start, n := s.i, 0
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' && s.i-start < 10 {
		n = n*10 + int(s.b[s.i]-'0')
		s.i++
	}
	digits := s.i - start
	if digits == 0 || digits > 9 || (digits > 1 && s.b[start] == '0') || !s.ends() {
		return false
	}
	if neg {
		n = -n
	}
	*v = n
	return true
}

// ends reports whether a number ends here: another character would make
// it a fraction, an exponent or not JSON at all.
func (s *scan) ends() bool {
	if s.i == len(s.b) {
		return true
	}
	switch s.b[s.i] {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// bool reads true or false.
func (s *scan) bool(v **bool) bool {
	s.ws()
	for _, lit := range []string{"true", "false"} {
		if strings.HasPrefix(string(s.b[s.i:min(len(s.b), s.i+len(lit))]), lit) {
			s.i += len(lit)
			b := lit == "true"
			*v = &b
			return s.ends()
		}
	}
	return false
}

// number reads a plain decimal, quoted or not.
func (s *scan) number() (string, bool) {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '"' {
		var t string
		return t, s.str(&t)
	}
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	digits := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	if s.i == digits || (s.i-digits > 1 && s.b[digits] == '0') {
		return "", false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		frac := s.i
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			s.i++
		}
		if s.i == frac {
			return "", false
		}
	}
	return string(s.b[start:s.i]), s.ends()
}

// decimal reads a plain decimal, quoted or not.
func (s *scan) decimal(v **mutual.Decimal) bool {
	t, ok := s.number()
	if !ok {
		return false
	}
	d, ok := mutual.ParseDecimal(t)
	*v = &d
	return ok
}

// money reads {"amount": ..., "currency": "..."}, both present, as
// mutual.Money reads it.
func (s *scan) money(v *mutual.Money) bool {
	var amount, currency string
	var hasAmount, hasCurrency bool
	if !s.object(func(key []byte) bool {
		switch string(key) {
		case "amount":
			var ok bool
			amount, ok = s.number()
			hasAmount = true
			return ok
		case "currency":
			hasCurrency = true
			return s.str(&currency)
		}
		return false
	}) || !hasAmount || !hasCurrency {
		return false
	}
	d, ok := mutual.ParseDecimal(amount)
	v.Amount, v.Currency = d, strings.ToUpper(strings.TrimSpace(currency))
	return ok
}
