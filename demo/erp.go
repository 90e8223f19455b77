package demo

import (
	"bufio"
	stdcsv "encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

// ERP exports. Import speed and memory are measured on the kind of file a
// buyer brings from an ERP, not on Mutual's own export: Windows line ends and
// the byte order mark Excel writes, columns in the ERP's order, values cased
// and spaced as people typed them (" Supplier; Customer", "ACTIVE", "vn"),
// tax codes as the ERP keeps them (10 digits, 13 digits with or without the
// dash, dotted, blank on some rows), addresses and notes with commas, quotes
// and line breaks, notes from empty to a few kilobytes, spend in VND, USD,
// EUR and JPY. Every row is valid: the file imports as it is.

// erpPartnerColumns is the column order of the generated partner file.
var erpPartnerColumns = []string{
	"tax_code", "name", "legal_name", "country", "roles", "status", "segment",
	"address", "phone", "email", "website", "annual_spend_amount", "annual_spend_currency", "notes",
}

// erpContactColumns is the column order of the generated contact file.
var erpContactColumns = []string{"partner_tax_code", "name", "title", "role", "email", "phone", "primary", "notes"}

// ERP notes are made of these sentences: terms, quality and logistics
// remarks a buyer keeps about a partner.
var erpSentences = []string{
	"Hợp đồng khung hết hạn cuối năm; cần đàm phán lại giá.",
	"Giao hàng đúng hẹn, chất lượng ổn định trong 6 tháng gần nhất.",
	"Đề nghị giảm giá 3% nếu tăng sản lượng lên 20.000 đơn vị/tháng.",
	"Cần bổ sung chứng chỉ ISO 9001:2015 bản mới trước ngày 30/6.",
	"Thanh toán 30 ngày sau khi nhận hóa đơn GTGT, chuyển khoản qua Vietcombank.",
	"Ưu tiên mời tham gia các đợt chào giá quý tới.",
	"Kho chính ở KCN VSIP I, Thuận An, Bình Dương; giao hàng bằng xe tải 5 tấn.",
	"Đã đánh giá nhà máy tháng 3, đạt 87/100 điểm, cần cải thiện khu vực đóng gói.",
	"Người liên hệ kế toán thay đổi, cập nhật email mới.",
	"Giá nguyên liệu tăng 8% so với cùng kỳ, nhà cung cấp đề nghị điều chỉnh giá.",
	"Tỷ lệ giao đủ (in-full) 96,5%; tỷ lệ lỗi 0,8%.",
	"Khách hàng mua lại sản phẩm đóng gói của ta cho chuỗi cửa hàng miền Tây.",
	"Preferred supplier for the southern plants; MOQ 500 pcs, lead time 21 days.",
	"Incoterms FOB Hải Phòng, thanh toán L/C trả ngay.",
	"Bảo hành 24 tháng, đổi trả trong 7 ngày nếu lỗi do nhà sản xuất.",
	"Cần ký lại thỏa thuận bảo mật (NDA) \"phiên bản 2024\" trước buổi họp.",
	"Ghi chú của phòng mua hàng: không đặt hàng gấp trong tháng Tết.",
}

var erpStatusSpellings = map[string][]string{
	"prospect": {"prospect", "Prospect"}, "onboarding": {"onboarding", "Onboarding"},
	"active": {"active", "Active", "ACTIVE"}, "suspended": {"suspended", "Suspended"},
	"offboarded": {"offboarded", "Offboarded"},
}

// WriteERPCSV writes n partners as a buyer's ERP exports them (see the
// comment above), deterministically for seed. When contacts is not nil it
// also writes one to three contacts for every partner that has a tax code,
// named by partner_tax_code, as the ERP's contact list would.
func WriteERPCSV(partners, contacts io.Writer, n int, seed int64) error {
	g := newGenerator(uint64(seed), nil, nil)
	gc := newGenerator(uint64(seed)+1, nil, nil) // contacts: the partner file is the same with or without them
	pw, cw := newERPWriter(partners), (*erpWriter)(nil)
	if err := pw.write(erpPartnerColumns); err != nil {
		return err
	}
	if contacts != nil {
		cw = newERPWriter(contacts)
		if err := cw.write(erpContactColumns); err != nil {
			return err
		}
	}
	rec := make([]string, len(erpPartnerColumns))
	var parent *mutual.Partner // the last Vietnamese company, which may open a branch
	branches := map[string]int{}
	for i := 0; i < n; i++ {
		p, domain := g.erpPartner(parent, branches)
		if p.Country == "VN" && !strings.Contains(p.TaxCode, "-") && p.TaxCode != "" {
			parent = p
		}
		g.erpRecord(rec, p, domain)
		if err := pw.write(rec); err != nil {
			return err
		}
		if cw != nil && p.TaxCode != "" {
			for j, c := range gc.contacts(p, domain, 1+gc.r.IntN(3)) {
				crec := []string{rec[0], c.Name, c.Title, c.Role, c.Email, c.Phone, strconv.FormatBool(j == 0), ""}
				if gc.r.IntN(8) == 0 {
					crec[7] = gc.pick(erpSentences)
				}
				if err := cw.write(crec); err != nil {
					return err
				}
			}
		}
	}
	if err := pw.flush(); err != nil {
		return err
	}
	if cw != nil {
		return cw.flush()
	}
	return nil
}

// erpWriter writes CSV with CRLF line ends after a byte order mark.
type erpWriter struct {
	bw *bufio.Writer
	cw *stdcsv.Writer
}

func newERPWriter(w io.Writer) *erpWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(csv.UTF8BOM)
	cw := stdcsv.NewWriter(bw)
	cw.UseCRLF = true
	return &erpWriter{bw: bw, cw: cw}
}

