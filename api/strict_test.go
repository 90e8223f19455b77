package api

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// TestCheckJSON: what encoding/json would replace or drop is refused,
// naming the place.
func TestCheckJSON(t *testing.T) {
	for _, tc := range []struct {
		body       string
		rule, path string // "" for no fault
		offset     int
	}{
		{`{"a":1,"b":[true,false,null,"x",-0.5e+3,{}],"c":{"d":"\u00e9\ud83d\ude00\n\"\\\/"}}`, "", "", 0},
		{`{"a":"` + "\xf0\x9f\x98\x80" + `Nguyễn"}`, "", "", 0},
		{`{"a":"\uFFFD"}`, "", "", 0},
		{"{\"a\":\"\uFFFD\"}", "", "", 0},
		{` {"a" : 1 , "A" : 2} `, "", "", 0},
		{`[{"a":1},{"a":1}]`, "", "", 0},
		{`{"a":{"a":{"a":1}}}`, "", "", 0},

		{"{\"name\":\"a\xffb\"}", "utf8", "body.name", 10},
		{"{\"lines\":[{\"note\":\"ok\"},{\"note\":\"\xc3\"}]}", "utf8", "body.lines[1].note", 33},
		{"{\"a\":\"\xed\xa0\x80\"}", "utf8", "body.a", 6},                        // a surrogate in UTF-8
		{"{\"a\":\"\xc0\xaf\"}", "utf8", "body.a", 6},                            // overlong
		{"{\"x\xff\":1}", "utf8", "body", 3},                                     // in a key: the object is the place
		{"{\"a\":{\"b\":1,\"c\xfe\":2}}", "utf8", "body.a", 14},                  // in a later key
		{`{"a":"x\ud800"}`, "surrogate", "body.a", 7},                            // a high half alone
		{`{"a":"x\ud800y"}`, "surrogate", "body.a", 7},                           //
		{`{"a":"\ud800\u0041"}`, "surrogate", "body.a", 6},                       // followed by another escape
		{`{"a":"\ud800\ud800"}`, "surrogate", "body.a", 6},                       // two high halves
		{`{"lines":[{"note":"\uDC00"}]}`, "surrogate", "body.lines[0].note", 19}, // a low half alone
		{`{"\udfff":1}`, "surrogate", "body", 2},
		{`{"a":1,"a":2}`, "duplicate", "body.a", 7},
		{`{"a":1,"b":{"c":1,"d":2,"c":3}}`, "duplicate", "body.b.c", 24},
		{`{"lines":[{"id":1},{"id":2,"id":3}]}`, "duplicate", "body.lines[1].id", 27},
		{`{"comments":"a","\u0063omments":"b"}`, "duplicate", "body.comments", 16},
		{`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k3":3}`,
			"duplicate", "body.k3", 134},

		{``, "syntax", "body", 0},
		{`{"a":1,}`, "syntax", "body", 7},
		{`{"a":01}`, "syntax", "body.a", 6},
		{`{"a":"\x"}`, "syntax", "body.a", 6},
		{`{"a":"\u12"}`, "syntax", "body.a", 6},
		{"{\"a\":\"\t\"}", "syntax", "body.a", 6},
		{`{"a":1} {}`, "syntax", "body", 8},
		{`{"a":[1 2]}`, "syntax", "body.a[0]", 8},
		{`{"a":tru}`, "syntax", "body.a", 5},
		{`{"a":1`, "syntax", "body.a", 6},
		{strings.Repeat("[", maxJSONDepth+1), "syntax", "body" + strings.Repeat("[0]", maxJSONDepth), maxJSONDepth},
	} {
		f := checkJSON([]byte(tc.body))
		switch {
		case tc.rule == "" && f != nil:
			t.Errorf("%.80q: fault %+v, want none", tc.body, *f)
		case tc.rule != "" && f == nil:
			t.Errorf("%.80q: no fault, want %s at %s", tc.body, tc.rule, tc.path)
		case f != nil && (f.Rule != tc.rule || f.Path != tc.path || f.Offset != tc.offset):
			t.Errorf("%.80q: fault %s at %s (byte %d), want %s at %s (byte %d): %s", tc.body, f.Rule, f.Path, f.Offset, tc.rule, tc.path, tc.offset, f.What)
		}
	}
}

