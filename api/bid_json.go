package api

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
)

// A bid is written by hand, byte for byte as encoding/json writes it
// (bid_json_test.go compares the two): a bid of two hundred lines is echoed
// to each of fifty suppliers submitting at the same moment, and reflection
// would be a fifth of the work of answering them. Kept while it pays
// (BenchmarkBidEncode, BenchmarkConcurrentBids).

// appendBidJSON appends b as encoding/json would marshal it.
func appendBidJSON(dst []byte, b *mutual.Bid) []byte {
	dst = slices.Grow(dst, 512+96*len(b.Lines)+64*len(b.Answers)+len(b.Comments))
	dst = append(dst, `{"id":`...)
	dst = b.ID.AppendJSON(dst)
	dst = append(dst, `,"event_id":`...)
	dst = b.EventID.AppendJSON(dst)
	dst = append(dst, `,"partner_id":`...)
	dst = b.PartnerID.AppendJSON(dst)
	dst = append(dst, `,"partner_name":`...)
	dst = appendJSONString(dst, b.PartnerName)
	dst = append(dst, `,"revision":`...)
	dst = strconv.AppendInt(dst, int64(b.Revision), 10)
	dst = append(dst, `,"status":`...)
	dst = appendJSONString(dst, string(b.Status))
	dst = append(dst, `,"lines":`...)
	if b.Lines == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range b.Lines {
			if i > 0 {
				dst = append(dst, ',')
			}
			l := &b.Lines[i]
			dst = append(dst, `{"line_id":`...)
			dst = l.LineID.AppendJSON(dst)
			dst = append(dst, `,"unit_price":`...)
			dst = l.UnitPrice.AppendJSON(dst)
			dst = append(dst, `,"lead_time_days":`...)
			dst = strconv.AppendInt(dst, int64(l.LeadTimeDays), 10)
			dst = append(dst, `,"note":`...)
			dst = appendJSONString(dst, l.Note)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"answers":`...)
	if b.Answers == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range b.Answers {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendAnswerJSON(dst, &b.Answers[i])
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"comments":`...)
	dst = appendJSONString(dst, b.Comments)
	dst = append(dst, `,"valid_until":`...)
	dst = appendMarshaled(dst, b.ValidUntil)
	dst = append(dst, `,"submitted_by":`...)
	dst = b.SubmittedBy.AppendJSON(dst)
	dst = append(dst, `,"submitted_at":`...)
	dst = appendTime(dst, b.SubmittedAt)
	dst = append(dst, `,"total":`...)
	dst = b.Total.AppendJSON(dst)
	if s := b.Seal; s != nil {
		dst = append(dst, `,"seal":{"algorithm":`...)
		dst = appendJSONString(dst, s.Algorithm)
		if s.Salt != "" {
			dst = append(dst, `,"salt":`...)
			dst = appendJSONString(dst, s.Salt)
		}
		dst = append(dst, `,"digest":`...)
		dst = appendJSONString(dst, s.Digest)
		dst = append(dst, `,"document":`...)
		dst = appendJSONString(dst, s.Document)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func appendAnswerJSON(dst []byte, a *mutual.Answer) []byte {
	dst = append(dst, `{"question_id":`...)
	dst = a.QuestionID.AppendJSON(dst)
	if a.Text != "" {
		dst = append(dst, `,"text":`...)
		dst = appendJSONString(dst, a.Text)
	}
	if a.Yes != nil {
		dst = append(dst, `,"yes":`...)
		dst = strconv.AppendBool(dst, *a.Yes)
	}
	if a.Number != nil {
		dst = append(dst, `,"number":`...)
		dst = appendMarshaled(dst, a.Number)
	}
	if a.DocumentID != 0 {
		dst = append(dst, `,"document_id":`...)
		dst = a.DocumentID.AppendJSON(dst)
	}
	return append(dst, '}')
}

// appendMarshaled appends the JSON of a value whose MarshalJSON writes
// compact JSON and cannot fail (IDs, dates, money, decimals).
func appendMarshaled(dst []byte, v interface{ MarshalJSON() ([]byte, error) }) []byte {
	b, err := v.MarshalJSON()
	if err != nil {
		return append(dst, "null"...)
	}
	return append(dst, b...)
}

// appendTime appends t as encoding/json does: RFC 3339 with nanoseconds.
func appendTime(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes it: HTML
// characters, control characters, U+2028 and U+2029 escaped, invalid UTF-8
// replaced by U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