func (w *erpWriter) write(rec []string) error { return w.cw.Write(rec) }

func (w *erpWriter) flush() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return err
	}
	return w.bw.Flush()
}

// erpPartner makes one partner of an ERP export: about 78% Vietnamese
// companies (some of them branches of the company before), 4% Vietnamese
// household businesses and people, the rest foreign companies. About 7% of
// the Vietnamese rows have no tax code, as ERPs often lack it for small
// partners.
func (g *generator) erpPartner(parent *mutual.Partner, branches map[string]int) (*mutual.Partner, string) {
	var p *mutual.Partner
	var domain string
	currency := "VND"
	switch k := g.r.IntN(100); {
	case k < 4 && parent != nil && branches[parent.TaxCode] < 9:
		// A branch: the parent's code with a branch number.
		branches[parent.TaxCode]++
		c := &cities[cityTable.pick(g.r)]
		p = &mutual.Partner{
			Name:      "Chi nhánh " + parent.Name + " tại " + strings.TrimPrefix(c.name, "TP. "),
			LegalName: parent.LegalName + " - " + title(c.name) + " Branch",
			Country:   "VN",
			TaxCode:   fmt.Sprintf("%s-%03d", parent.TaxCode, branches[parent.TaxCode]),
			Phone:     g.landline(c.phone),
			Address:   fmt.Sprintf("%d %s, %s, %s", 1+g.r.IntN(400), g.pick(c.streets), g.pick(c.places), c.name),
			Email:     parent.Email,
		}
		domain = strings.TrimSuffix(strings.SplitN(parent.Email, "@", 2)[1], ".example")
	case k < 8:
		// A household business or a person, with a personal tax code.
		person, local := g.vietnamesePerson()
		c := &cities[cityTable.pick(g.r)]
		p = &mutual.Partner{Name: person, Country: "VN", Phone: g.mobile(),
			Address: fmt.Sprintf("Số %d, %s, %s, %s", 1+g.r.IntN(200), g.pick(c.streets), g.pick(c.places), c.name)}
		if g.r.IntN(2) == 0 {
			p.Name = "Hộ kinh doanh " + person
		}
		p.TaxCode = g.taxCode("VN", "80")
		domain = local + "-" + strconv.Itoa(g.r.IntN(1000))
		p.Email = local + strconv.Itoa(g.r.IntN(100)) + "@gmail.example"
	case k < 82:
		p, domain = g.vietnamese()
	default:
		var fc *foreignCountry
		p, domain, fc = g.foreign()
		currency = fc.currency
	}
	if p.Country == "VN" && g.r.IntN(100) < 7 && !strings.Contains(p.TaxCode, "-") {
		p.TaxCode = ""
	}
	p.Roles = append([]string(nil), roleSets[roleTable.pick(g.r)]...)
	p.Segment = segments[segmentTable.pick(g.r)]
	p.Status = statuses[statusTable.pick(g.r)]
	if p.HasRole(mutual.PartnerSupplier) && g.r.IntN(10) < 8 {
		if p.Country == "VN" && g.r.IntN(20) == 0 {
			currency = "USD"
		}
		p.AnnualSpend = g.spend(currency)
		if currency == "USD" && g.r.IntN(3) == 0 { // cents, as invoices sum up
			cents, _ := mutual.ParseDecimal(fmt.Sprintf("0.%02d", g.r.IntN(100)))
			p.AnnualSpend.Amount = p.AnnualSpend.Amount.Add(cents)
		}
	}
	p.Notes = g.erpNotes()
	return p, domain
}