// FuzzCheckJSON: checkJSON finds a fault exactly when encoding/json finds
// the body invalid, or it is not UTF-8, or a \u escape leaves half a
// surrogate pair, or a key comes twice in an object (refJSONFault).
func FuzzCheckJSON(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[true,false,null],"c":{"d":"\u00e9\ud83d\ude00"}}`, `{"a":1,"a":2}`, `{"a":"\ud800"}`, "{\"a\":\"\xff\"}",
		`{"a":{"b":1,"\u0062":2}}`, `[[],[{}],{"":0,"":1}]`, `"\\ud800"`, `{"a":-0.5e-3}`, `{"a":"\udc00\ud800"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got := checkJSON([]byte(body))
		want := refJSONFault([]byte(body))
		if (got == nil) != (want == "") {
			t.Fatalf("%q: checkJSON %+v, reference %q", body, got, want)
		}
	})
}

// refJSONFault is what checkJSON must find, written another way: with
// encoding/json's tokens, and the raw text of each string token decoded
// here. It returns "" for none.
func refJSONFault(body []byte) string {
	if !json.Valid(body) {
		return "syntax"
	}
	if !utf8.Valid(body) {
		return "utf8" // outside strings, valid JSON is ASCII
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next token is a key
	}
	var stack []*frame
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return ""
		} else if err != nil {
			return "syntax"
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		// In an object, tokens at its level are keys and values in turn (a
		// value that is an array or object counts as its opening token).
		isKey := top != nil && top.object && top.key
		if top != nil && top.object {
			top.key = !top.key
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{', '[':
				stack = append(stack, &frame{object: tok == '{', keys: map[string]bool{}, key: true})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			raw := body[start:dec.InputOffset()]
			raw = raw[bytes.IndexByte(raw, '"'):]
			text, ok := refUnquote(raw)
			if !ok {
				return "surrogate"
			}
			if isKey {
				if top.keys[text] {
					return "duplicate"
				}
				top.keys[text] = true
			}
		}
	}
}

// refUnquote decodes a JSON string known to be valid JSON, reporting false
// for a \u escape of half a surrogate pair.
func refUnquote(raw []byte) (string, bool) {
	s := string(raw[1 : len(raw)-1])
	var out []rune
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			r, n := utf8.DecodeRuneInString(s[i:])
			out = append(out, r)
			i += n
			continue
		}
		if s[i+1] != 'u' {
			out = append(out, rune(map[byte]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[s[i+1]]))
			i += 2
			continue
		}
		n, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
		r := rune(n)
		i += 6
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 || i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
				return "", false
			}
			n2, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
			if r = utf16.DecodeRune(r, rune(n2)); r == utf8.RuneError {
				return "", false
			}
			i += 6
		}
		out = append(out, r)
	}
	return string(out), true
}

// BenchmarkCheckJSON measures the strict check against the decoding it
// comes before, on a bid of 200 lines read field by field.
// Run: go test ./api -run '^$' -bench CheckJSON
func BenchmarkCheckJSON(b *testing.B) {
	var body strings.Builder
	body.WriteString(`{"lines":[`)
	for i := range 200 {
		if i > 0 {
			body.WriteByte(',')
		}
		body.WriteString(`{"line_id":"` + strconv.Itoa(1000+i) + `","unit_price":{"amount":"` + strconv.Itoa(90000+i*1000) + `","currency":"VND"},"lead_time_days":7,"note":"Giá đã bao gồm vận chuyển \"kho\""}`)
	}
	body.WriteString(`],"comments":"Giá đã bao gồm vận chuyển.","valid_until":"2030-01-01"}`)
	data := []byte(body.String())
	b.Run("check", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if f := checkJSON(data); f != nil {
				b.Fatal(f)
			}
		}
	})
	b.Run("parseBid", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := parseBid(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
