package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestFormLocaleNumbers posts amounts and dates the way each language
// writes them and checks that they are saved exactly.
func TestFormLocaleNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		en, me := a.signIn(t, mutual.RoleManager, 0)
		vi, _ := a.signIn(t, mutual.RoleManager, 0)
		vi.post("/locale", url.Values{"lang": {"vi"}, "next": {"/"}})
		p := relPartner(t, a, "Vinamilk")
		base := fmt.Sprintf("/partners/%d", p.ID)
		saved := func(t *testing.T, description string) *mutual.Gift {
			t.Helper()
			gifts, _, err := db.Services().Gifts.FindGifts(storetest.Context(me), mutual.GiftFilter{PartnerID: p.ID, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gifts {
				if g.Description == description {
					return g
				}
			}
			t.Fatalf("no gift %q saved", description)
			return nil
		}
		yesterday := dateIn(-1)

		for _, tt := range []struct {
			name    string
			b       *browser
			amount  string
			on      string
			want    string
			currecy string
		}{
			{"VietnameseGrouped", vi, "5.000.000", yesterday.Time().Format("02/01/2006"), "5000000", "VND"},
			{"VietnameseDecimal", vi, "1.234,5", yesterday.String(), "1234.5", "USD"},
			{"EnglishGrouped", en, "5,000,000", yesterday.String(), "5000000", "VND"},
			{"EnglishDecimal", en, "1,234.5", yesterday.String(), "1234.5", "USD"},
			{"PlainDigits", vi, "5000000", yesterday.String(), "5000000", "VND"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				f := giftForm(tt.amount, tt.currecy)
				f.Set("description", "Gift "+tt.name)
				f.Set("occurred_on", tt.on)
				resp := tt.b.post(base+"/gifts/new", f)
				if resp.status != http.StatusSeeOther {
					t.Fatalf("status %d\n%s", resp.status, resp.body)
				}
				g := saved(t, "Gift "+tt.name)
				if g.Value.Amount.String() != tt.want || g.Value.Currency != tt.currecy || g.OccurredOn != yesterday {
					t.Errorf("saved %s %s on %s, want %s %s on %s", g.Value.Amount, g.Value.Currency, g.OccurredOn, tt.want, tt.currecy, yesterday)
				}
			})
		}

		t.Run("BadGrouping", func(t *testing.T) {
			resp := vi.post(base+"/gifts/new", giftForm("5.00.000", "VND"))
			if resp.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.status)
			}
			mustContain(t, resp.body, "Không phải là số. Giá trị được viết như 5.000.000 hoặc 1.234,5.", `value="5.00.000"`, "Dinner after the plant audit</textarea>")
			resp = en.post(base+"/gifts/new", giftForm("1,2,3", "VND"))
			mustContain(t, resp.body, "Not a number. Value is written like 5,000,000 or 1,234.5.", `value="1,2,3"`)
		})

		t.Run("VietnameseDate", func(t *testing.T) {
			page := vi.get(base + "/gifts/new")
			today := dateIn(0).Time().Format("02/01/2006")
			mustContain(t, page.body, `name="occurred_on" value="`+today+`"`, `placeholder="dd/mm/yyyy"`)
			mustNotContain(t, page.body, `type="date"`)
			f := giftForm("100.000", "VND")
			f.Set("occurred_on", "31/02/2026")
			resp := vi.post(base+"/gifts/new", f)
			if resp.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.status)
			}
			mustContain(t, resp.body, "Không phải ngày hợp lệ. Ngày được viết theo dạng dd/mm/yyyy.", `value="31/02/2026"`, `value="100.000"`)
			// English keeps the browser's date input.
			mustContain(t, en.get(base+"/gifts/new").body, `type="date" id="occurred_on" name="occurred_on" value="`+dateIn(0).String()+`"`)
		})

		t.Run("TooLarge", func(t *testing.T) {
			f := giftForm("1", "VND")
			f.Set("description", strings.Repeat("x", 2<<20))
			for _, tt := range []struct {
				b    *browser
				want string
			}{{en, "The form is too large (at most 1 MB)"}, {vi, "Biểu mẫu quá lớn (tối đa 1 MB)"}} {
				resp := tt.b.post(base+"/gifts/new", f)
				if resp.status != http.StatusRequestEntityTooLarge {
					t.Fatalf("status %d, want 413", resp.status)
				}
				mustContain(t, resp.body, tt.want, `name="occurred_on"`, `name="value.amount"`)
			}
			// A button's form has no page to come back to: an error page, still 413.
			resp := en.post("/notifications/read", url.Values{"up_to": {strings.Repeat("1", 2<<20)}})
			if resp.status != http.StatusRequestEntityTooLarge {
				t.Fatalf("button: status %d, want 413", resp.status)
			}
			mustContain(t, resp.body, "The form is too large")
		})
	})
}

