// Package demo fills a Mutual database with realistic demo data: the
// first-run data set (users of every role, Vietnamese and international
// partners with contacts) and generated partners at any scale for load
// tests. It works only through the services of the root package.
package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// Password is the password of every demo user. It is printed on first run;
// a real deployment creates its own users instead.
const Password = "mutual-demo"

// AdminEmail is the email of the demo administrator.
const AdminEmail = "admin@mutual.example"

// Login is a demo user to sign in as.
type Login struct {
	Email    string
	Password string
}

// staff are the internal demo users; flagship owners and sponsors index
// this list from 1.
var staff = []struct{ email, name, role, locale string }{
	{AdminEmail, "Đặng Quốc Bảo", mutual.RoleAdmin, ""},
	{"mai.anh@mutual.example", "Trần Thị Mai Anh", mutual.RoleManager, "vi"},
	{"long.le@mutual.example", "Lê Hoàng Long", mutual.RoleManager, "en"},
	{"tuan.pham@mutual.example", "Phạm Minh Tuấn", mutual.RoleBuyer, "vi"},
	{"trang.vo@mutual.example", "Võ Thị Thu Trang", mutual.RoleBuyer, "vi"},
	{"hai.nguyen@mutual.example", "Nguyễn Văn Hải", mutual.RoleBuyer, ""},
	{"huong.bui@mutual.example", "Bùi Thanh Hương", mutual.RoleViewer, "vi"},
}

// seedPartners is the size of the first-run data set: the flagships and
// generated partners to make it up.
const seedPartners = 60

// Seed adds the first-run demo data set: an admin, two managers, three
// buyers, a viewer, about 60 partners with contacts, and a supplier user
// for the first partner. Every user has the password Password. Call it only
// on a database without users: the emails are fixed, so a second call fails
// with ECONFLICT. It returns the administrator's login.
func Seed(ctx context.Context, svc mutual.Services) (*Login, error) {
	ctx = mutual.NewContextWithUser(ctx, mutual.SystemUser)
	ids := make([]mutual.ID, len(staff))
	users := make(map[mutual.ID]*mutual.User, len(staff))
	for i, s := range staff {
		u := &mutual.User{Email: s.email, Name: s.name, Role: s.role, Locale: s.locale}
		if err := svc.Users.CreateUser(ctx, u, Password); err != nil {
			return nil, fmt.Errorf("demo user %s: %w", s.email, err)
		}
		ids[i], users[u.ID] = u.ID, u
	}
	g := newGenerator(2024, ids[1:6], ids[:3])
	ps := make([]*mutual.Partner, 0, seedPartners)
	for _, f := range flagships {
		p := flagshipPartner(f, ids, g)
		if len(p.Contacts) == 0 {
			p.Contacts = g.contacts(p, f.domain, 1+g.r.IntN(4))
		}
		ps = append(ps, p)
	}
	for len(ps) < seedPartners {
		ps = append(ps, g.partner(1+g.r.IntN(4)))
	}
	if err := g.freeTaxCodes(ctx, svc.Partners, ps); err != nil {
		return nil, err
	}
	stories := startLifecycles(ps)
	if err := svc.Partners.ImportPartners(ctx, ps); err != nil {
		return nil, fmt.Errorf("demo partners: %w", err)
	}
	if err := tellLifecycles(ctx, svc, ps, stories, users); err != nil {
		return nil, err
	}
	if err := seedRelationships(ctx, svc, ps, users, time.Now()); err != nil {
		return nil, err
	}
	supplier := &mutual.User{Email: "thang.nguyen@nguyenduc.example", Name: "Nguyễn Đức Thắng", Role: mutual.RoleSupplier, PartnerID: ps[0].ID, Locale: "vi"}
	if err := svc.Users.CreateUser(ctx, supplier, Password); err != nil {
		return nil, fmt.Errorf("demo supplier user: %w", err)
	}
	staffUsers := make([]*mutual.User, len(ids))
	for i, id := range ids {
		staffUsers[i] = users[id]
	}
	if err := seedSourcing(ctx, svc, ps, staffUsers, supplier); err != nil {
		return nil, err
	}
	return &Login{Email: AdminEmail, Password: Password}, nil
}

// flagshipPartner builds the partner of a hand-written entry.
func flagshipPartner(f flagship, staffIDs []mutual.ID, g *generator) *mutual.Partner {
	p := &mutual.Partner{
		Name: f.name, LegalName: f.legal, Country: f.country, TaxCode: f.tax,
		Roles: strings.Split(f.roles, ";"), Segment: f.segment, Status: f.status,
		Website: "https://www." + f.domain + ".example", Email: "info@" + f.domain + ".example",
		Phone: f.phone, Address: f.address, Notes: f.notes,
	}
	if f.country == "VN" {
		p.TaxCode = vnTaxCode(f.tax)
		p.Email = "kinhdoanh@" + f.domain + ".example"
	}
	if f.spend != "" {
		amount, _ := mutual.ParseDecimal(f.spend)
		p.AnnualSpend = mutual.Money{Amount: amount, Currency: f.currency}
	}
	if f.owner > 0 {
		p.OwnerID = staffIDs[f.owner-1]
	}
	if f.sponsor > 0 {
		p.SponsorID = staffIDs[f.sponsor-1]
	}
	for i, c := range f.contacts {
		p.Contacts = append(p.Contacts, &mutual.Contact{
			Name: c.name, Title: c.title, Role: c.role, Primary: i == 0,
			Email: emailName(c.name) + "@" + f.domain + ".example",
			Phone: g.mobile(),
		})
	}
	return p
}

