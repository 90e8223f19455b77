package mutual

import (
	"encoding/json"
	"testing"
	"time"
)

// The hand-written JSON of a bid is byte for byte what encoding/json writes.
func TestBidAppendJSON(t *testing.T) {
	yes := true
	n := dec("2.50")
	zone := time.FixedZone("ICT", 7*3600)
	for name, b := range map[string]*Bid{
		"empty": {},
		"full": {ID: 7, EventID: 3, PartnerID: 12, PartnerName: `Công ty "Sữa" <Việt> & Co`, Revision: 2, Status: "submitted",
			Lines: []BidLine{
				{LineID: 1, UnitPrice: Money{Amount: dec("125000"), Currency: "VND"}, LeadTimeDays: 14, Note: "giao\ttrong\ntuần\u2028x"},
				{LineID: 2, LeadTimeDays: -1, Note: "\x00\x1f\b\f\r\\ \xff\xfe end"},
			},
			Answers: []Answer{
				{QuestionID: 4, Text: "ISO 9001"},
				{QuestionID: 5, Yes: &yes},
				{QuestionID: 6, Number: &n},
				{QuestionID: 8, DocumentID: 99},
			},
			Comments: "Giá đã bao gồm vận chuyển.", ValidUntil: NewDate(2030, 1, 2),
			SubmittedBy: 5, SubmittedAt: time.Date(2026, 11, 27, 9, 30, 1, 123456000, zone),
			Total: Money{Amount: dec("-19.5"), Currency: "USD"}},
		"no lines": {ID: 1, Lines: []BidLine{}, Answers: []Answer{}, SubmittedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		"sealed":   {ID: 2, Revision: 3, Seal: &BidSeal{Algorithm: SealHMACSHA256, Salt: "00ff", Digest: "abcd", Document: `{"lines":"1\t5\t0\t\"\"\n"}`}},
		"old seal": {ID: 2, Seal: &BidSeal{Algorithm: SealSHA256, Digest: "abcd", Document: "{}"}},
	} {
		type plain Bid // without AppendJSON: encoding/json's reflection
		want, err := json.Marshal((*plain)(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := b.AppendJSON(nil); string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"\<>&`, "\x00\x07\b\t\n\f\r\x1f\x7f", "Việt Nam", "\u2028\u2029", "\xff\xc3(", "a\xed\xa0\x80b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}
