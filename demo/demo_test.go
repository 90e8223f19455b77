package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/demo"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// allPartners returns every partner with its contacts, by name.
func allPartners(t testing.TB, db *store.DB) []*mutual.Partner {
	t.Helper()
	var ps []*mutual.Partner
	if err := db.Services().Partners.ExportPartners(storetest.SystemContext(), func(p *mutual.Partner) error {
		ps = append(ps, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ps
}

// checkPartners fails unless every partner is valid, has a unique tax code
// and between minContacts and maxContacts contacts.
func checkPartners(t *testing.T, ps []*mutual.Partner, minContacts, maxContacts int) {
	t.Helper()
	seen := map[string]bool{}
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if p.TaxCode == "" || seen[p.TaxCode] {
			t.Errorf("%s: tax code %q missing or taken twice", p.Name, p.TaxCode)
		}
		seen[p.TaxCode] = true
		if n := len(p.Contacts); n < minContacts || n > maxContacts {
			t.Errorf("%s: %d contacts, want %d to %d", p.Name, n, minContacts, maxContacts)
		}
	}
}

func TestSeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		ctx := storetest.SystemContext()
		login, err := demo.Seed(context.Background(), svc)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := login.Email, demo.AdminEmail; got != want {
			t.Fatalf("login email = %q, want %q", got, want)
		}
		if len(login.Password) < 10 {
			t.Fatalf("demo password %q is shorter than 10 characters", login.Password)
		}
		u, err := svc.Sessions.Login(ctx, login.Email, login.Password, "192.0.2.1")
		if err != nil {
			t.Fatalf("sign in with the printed login: %v", err)
		}
		if got, want := u.Role, mutual.RoleAdmin; got != want {
			t.Fatalf("login role = %q, want %q", got, want)
		}

		users, _, err := svc.Users.FindUsers(ctx, mutual.UserFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		roles := map[string]int{}
		var supplier *mutual.User
		for _, u := range users {
			roles[u.Role]++
			if u.Email == "thang.nguyen@nguyenduc.example" {
				supplier = u
			}
		}
		for role, want := range map[string]int{"admin": 1, "manager": 2, "buyer": 3, "viewer": 1, "supplier": 6} {
			if got := roles[role]; got != want {
				t.Errorf("%d users of role %s, want %d", got, role, want)
			}
		}
		if supplier == nil {
			t.Fatal("no supplier user")
		}
		p, err := svc.Partners.FindPartnerByID(storetest.Context(supplier), supplier.PartnerID)
		if err != nil {
			t.Fatalf("the supplier user cannot see its partner: %v", err)
		}
		if got, want := p.Name, "Công ty TNHH Thiết bị Nguyễn Đức"; got != want {
			t.Errorf("supplier user's partner = %q, want %q", got, want)
		}

		// Sourcing: the demo supplier is invited to an open event it has
		// not answered, has an award and a negotiation waiting for it.
		sctx := storetest.Context(supplier)
		events, _, err := svc.Events.FindEvents(sctx, mutual.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		statuses := map[mutual.EventStatus]int{}
		for _, e := range events {
			statuses[e.Status]++
		}
		if statuses["open"] != 1 || statuses["awarded"] != 1 || len(events) != 2 {
			t.Errorf("the demo supplier sees events %v", statuses)
		}
		all, _, err := svc.Events.FindEvents(ctx, mutual.EventFilter{})
		if err != nil || len(all) != 4 {
			t.Errorf("%d events, %v", len(all), err)
		}
		// The steel event waits for the second member of its opening
		// committee, who opens it with the demo password.
		twoPerson := 0
		for _, e := range all {
			if !e.TwoPersonOpening {
				continue
			}
			twoPerson++
			e, err := svc.Events.FindEventByID(ctx, e.ID)
			if err != nil || len(e.Committee) != 2 || len(e.Openers) != 1 || !e.UnsealedAt.IsZero() {
				t.Fatalf("two-person event %+v, %v", e, err)
			}
			second := e.Committee[0]
			if second == e.Openers[0] {
				second = e.Committee[1]
			}
			member, _ := svc.Users.FindUserByID(ctx, second)
			got, err := svc.Events.UnsealEvent(storetest.Context(member), e.ID, login.Password, "192.0.2.1")
			if err != nil || got.UnsealedAt.IsZero() {
				t.Errorf("the second member opens the steel event: %v", err)
			}
		}
		if twoPerson != 1 {
			t.Errorf("%d two-person events", twoPerson)
		}
		negs, _, err := svc.Negotiations.FindNegotiations(sctx, mutual.NegotiationFilter{Status: "open"})
		if err != nil || len(negs) != 1 {
			t.Errorf("the demo supplier has %d open negotiations, %v", len(negs), err)
		}
		rep, err := svc.Savings.Savings(ctx, mutual.SavingsFilter{GroupBy: "partner"})
		if err != nil || !rep.Total.Saving.Amount.IsPositive() || rep.Total.Agreements != 5 {
			t.Errorf("savings %+v, %v", rep, err)
		}

		ps := allPartners(t, db)
		if n := len(ps); n < 55 || n > 65 {
			t.Fatalf("%d partners, want about 60", n)
		}
		checkPartners(t, ps, 1, 4)
		countries := map[string]bool{}
		var both, kam, usd int
		for _, p := range ps {
			countries[p.Country] = true
			if p.HasRole(mutual.PartnerSupplier) && p.HasRole(mutual.PartnerCustomer) {
				both++
			}
			if p.OwnerID != 0 {
				kam++
			}
			if p.AnnualSpend.Currency != "" && p.AnnualSpend.Currency != "VND" {
				usd++
			}
		}
		for _, c := range []string{"VN", "JP", "KR", "DE", "US", "SG", "CN", "TH"} {
			if !countries[c] {
				t.Errorf("no partner in %s", c)
			}
		}
		if both == 0 || kam < len(ps)/2 || usd == 0 {
			t.Errorf("supplier and customer: %d, with a KAM: %d, foreign spend: %d", both, kam, usd)
		}

		for _, q := range []string{"nguyen duc", "NGUYEN", "đức", "thep hoa phat"} {
			found, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) == 0 {
				t.Errorf("search %q finds nothing", q)
			}
		}
	})
}

