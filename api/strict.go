package api

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
)

// maxJSONDepth is how deeply arrays and objects may nest, as in encoding/json.
const maxJSONDepth = 10000

// jsonFault is the first place where a body is not strict JSON.
type jsonFault struct {
	Offset int    // bytes from the start of the body
	Path   string // the value it is in: "body", "body.lines[2].note"
	Rule   string // syntax, utf8, surrogate, duplicate
	What   string // what is wrong, for people
}

// err returns the fault as a 400 naming its place.
func (f *jsonFault) err() error {
	msg := "The body is not valid JSON: "
	if f.Rule != "syntax" {
		msg = "The body is not strict JSON: "
	}
	at := " (byte " + strconv.Itoa(f.Offset) + ")"
	return &mutual.Error{Code: mutual.EMALFORMED, Message: msg + f.What + " in " + f.Path + at + ".",
		Fields: []mutual.FieldError{{Field: f.Path, Rule: f.Rule, Message: strings.ToUpper(f.What[:1]) + f.What[1:] + at + "."}}}
}

// checkJSON reads body as JSON and returns its first fault, or nil. It
// refuses what encoding/json lets through so that nothing is guessed: text
// that is not UTF-8 and \u escapes that leave half of a surrogate pair (which
// encoding/json would replace by U+FFFD), and a key that comes twice in one
// object (of which encoding/json would keep the last). Keys are compared as
// decoded, so "a" and "\u0061" are the same key. It reads the body once and
// allocates only for objects of many keys and for keys with escapes.
func checkJSON(body []byte) *jsonFault {
	c := &jsonChecker{b: body}
	c.ws()
	if c.value(0) {
		c.ws()
		if c.i < len(c.b) {
			c.syntax("more than one JSON value")
		}
	}
	return c.fault
}

// jsonChecker is the state of checkJSON.
type jsonChecker struct {
	b     []byte
	i     int
	path  []pathPart // where the value being read is
	fault *jsonFault
}

// pathPart is a step into a value: a key of an object or an index of an array.
type pathPart struct {
	key   []byte
	index int // -1 for a key
}

// fail records the first fault at the current offset.
func (c *jsonChecker) fail(rule, what string) bool {
	if c.fault == nil {
		c.fault = &jsonFault{Offset: c.i, Path: c.pathString(), Rule: rule, What: what}
	}
	return false
}

func (c *jsonChecker) syntax(what string) bool {
	if c.i >= len(c.b) || what == "" {
		what = "the body ends too early"
	}
	return c.fail("syntax", what)
}

// pathString names the current value as the problems of the API do.
func (c *jsonChecker) pathString() string {
	var s strings.Builder
	s.WriteString("body")
	for _, p := range c.path {
		if p.index < 0 && p.key == nil {
			break // in a key: the object is the place
		}
		if p.index >= 0 {
			s.WriteString("[" + strconv.Itoa(p.index) + "]")
			continue
		}
		s.WriteByte('.')
		s.WriteString(strings.ToValidUTF8(string(p.key), "\uFFFD"))
	}
	return s.String()
}