// erpNotes returns notes from empty (half the rows) to a few kilobytes
// (one row in fifty), some with line breaks and bullets.
func (g *generator) erpNotes() string {
	var n int
	switch k := g.r.IntN(100); {
	case k < 50:
		return ""
	case k < 85:
		n = 1
	case k < 98:
		n = 2 + g.r.IntN(4)
	default:
		n = 10 + g.r.IntN(30)
	}
	var b strings.Builder
	bullets := n > 3 && g.r.IntN(2) == 0
	for i := 0; i < n; i++ {
		switch {
		case bullets:
			if i > 0 {
				b.WriteString("\r\n")
			}
			b.WriteString("- ")
		case i > 0:
			b.WriteByte(' ')
		}
		b.WriteString(g.pick(erpSentences))
	}
	return b.String()
}

// erpRecord fills rec (erpPartnerColumns) with p as the ERP writes it.
func (g *generator) erpRecord(rec []string, p *mutual.Partner, domain string) {
	tax := p.TaxCode
	if p.Country == "VN" && tax != "" {
		switch k := g.r.IntN(20); {
		case k == 0: // dotted, as typed from a paper invoice
			tax = tax[:4] + "." + tax[4:7] + "." + tax[7:]
		case k == 1 && strings.Contains(tax, "-"): // 13 digits without the dash
			tax = strings.Replace(tax, "-", "", 1)
		}
	}
	country := p.Country
	if g.r.IntN(10) == 0 {
		country = strings.ToLower(country)
	}
	roles := strings.Join(p.Roles, ";")
	if g.r.IntN(4) == 0 {
		words := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			words[i] = strings.ToUpper(r[:1]) + r[1:]
		}
		roles = strings.Join(words, "; ")
	}
	segment := p.Segment
	if segment != "" && g.r.IntN(5) == 0 {
		segment = strings.ToUpper(segment)
	}
	website := ""
	switch g.r.IntN(4) {
	case 0:
		website = "www." + domain + ".example"
	case 1:
		website = "https://" + domain + ".example/"
	case 2:
		website = "http://www." + domain + ".example"
	}
	email := p.Email
	if g.r.IntN(6) == 0 {
		email = strings.ToUpper(email[:1]) + email[1:]
	}
	amount, currency := "", ""
	if !p.AnnualSpend.IsZero() {
		amount, currency = p.AnnualSpend.Amount.String(), p.AnnualSpend.Currency
		if currency == "USD" && g.r.IntN(2) == 0 {
			amount = p.AnnualSpend.Amount.StringFixed(2)
		}
		if g.r.IntN(8) == 0 {
			currency = strings.ToLower(currency)
		}
	}
	copy(rec, []string{tax, p.Name, p.LegalName, country, roles, g.pick(erpStatusSpellings[p.Status]), segment,
		p.Address, p.Phone, email, website, amount, currency, p.Notes})
}
