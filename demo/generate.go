package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// table picks an index with probability proportional to its weight.
type table []int // cumulative weights

func cumulative(weights ...int) table {
	t := make(table, len(weights))
	sum := 0
	for i, w := range weights {
		sum += w
		t[i] = sum
	}
	return t
}

func (t table) pick(r *rand.Rand) int { return sort.SearchInts(t, r.IntN(t[len(t)-1])+1) }

var (
	familyTable, industryTable, formTable, cityTable, foreignTable table

	roleSets = [][]string{
		{mutual.PartnerSupplier}, {mutual.PartnerCustomer}, {mutual.PartnerDistributor},
		{mutual.PartnerSupplier, mutual.PartnerCustomer}, {mutual.PartnerSupplier, mutual.PartnerDistributor},
		{mutual.PartnerCustomer, mutual.PartnerDistributor}, mutual.PartnerRoles,
	}
	roleTable    = cumulative(60, 15, 6, 12, 4, 2, 1)
	segments     = []string{"strategic", "leverage", "bottleneck", "routine", ""}
	segmentTable = cumulative(8, 22, 15, 45, 10)
	statuses     = []string{"prospect", "onboarding", "active", "suspended", "offboarded"}
	statusTable  = cumulative(14, 8, 62, 6, 10)
	// assignPercent is how often partners of a segment have an owner and a sponsor.
	assignPercent = map[string][2]int{"strategic": {100, 100}, "leverage": {90, 40}, "bottleneck": {90, 40}, "routine": {60, 5}, "": {30, 0}}
	notes         = []string{
		"Hợp đồng khung hết hạn cuối năm; cần đàm phán lại giá.",
		"Giao hàng đúng hẹn, chất lượng ổn định.",
		"Đề nghị giảm giá 3% nếu tăng sản lượng.",
		"Cần bổ sung chứng chỉ ISO 9001 bản mới.",
		"Thanh toán 30 ngày sau khi nhận hóa đơn.",
		"Ưu tiên mời tham gia các đợt chào giá quý tới.",
		"Preferred supplier for the southern plants.",
	}
)

func init() {
	w := make([]int, 0, 64)
	for _, f := range familyNames {
		w = append(w, f.weight)
	}
	familyTable = cumulative(w...)
	w = w[:0]
	for _, i := range industries {
		w = append(w, i.weight)
	}
	industryTable = cumulative(w...)
	w = w[:0]
	for _, f := range companyForms {
		w = append(w, f.weight)
	}
	formTable = cumulative(w...)
	w = w[:0]
	for _, c := range cities {
		w = append(w, c.weight)
	}
	cityTable = cumulative(w...)
	w = w[:0]
	for _, c := range foreignCountries {
		w = append(w, c.weight)
	}
	foreignTable = cumulative(w...)
}

// generator makes partners from the word lists, deterministically for a seed.
type generator struct {
	r                *rand.Rand
	owners, sponsors []mutual.ID
	seq, base        int64
	used             map[string]bool   // tax codes handed out
	slugs            map[string]string // word -> ASCII slug
}

func newGenerator(seed uint64, owners, sponsors []mutual.ID) *generator {
	r := rand.New(rand.NewPCG(seed, 0x6d7574))
	return &generator{r: r, owners: owners, sponsors: sponsors, base: r.Int64N(1e9),
		used: map[string]bool{}, slugs: map[string]string{}}
}

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// slug returns s folded to lower-case ASCII without spaces: "Hòa Phát" -> "hoaphat".
func (g *generator) slug(s string) string {
	v, ok := g.slugs[s]
	if !ok {
		v = strings.ReplaceAll(mutual.Fold(s), " ", "")
		g.slugs[s] = v
	}
	return v
}