// vnTaxCode completes nine digits with the check digit; when no digit fits
// it moves on to the next nine digits, so every prefix gives a valid code.
func vnTaxCode(nine string) string {
	n, _ := strconv.Atoi(nine) // not fmt.Sscan: it reads a leading 0 as octal
	for {
		s := fmt.Sprintf("%09d", n)
		if d, ok := mutual.TaxCodeCheckDigit(s); ok {
			return s + string(d)
		}
		n++
	}
}

// emailName returns the local part of the email of a person whose name is
// written family name first: "lan.nguyen" for "Nguyễn Thị Lan",
// "hiroshi.tanaka" for "Tanaka Hiroshi".
func emailName(name string) string {
	words := strings.Fields(mutual.Fold(name))
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return words[len(words)-1] + "." + words[0]
}

// Generate adds n generated partners, each with one to three contacts, in
// batches through ImportPartners. The data depends only on seed, except that
// tax codes held already are skipped, so runs never clash. About 80% of the
// partners are Vietnamese; owners and sponsors are spread over the internal
// users, a few of whom are created when there are none. The context's user
// is the author in the audit log, the system when there is none.
func Generate(ctx context.Context, svc mutual.Services, n int, seed int64) error {
	return generate(ctx, svc, n, seed, false)
}

// GenerateWithActivity is Generate with a history for every partner: about
// ten interactions each over two years, a fifth of them with a follow-up
// commitment, a few meetings planned, some partners neglected and some
// commitments missed, as the relationship figures are measured on.
func GenerateWithActivity(ctx context.Context, svc mutual.Services, n int, seed int64) error {
	return generate(ctx, svc, n, seed, true)
}

func generate(ctx context.Context, svc mutual.Services, n int, seed int64, activity bool) error {
	if n <= 0 {
		return nil
	}
	if mutual.UserFromContext(ctx) == nil {
		ctx = mutual.NewContextWithUser(ctx, mutual.SystemUser)
	}
	owners, sponsors, err := assignees(ctx, svc)
	if err != nil {
		return err
	}
	g := newGenerator(uint64(seed), owners, sponsors)
	const batch = 25000
	ps := make([]*mutual.Partner, 0, min(n, batch))
	for done := 0; done < n; done += len(ps) {
		ps = ps[:0]
		for len(ps) < min(batch, n-done) {
			ps = append(ps, g.partner(1+g.r.IntN(3)))
		}
		if err := g.freeTaxCodes(ctx, svc.Partners, ps); err != nil {
			return err
		}
		if err := svc.Partners.ImportPartners(ctx, ps); err != nil {
			return fmt.Errorf("generated partners %d to %d: %w", done+1, done+len(ps), err)
		}
		if activity {
			if err := generateActivity(ctx, svc, ps, uint64(seed)+uint64(done)); err != nil {
				return err
			}
		}
	}
	return nil
}

// assignees returns the users who may own partners (managers and buyers,
// else anyone who may own relationships, none when only viewers are left)
// and sponsor them (admins and managers, else the owners, else every
// internal user),
// creating the demo staff when there is no internal user.
func assignees(ctx context.Context, svc mutual.Services) (owners, sponsors []mutual.ID, err error) {
	users, err := svc.Users.FindAssignableUsers(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(users) == 0 {
		for _, s := range staff[1:6] {
			u := &mutual.User{Email: s.email, Name: s.name, Role: s.role, Locale: s.locale}
			if err := svc.Users.CreateUser(ctx, u, Password); err != nil && mutual.ErrorCode(err) != mutual.ECONFLICT {
				return nil, nil, fmt.Errorf("demo user %s: %w", s.email, err)
			}
		}
		if users, err = svc.Users.FindAssignableUsers(ctx); err != nil {
			return nil, nil, err
		}
		if len(users) == 0 {
			return nil, nil, mutual.Errorf(mutual.ECONFLICT, "There are no active internal users to own the demo partners.")
		}
	}
	var all []mutual.ID
	for _, u := range users {
		all = append(all, u.ID)
		switch u.Role {
		case mutual.RoleManager, mutual.RoleBuyer:
			owners = append(owners, u.ID)
		}
		if u.Role == mutual.RoleManager || u.Role == mutual.RoleAdmin {
			sponsors = append(sponsors, u.ID)
		}
	}
	if len(owners) == 0 {
		// Anyone who may own relationships; viewers never do.
		for _, u := range users {
			if u.CanOwnRelationships() {
				owners = append(owners, u.ID)
			}
		}
	}
	if len(sponsors) == 0 {
		sponsors = owners
	}
	if len(sponsors) == 0 {
		sponsors = all
	}
	return owners, sponsors, nil
}