// TestFormUploadTooLarge posts forms with files over their route's limit
// (a document of an event, a bid's attachment, a CSV import) and a
// button's form over the limit of forms: each page comes back with the
// same message, 413, and nothing is saved.
func TestFormUploadTooLarge(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC))
		c := newPortalCast(t, db, clock)
		buyer, _ := c.a.signIn(t, mutual.RoleManager, 0)
		vi, _ := c.a.signIn(t, mutual.RoleManager, 0)
		vi.post("/locale", url.Values{"lang": {"vi"}, "next": {"/"}})
		big := strings.Repeat("x", mutual.MaxDocumentSize+2<<20)
		event := "/events/" + c.e.ID.String()
		tooLarge := func(t *testing.T, resp response, want ...string) {
			t.Helper()
			if resp.status != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413\n%.2000s", resp.status, resp.body)
			}
			mustContain(t, resp.body, want...)
		}

		t.Run("EventDocument", func(t *testing.T) {
			tooLarge(t, buyer.upload(event+"/documents", "file", "huge.pdf", big),
				"The form is too large (at most 10 MB a file), so nothing was saved.", "Thép cuộn 2027", `name="file"`)
			tooLarge(t, vi.upload(event+"/documents", "file", "huge.pdf", big), "Biểu mẫu quá lớn (tối đa 10 MB mỗi tệp)")
			docs, err := db.Services().Documents.FindDocuments(storetest.Context(c.buyer), c.e.ID)
			if err != nil || len(docs) != 1 {
				t.Errorf("%d documents, %v", len(docs), err)
			}
			// A file over the size of a document in a body within the limit is the file's problem.
			resp := buyer.upload(event+"/documents", "file", "huge.pdf", big[:mutual.MaxDocumentSize+1])
			if resp.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", resp.status)
			}
			mustContain(t, resp.body, "Files are at most 10 MB.")
		})

		t.Run("EventButton", func(t *testing.T) {
			tooLarge(t, buyer.post(event+"/clarifications", url.Values{"text": {strings.Repeat("x", 2<<20)}}),
				"The form is too large (at most 1 MB), so nothing was saved.", "Thép cuộn 2027")
		})

		t.Run("BidAttachment", func(t *testing.T) {
			q := c.e.Questions[3]
			resp := c.ab.postMultipart(c.eventURL()+"/bid", c.bidForm("1240000", "1180000"),
				map[string][2]string{"answer." + q.ID.String() + ".file": {"big.pdf", big}})
			tooLarge(t, resp, "The form is too large (at most 10 MB a file), so nothing was saved.", `id="bid-form"`)
			if _, err := db.Services().Bids.FindMyBid(storetest.Context(portalSignedIn(t, c.ab)), c.e.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("a bid was saved: %v", err)
			}
		})

		t.Run("Import", func(t *testing.T) {
			resp := buyer.upload("/partners/import", "file", "partners.csv", "name,country,roles\n"+strings.Repeat("x", 51<<20))
			tooLarge(t, resp, "The form is too large (at most 50 MB a file), so nothing was saved.", `name="file"`)
		})
	})
}