func TestGenerate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := db.Services()
		ctx := storetest.SystemContext()
		if _, err := demo.Seed(ctx, svc); err != nil {
			t.Fatal(err)
		}
		// The same seed twice: the tax codes taken by the first run are skipped.
		for range 2 {
			if err := demo.Generate(ctx, svc, 200, 42); err != nil {
				t.Fatal(err)
			}
		}
		if err := demo.Generate(ctx, svc, 200, 43); err != nil {
			t.Fatal(err)
		}
		ps := allPartners(t, db)
		if got, want := len(ps), 60+600; got != want {
			t.Fatalf("%d partners, want %d", got, want)
		}
		checkPartners(t, ps, 1, 4)
		vn := 0
		owners := map[mutual.ID]bool{}
		for _, p := range ps {
			if p.Country == "VN" {
				vn++
			}
			owners[p.OwnerID] = true
		}
		if pct := vn * 100 / len(ps); pct < 70 || pct > 90 {
			t.Errorf("%d%% Vietnamese partners, want about 80%%", pct)
		}
		if len(owners) < 4 {
			t.Errorf("owners spread over %d users", len(owners))
		}
		common, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "nguyen", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(common) < 100 {
			t.Errorf("search nguyen finds %d partners, want many", len(common))
		}
	})
}

func TestGenerate_Deterministic(t *testing.T) {
	names := func() string {
		db := storetest.MustOpen(t)
		if err := demo.Generate(storetest.SystemContext(), db.Services(), 50, 7); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, p := range allPartners(t, db) {
			b.WriteString(p.Name + "|" + p.TaxCode + "|" + p.Contacts[0].Name + "\n")
		}
		return b.String()
	}
	if a, b := names(), names(); a != b {
		t.Fatalf("the same seed gave different data:\n%s\n---\n%s", a, b)
	}
}

func TestGenerate_CreatesStaff(t *testing.T) {
	db := storetest.MustOpen(t)
	svc := db.Services()
	// Without a user in the context Generate acts as the system.
	if err := demo.Generate(context.Background(), svc, 10, 1); err != nil {
		t.Fatal(err)
	}
	users, err := svc.Users.FindAssignableUsers(storetest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) == 0 {
		t.Fatal("Generate made no internal users to own partners")
	}
	if got := len(allPartners(t, db)); got != 10 {
		t.Fatalf("%d partners, want 10", got)
	}
}

// BenchmarkGenerate adds 20,000 partners with contacts per op to SQLite.
func BenchmarkGenerate(b *testing.B) {
	db := storetest.MustOpen(b)
	ctx := storetest.SystemContext()
	for i := 0; b.Loop(); i++ {
		if err := demo.Generate(ctx, db.Services(), 20000, int64(i)); err != nil {
			b.Fatal(err)
		}
	}
}
