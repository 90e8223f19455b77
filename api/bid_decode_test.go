package api

import (
	"reflect"
	"testing"
)

// TestDecodeBid: the one-pass decoding of a bid takes what the field by
// field reading takes, and gives way to it for anything it would refuse.
func TestDecodeBid(t *testing.T) {
	for _, tc := range []struct {
		body string
		fast bool // decoded in one pass
	}{
		{`{"lines":[{"line_id":"1","unit_price":{"amount":"14500000","currency":"vnd"},"lead_time_days":7,"note":"kho Bình Dương"}],
		  "answers":[{"question_id":"5","yes":true},{"question_id":"6","number":"2.5"},{"question_id":"7","number":3},{"question_id":"8","text":"a"},
		  {"question_id":"9","document_id":"12"},{"question_id":"10","number":null}],"comments":"OK","valid_until":"2027-01-31"}`, true},
		{`{"lines":[{"line_id":1,"unit_price":{"amount":14500000.5,"currency":"USD"}}],"valid_until":"2027-01-31"}`, true},
		{`{}`, true},
		{`{"lines":[],"answers":null,"note":null}`, false}, // note is not a field of a bid
		{`{"partner_id":"2","lines":[]}`, false},
		{`{"lines":[{"line_id":"1","unit_price":{"amount":"abc","currency":"VND"}}]}`, false},
		{`{"lines":[{"line_id":"1","unit_price":{"amount":"1","currency":"VND"},"lead_time_days":"7"}]}`, false},
		{`{"answers":[{"question_id":"6","number":"1e3"}]}`, false},
		{`{"valid_until":"31/01/2027"}`, false},
		{`{"lines":"all"}`, false},
		{`null`, false},
		{`[]`, false},
		{`{} {}`, false},
		{`{"comments":"a"`, false},
	} {
		fast, ok := decodeBid([]byte(tc.body))
		if ok != tc.fast {
			t.Errorf("%s: decoded in one pass %v, want %v", tc.body, ok, tc.fast)
			continue
		}
		slow, err := parseBid([]byte(tc.body))
		if ok && (err != nil || !reflect.DeepEqual(fast, slow)) {
			t.Errorf("%s:\n one pass %+v\n by field %+v (%v)", tc.body, fast, slow, err)
		}
		if !ok && err == nil {
			t.Errorf("%s: the field by field reading accepts what the one pass refused", tc.body)
		}
	}
}