// TestFormLocaleGiftPolicyAndOffers posts the gift policy and a
// negotiation's offers, from the buying side and the portal, with amounts
// typed the Vietnamese way (and the English way for the policy), and
// checks they are saved exactly and shown back the user's way.
func TestFormLocaleGiftPolicyAndOffers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		svc := db.Services()
		vi := func(role string, partnerID mutual.ID) (*browser, *mutual.User) {
			b, u := a.signIn(t, role, partnerID)
			b.post("/locale", url.Values{"lang": {"vi"}, "next": {"/"}})
			return b, u
		}
		admin, adminU := vi(mutual.RoleAdmin, 0)
		policy := func(t *testing.T) *mutual.GiftPolicy {
			t.Helper()
			p, err := svc.Gifts.FindGiftPolicy(storetest.Context(adminU))
			if err != nil {
				t.Fatal(err)
			}
			return p
		}

		t.Run("GiftPolicyVietnamese", func(t *testing.T) {
			f := url.Values{"base_currency": {"VND"}, "item_threshold.amount": {"5.000.000"}, "yearly_threshold.amount": {"20.000.000"},
				"rates": {"USD = 25.400\nEUR = 27.500,5"}, "version": {fmt.Sprint(policy(t).Version)}}
			if resp := admin.post("/gift-policy", f); resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			p := policy(t)
			if got := []string{p.ItemThreshold.Amount.String(), p.YearlyThreshold.Amount.String(), p.Rates["USD"].String(), p.Rates["EUR"].String()}; fmt.Sprint(got) != "[5000000 20000000 25400 27500.5]" {
				t.Errorf("saved %v, want [5000000 20000000 25400 27500.5]", got)
			}
			// Inputs show plain digits, with the language's decimal comma.
			mustContain(t, admin.get("/gift-policy").body, `name="item_threshold.amount" value="5000000"`, `name="yearly_threshold.amount" value="20000000"`, "EUR = 27500,5")
			f.Set("item_threshold.amount", "5.00.000")
			f.Set("version", fmt.Sprint(p.Version))
			bad := admin.post("/gift-policy", f)
			if bad.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad grouping: status %d", bad.status)
			}
			mustContain(t, bad.body, "Không phải là số.", "được viết như 5.000.000 hoặc 1.234,5.", `value="5.00.000"`)
		})

		t.Run("GiftPolicyEnglish", func(t *testing.T) {
			en, _ := a.signIn(t, mutual.RoleAdmin, 0)
			f := url.Values{"base_currency": {"VND"}, "item_threshold.amount": {"6,000,000"}, "yearly_threshold.amount": {"24000000"},
				"rates": {"USD = 25,400"}, "version": {fmt.Sprint(policy(t).Version)}}
			if resp := en.post("/gift-policy", f); resp.status != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", resp.status, resp.body)
			}
			if p := policy(t); p.ItemThreshold.Amount.String() != "6000000" || p.YearlyThreshold.Amount.String() != "24000000" {
				t.Errorf("saved %s and %s", p.ItemThreshold.Amount, p.YearlyThreshold.Amount)
			}
		})

		t.Run("NegotiationOffers", func(t *testing.T) {
			buyer, buyerU := vi(mutual.RoleBuyer, 0)
			partner := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Bao bì Sài Gòn", Status: "active"})
			n := &mutual.Negotiation{PartnerID: partner.ID, Title: "Thùng carton 2027", Currency: "VND", Lines: []mutual.NegotiationLine{
				{Item: "CTN-5", Quantity: portalNumber(t, "10000"), Unit: "pc"}}}
			bctx := storetest.Context(buyerU)
			if err := svc.Negotiations.CreateNegotiation(bctx, n); err != nil {
				t.Fatal(err)
			}
			line := n.Lines[0].ID.String()
			base := "/negotiations/" + n.ID.String()
			lastRound := func(t *testing.T) mutual.RoundLine {
				t.Helper()
				cur, err := svc.Negotiations.FindNegotiationByID(bctx, n.ID)
				if err != nil || len(cur.Rounds) == 0 {
					t.Fatalf("rounds of %v: %v", cur, err)
				}
				return cur.Rounds[len(cur.Rounds)-1].Lines[0]
			}

			bad := buyer.post(base+"/rounds", url.Values{"price." + line: {"5.00.000"}, "lead." + line: {"14"}})
			if bad.status != http.StatusUnprocessableEntity {
				t.Fatalf("bad grouping: status %d\n%s", bad.status, bad.body)
			}
			mustContain(t, bad.body, "Không phải là số. Đơn giá được viết như 5.000.000 hoặc 1.234,5.", `value="5.00.000"`)
			if resp := buyer.post(base+"/rounds", url.Values{"price." + line: {"5.000.000"}, "lead." + line: {"1.000"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("our offer: status %d\n%s", resp.status, resp.body)
			}
			if rl := lastRound(t); rl.UnitPrice.Amount.String() != "5000000" || rl.LeadTimeDays != 1000 {
				t.Errorf("our offer saved %s, %d days; want 5000000, 1000 days", rl.UnitPrice.Amount, rl.LeadTimeDays)
			}
			mustContain(t, buyer.get(base).body, "5.000.000 ₫")

			supplier, _ := vi(mutual.RoleSupplier, partner.ID)
			key := "line." + line + "."
			resp := supplier.post("/portal"+base+"/offer", url.Values{key + "unit_price": {"5.400.000"}, key + "lead_time_days": {"21"}})
			if resp.status != http.StatusSeeOther {
				t.Fatalf("their offer: status %d\n%s", resp.status, resp.body)
			}
			if rl := lastRound(t); rl.UnitPrice.Amount.String() != "5400000" || rl.LeadTimeDays != 21 {
				t.Errorf("their offer saved %s, %d days; want 5400000, 21 days", rl.UnitPrice.Amount, rl.LeadTimeDays)
			}
		})
	})
}