func (c *jsonChecker) ws() {
	for c.i < len(c.b) {
		switch c.b[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

// value reads one value, white space before it already skipped.
func (c *jsonChecker) value(depth int) bool {
	if c.i >= len(c.b) {
		return c.syntax("")
	}
	switch ch := c.b[c.i]; {
	case ch == '{':
		return c.object(depth + 1)
	case ch == '[':
		return c.array(depth + 1)
	case ch == '"':
		_, ok := c.str(false)
		return ok
	case ch == 't':
		return c.literal("true")
	case ch == 'f':
		return c.literal("false")
	case ch == 'n':
		return c.literal("null")
	case ch == '-' || ch >= '0' && ch <= '9':
		return c.number()
	}
	return c.syntax("unexpected character " + strconv.QuoteRune(rune(c.b[c.i])))
}

func (c *jsonChecker) literal(lit string) bool {
	if !bytes.HasPrefix(c.b[c.i:], []byte(lit)) {
		return c.syntax("unexpected character " + strconv.QuoteRune(rune(c.b[c.i])))
	}
	c.i += len(lit)
	return true
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (c *jsonChecker) number() bool {
	if c.b[c.i] == '-' {
		c.i++
	}
	switch {
	case c.i < len(c.b) && c.b[c.i] == '0':
		c.i++
	case c.i < len(c.b) && c.b[c.i] >= '1' && c.b[c.i] <= '9':
		c.digits()
	default:
		return c.syntax("a number without digits")
	}
	if c.i < len(c.b) && c.b[c.i] == '.' {
		c.i++
		if c.digits() == 0 {
			return c.syntax("a number without digits after its point")
		}
	}
	if c.i < len(c.b) && (c.b[c.i] == 'e' || c.b[c.i] == 'E') {
		c.i++
		if c.i < len(c.b) && (c.b[c.i] == '+' || c.b[c.i] == '-') {
			c.i++
		}
		if c.digits() == 0 {
			return c.syntax("a number without digits in its exponent")
		}
	}
	return true
}

func (c *jsonChecker) digits() int {
	start := c.i
	for c.i < len(c.b) && c.b[c.i] >= '0' && c.b[c.i] <= '9' {
		c.i++
	}
	return c.i - start
}

func (c *jsonChecker) array(depth int) bool {
	if depth > maxJSONDepth {
		return c.syntax("arrays and objects nested too deeply")
	}
	c.i++ // [
	c.ws()
	if c.i < len(c.b) && c.b[c.i] == ']' {
		c.i++
		return true
	}
	c.path = append(c.path, pathPart{index: 0})
	for n := 0; ; n++ {
		c.path[len(c.path)-1].index = n
		c.ws()
		if !c.value(depth) {
			return false
		}
		c.ws()
		if c.i < len(c.b) && c.b[c.i] == ',' {
			c.i++
			continue
		}
		if c.i < len(c.b) && c.b[c.i] == ']' {
			c.i++
			c.path = c.path[:len(c.path)-1]
			return true
		}
		return c.syntax("expected , or ] after an element of an array")
	}
}

// manyKeys is the number of keys from which an object's keys are looked up
// in a map rather than one by one.
const manyKeys = 16

func (c *jsonChecker) object(depth int) bool {
	if depth > maxJSONDepth {
		return c.syntax("arrays and objects nested too deeply")
	}
	c.i++ // {
	c.ws()
	if c.i < len(c.b) && c.b[c.i] == '}' {
		c.i++
		return true
	}
	var few [8][]byte
	keys := few[:0]
	var many map[string]struct{}
	c.path = append(c.path, pathPart{index: -1})
	for {
		c.ws()
		c.path[len(c.path)-1].key = nil
		if c.i >= len(c.b) || c.b[c.i] != '"' {
			return c.syntax("expected a key in double quotes")
		}
		start := c.i
		key, ok := c.str(true)
		if !ok {
			return false
		}
		c.path[len(c.path)-1].key = key
		dup := false
		if many != nil {
			_, dup = many[string(key)]
			many[string(key)] = struct{}{}
		} else {
			for _, k := range keys {
				if bytes.Equal(k, key) {
					dup = true
					break
				}
			}
			keys = append(keys, key)
			if len(keys) == manyKeys {
				many = make(map[string]struct{}, 2*manyKeys)
				for _, k := range keys {
					many[string(k)] = struct{}{}
				}
			}
		}
		if dup {
			c.i = start
			return c.fail("duplicate", "this key comes twice in one object")
		}
		c.ws()
		if c.i >= len(c.b) || c.b[c.i] != ':' {
			return c.syntax("expected : after a key")
		}
		c.i++
		c.ws()
		if !c.value(depth) {
			return false
		}
		c.ws()
		if c.i < len(c.b) && c.b[c.i] == ',' {
			c.i++
			continue
		}
		if c.i < len(c.b) && c.b[c.i] == '}' {
			c.i++
			c.path = c.path[:len(c.path)-1]
			return true
		}
		return c.syntax("expected , or } after a value in an object")
	}
}

// str reads a string. As a key (decode), it returns its text: the bytes of
// the body when it has no escapes, else a decoded copy.
func (c *jsonChecker) str(decode bool) ([]byte, bool) {
	c.i++ // "
	start := c.i
	var buf []byte // the decoded text once an escape was met
	for c.i < len(c.b) {
		ch := c.b[c.i]
		switch {
		case ch == '"':
			text := c.b[start:c.i]
			if buf != nil {
				text = buf
			}
			c.i++
			return text, true
		case ch < 0x20:
			return nil, c.syntax("a control character in a string; write it as an escape such as \\n")
		case ch == '\\':
			if decode && buf == nil {
				buf = append(make([]byte, 0, c.i-start+16), c.b[start:c.i]...)
			}
			r, ok := c.escape()
			if !ok {
				return nil, false
			}
			if buf != nil {
				buf = utf8.AppendRune(buf, r)
			}
		case ch < utf8.RuneSelf:
			if buf != nil {
				buf = append(buf, ch)
			}
			c.i++
		default:
			r, n := utf8.DecodeRune(c.b[c.i:])
			if r == utf8.RuneError && n <= 1 {
				return nil, c.fail("utf8", "text that is not UTF-8")
			}
			if buf != nil {
				buf = append(buf, c.b[c.i:c.i+n]...)
			}
			c.i += n
		}
	}
	return nil, c.syntax("")
}

// escape reads an escape, the backslash at c.i, and returns its character.
// A \u escape of half a surrogate pair must be followed by the other half.
func (c *jsonChecker) escape() (rune, bool) {
	at := c.i
	if c.i+1 >= len(c.b) {
		c.i = len(c.b)
		return 0, c.syntax("")
	}
	c.i += 2
	switch c.b[at+1] {
	case '"', '\\', '/':
		return rune(c.b[at+1]), true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'u':
		r, ok := c.hex4(at)
		if !ok {
			return 0, false
		}
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			c.i = at
			return 0, c.fail("surrogate", "a \\u escape of the second half of a surrogate pair without the first")
		case r >= 0xD800 && r <= 0xDBFF:
			if c.i+1 < len(c.b) && c.b[c.i] == '\\' && c.b[c.i+1] == 'u' {
				low := c.i
				c.i += 2
				r2, ok := c.hex4(low)
				if !ok {
					return 0, false
				}
				if r2 >= 0xDC00 && r2 <= 0xDFFF {
					return utf16.DecodeRune(r, r2), true
				}
			}
			c.i = at
			return 0, c.fail("surrogate", "a \\u escape of the first half of a surrogate pair without the second")
		}
		return r, true
	}
	c.i = at
	return 0, c.syntax("an unknown escape " + strconv.Quote(string(c.b[at:min(at+2, len(c.b))])))
}

// hex4 reads the four hexadecimal digits of a \u escape that starts at at.
func (c *jsonChecker) hex4(at int) (rune, bool) {
	if c.i+4 > len(c.b) {
		c.i = len(c.b)
		return 0, c.syntax("")
	}
	var r rune
	for _, h := range c.b[c.i : c.i+4] {
		switch {
		case h >= '0' && h <= '9':
			r = r<<4 | rune(h-'0')
		case h >= 'a' && h <= 'f':
			r = r<<4 | rune(h-'a'+10)
		case h >= 'A' && h <= 'F':
			r = r<<4 | rune(h-'A'+10)
		default:
			c.i = at
			return 0, c.syntax("a \\u escape needs four hexadecimal digits")
		}
	}
	c.i += 4
	return r, true
}