// title returns s folded to ASCII with each word capitalised: "Nguyen Duc".
func title(s string) string {
	words := strings.Fields(mutual.Fold(s))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// partner makes a partner with n contacts: about 80% Vietnamese.
func (g *generator) partner(n int) *mutual.Partner {
	var p *mutual.Partner
	var domain, currency string
	if g.r.IntN(100) < 80 {
		p, domain = g.vietnamese()
		currency = "VND"
	} else {
		var fc *foreignCountry
		p, domain, fc = g.foreign()
		currency = fc.currency
	}
	g.relationship(p, currency)
	p.Website = "https://www." + domain + ".example"
	p.Contacts = g.contacts(p, domain, n)
	return p
}

// vietnamese makes "Công ty TNHH Thiết bị Nguyễn Đức" and its web domain.
func (g *generator) vietnamese() (*mutual.Partner, string) {
	form := companyForms[formTable.pick(g.r)]
	ind := industries[industryTable.pick(g.r)]
	c := &cities[cityTable.pick(g.r)]
	var brand string
	if g.r.IntN(2) == 0 {
		brand = g.pick(brandWords)
	} else if g.r.IntN(3) == 0 {
		brand = familyNames[familyTable.pick(g.r)].word + " " + g.pick(brandGiven)
	} else {
		brand = familyNames[familyTable.pick(g.r)].word + " " + g.pick(maleGiven)
	}
	place := ""
	if g.r.IntN(4) == 0 { // some names end with their city: rare combinations
		place = " " + strings.TrimPrefix(strings.ReplaceAll(c.name, "TP. Hồ Chí Minh", "Sài Gòn"), "TP. ")
	}
	p := &mutual.Partner{
		Name:      form.vi + " " + ind.vi + " " + brand + place,
		LegalName: title(brand+place) + " " + ind.en + " " + form.en,
		Country:   "VN",
		TaxCode:   g.taxCode("VN", c.taxCode),
		Phone:     g.landline(c.phone),
	}
	if len(c.industry) > 0 && g.r.IntN(10) < 3 {
		p.Address = fmt.Sprintf("Lô %c%d, %s, %s", 'A'+g.r.IntN(8), 1+g.r.IntN(30), g.pick(c.industry), c.name)
	} else {
		p.Address = fmt.Sprintf("%d %s, %s, %s", 1+g.r.IntN(400), g.pick(c.streets), g.pick(c.places), c.name)
	}
	domain := g.slug(brand+place) + "-" + g.slug(ind.vi)
	p.Email = g.pick([]string{"info", "kinhdoanh", "lienhe", "sales"}) + "@" + domain + ".example"
	return p, domain
}

// foreign makes an international partner, its domain and its country.
func (g *generator) foreign() (*mutual.Partner, string, *foreignCountry) {
	fc := &foreignCountries[foreignTable.pick(g.r)]
	word := industries[industryTable.pick(g.r)].en
	if fc.industryNames != nil {
		word = g.pick(fc.industryNames)
	}
	prefix := g.pick(fc.prefixes)
	name := prefix + " " + word + " " + g.pick(fc.suffixes)
	domain := g.slug(prefix) + "-" + g.slug(word)
	p := &mutual.Partner{
		Name: name, LegalName: name, Country: fc.code,
		TaxCode: g.taxCode(fc.code, ""),
		Phone:   fmt.Sprintf(fc.phone, g.r.IntN(1000), g.r.IntN(10000)),
		Address: fmt.Sprintf("%d %s", 1+g.r.IntN(300), g.pick(fc.places)),
		Email:   "sales@" + domain + ".example",
	}
	return p, domain, fc
}

// relationship sets roles, segment, status, owner, sponsor, spend and notes.
func (g *generator) relationship(p *mutual.Partner, currency string) {
	p.Roles = append([]string(nil), roleSets[roleTable.pick(g.r)]...)
	p.Segment = segments[segmentTable.pick(g.r)]
	p.Status = statuses[statusTable.pick(g.r)]
	pct := assignPercent[p.Segment]
	if g.r.IntN(100) < pct[0] && len(g.owners) > 0 {
		p.OwnerID = g.owners[g.r.IntN(len(g.owners))]
	}
	if g.r.IntN(100) < pct[1] {
		p.SponsorID = g.sponsors[g.r.IntN(len(g.sponsors))]
	}
	if p.HasRole(mutual.PartnerSupplier) && (p.Status != "prospect" || g.r.IntN(2) == 0) {
		p.AnnualSpend = g.spend(currency)
	}
	if g.r.IntN(10) == 0 {
		p.Notes = g.pick(notes)
	}
}

// spend returns a plausible yearly spend: 50 million to 80 billion VND,
// 5,000 to 3 million USD or EUR, half a million to 500 million JPY.
func (g *generator) spend(currency string) mutual.Money {
	lo, span, unit := 3.7, 2.8, 100.0
	switch currency {
	case "VND":
		lo, span, unit = 7.7, 3.2, 1e6
	case "JPY":
		lo, span, unit = 5.7, 3.0, 1e4
	}
	v := math.Round(math.Pow(10, lo+span*g.r.Float64())/unit) * unit
	amount, _ := mutual.ParseDecimal(strconv.FormatFloat(v, 'f', 0, 64))
	return mutual.Money{Amount: amount, Currency: currency}
}

// taxCode returns a tax code not handed out before: Vietnamese codes start
// with the province prefix and end with the check digit; others take the
// form of their country. The numbers walk a full-period sequence from a
// random start, so runs with different seeds rarely meet; freeTaxCodes
// replaces the codes the database holds already.
func (g *generator) taxCode(country, province string) string {
	for {
		g.seq++
		v := (g.base + g.seq*1_000_003) % 1_000_000_000 // 1,000,003 is prime: every value once
		var code string
		switch country {
		case "VN":
			nine := fmt.Sprintf("%s%07d", province, v%10_000_000)
			d, ok := mutual.TaxCodeCheckDigit(nine)
			if !ok {
				continue
			}
			code = nine + string(d)
		case "JP":
			code = fmt.Sprintf("T%013d", 5_000_000_000_000+v)
		case "KR":
			code = fmt.Sprintf("%03d-%02d-%05d", 100+v/10_000_000%900, v/100_000%100, v%100_000)
		case "DE":
			code = fmt.Sprintf("DE%09d", v)
		case "US":
			code = fmt.Sprintf("%02d-%07d", 10+v/10_000_000%90, v%10_000_000)
		case "SG":
			code = fmt.Sprintf("%09d%c", v, 'A'+v%26)
		case "CN":
			code = fmt.Sprintf("914403%012d", v)
		default:
			code = fmt.Sprintf("%s%010d", country, v)
		}
		if !g.used[code] {
			g.used[code] = true
			return code
		}
	}
}

// freeTaxCodes gives a new tax code to every partner whose code the
// database holds already, until none does.
func (g *generator) freeTaxCodes(ctx context.Context, partners mutual.PartnerService, ps []*mutual.Partner) error {
	for _, p := range ps {
		g.used[p.TaxCode] = true
	}
	check := ps
	for len(check) > 0 {
		codes := make([]string, len(check))
		for i, p := range check {
			codes[i] = p.TaxCode
		}
		taken, err := partners.FindPartnerIDsByTaxCode(ctx, codes)
		if err != nil {
			return err
		}
		var again []*mutual.Partner
		for _, p := range check {
			if _, ok := taken[p.TaxCode]; ok {
				p.TaxCode = g.taxCode(p.Country, p.TaxCode[:min(2, len(p.TaxCode))])
				again = append(again, p)
			}
		}
		check = again
	}
	return nil
}

// contacts makes n people at p, the first the primary account executive.
func (g *generator) contacts(p *mutual.Partner, domain string, n int) []*mutual.Contact {
	var fc *foreignCountry
	for i := range foreignCountries {
		if foreignCountries[i].code == p.Country {
			fc = &foreignCountries[i]
		}
	}
	cs := make([]*mutual.Contact, n)
	for i := range cs {
		c := &mutual.Contact{Primary: i == 0, Phone: g.mobile()}
		var local string
		if fc == nil || (i > 0 && g.r.IntN(100) < 40) { // international partners often have Vietnamese staff here
			c.Name, local = g.vietnamesePerson()
			t := viTitles[g.r.IntN(len(viTitles))]
			if i == 0 {
				t = viTitles[g.r.IntN(3)]
			}
			c.Title, c.Role = t.title, t.role
		} else {
			first, last := g.pick(fc.first), g.pick(fc.last)
			c.Name, local = first+" "+last, g.slug(first)+"."+g.slug(last)
			if fc.familyFirst {
				c.Name = last + " " + first
			}
			t := foreignTitles[g.r.IntN(len(foreignTitles))]
			if i == 0 {
				t = foreignTitles[g.r.IntN(2)]
			}
			c.Title, c.Role = t.title, t.role
			c.Phone = fmt.Sprintf(fc.phone, g.r.IntN(1000), g.r.IntN(10000))
		}
		c.Email = local + "@" + domain + ".example"
		cs[i] = c
	}
	return cs
}

// vietnamesePerson returns a name such as "Nguyễn Thị Lan" and the local
// part of the person's email, "lan.nguyen".
func (g *generator) vietnamesePerson() (string, string) {
	family := familyNames[familyTable.pick(g.r)].word
	middle, given := g.pick(maleMiddle), g.pick(maleGiven)
	if g.r.IntN(2) == 0 {
		middle, given = g.pick(femaleMiddle), g.pick(femaleGiven)
	}
	return family + " " + middle + " " + given, g.slug(given) + "." + g.slug(family)
}

// mobile returns a Vietnamese mobile number.
func (g *generator) mobile() string {
	return fmt.Sprintf("+84 9%02d %03d %03d", g.r.IntN(100), g.r.IntN(1000), g.r.IntN(1000))
}

// landline returns a Vietnamese office number in an area.
func (g *generator) landline(area string) string {
	if len(area) == 2 {
		return fmt.Sprintf("+84 %s 3%03d %04d", area, g.r.IntN(1000), g.r.IntN(10000))
	}
	return fmt.Sprintf("+84 %s 3%03d %03d", area, g.r.IntN(1000), g.r.IntN(1000))
}
