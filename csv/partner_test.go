package csv_test

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

const partnerHeader = "name,tax_code,country,roles,segment,status,owner_id,annual_spend_amount,annual_spend_currency,phone,notes"

func TestImportPartners_OK(t *testing.T) {
	body := csvLines(partnerHeader,
		`Công ty TNHH Thiết bị Nguyễn Đức,0100 233.488,vn,supplier;customer,strategic,active,3,1250000,vnd,'+84 24 3822 1234,`,
		`"Acme, Inc.",EIN 12-3456789,US, customer ; distributor ,,,,1250.5,USD,,"first line`,
		`second ""quoted"" line"`,
		`,,,,,,,,,,`, // blank rows, as spreadsheets leave them, are skipped
		`Thép Hòa Phát,0100233488-001,VN,supplier,routine,,,,,,'=A1`)
	for _, tt := range []struct{ name, prefix string }{{"NoBOM", ""}, {"BOM", csv.UTF8BOM}} {
		t.Run(tt.name, func(t *testing.T) {
			fp := &fakePartners{}
			n, err := csv.ImportPartners(ctx, fp, strings.NewReader(tt.prefix+body))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := n, 3; got != want {
				t.Fatalf("n = %d, want %d", got, want)
			}
			// The rows reach the store in name order, read where the first
			// reading found them (a quoted cell spans two lines, a byte order
			// mark comes first).
			var names []string
			for _, p := range fp.imported {
				names = append(names, p.Name)
			}
			if want := []string{"Acme, Inc.", "Công ty TNHH Thiết bị Nguyễn Đức", "Thép Hòa Phát"}; !reflect.DeepEqual(names, want) {
				t.Fatalf("written in the order %q, want %q", names, want)
			}
			p := []*mutual.Partner{fp.imported[1], fp.imported[0], fp.imported[2]} // the file's order
			if got, want := p[0].TaxCode, "0100233488"; got != want {
				t.Errorf("tax code = %q, want %q", got, want)
			}
			if got, want := p[0].Roles, []string{"supplier", "customer"}; !reflect.DeepEqual(got, want) {
				t.Errorf("roles = %q, want %q", got, want)
			}
			if got, want := p[0].AnnualSpend.String(), "1250000 VND"; got != want {
				t.Errorf("spend = %q, want %q", got, want)
			}
			if got, want := p[0].OwnerID, mutual.ID(3); got != want {
				t.Errorf("owner = %v, want %v", got, want)
			}
			if got, want := p[0].Phone, "+84 24 3822 1234"; got != want {
				t.Errorf("phone = %q, want %q", got, want)
			}
			if got, want := p[1].Roles, []string{"customer", "distributor"}; !reflect.DeepEqual(got, want) {
				t.Errorf("roles = %q, want %q", got, want)
			}
			if got, want := p[1].Notes, "first line\nsecond \"quoted\" line"; got != want {
				t.Errorf("notes = %q, want %q", got, want)
			}
			if got, want := p[1].Status, "prospect"; got != want {
				t.Errorf("status = %q, want %q", got, want)
			}
			if got, want := p[2].TaxCode, "0100233488-001"; got != want {
				t.Errorf("tax code = %q, want %q", got, want)
			}
			if got, want := p[2].Notes, "=A1"; got != want {
				t.Errorf("notes = %q, want %q", got, want)
			}
		})
	}
}

func TestImportPartners_Semicolons(t *testing.T) {
	// Excel under Vietnamese settings separates cells with semicolons.
	fp := &fakePartners{}
	body := csv.UTF8BOM + "Name;Country;Roles\r\nCông ty Cổ phần Thép Hòa Phát Đà Nẵng;VN;\"supplier;customer\"\r\n"
	if n, err := csv.ImportPartners(ctx, fp, strings.NewReader(body)); err != nil || n != 1 {
		t.Fatalf("n = %d, err = %v", n, err)
	}
	if got, want := fp.imported[0].Roles, []string{"supplier", "customer"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("roles = %q, want %q", got, want)
	}
}

func TestImportPartners_Errors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		body   string
		fields []string
	}{
		{"Empty", "", []string{"line 1/empty"}},
		{"UnknownColumn", csvLines("name,country,roles,colour,tax code"),
			[]string{"line 1: colour/unknown_column", "line 1: tax code/unknown_column"}},
		{"DuplicateColumn", csvLines("name,country,roles,Name"), []string{"line 1: name/duplicate_column"}},
		{"MissingColumns", csvLines("legal_name,tax_code"),
			[]string{"line 1: name/required_column", "line 1: country/required_column", "line 1: roles/required_column"}},
		{"EveryBadRow", csvLines(partnerHeader,
			`Good,,VN,supplier,,,,,,,`,
			`,0100233480,VN,vendor,gold,,x,12abc,VND,,`, // line 3
			`Good too,,VN,supplier,,,,,,,"notes over`,
			`two lines"`,
			`Bad country,,Vietnam,supplier,,,,,,,`, // line 6
			`Spend,,US,customer,,,,12.345,USD,,`,   // line 7
			`No currency,,US,customer,,,,12,,,`,    // line 8
			`Wrong cells,VN`,                       // line 9
		), []string{
			"line 3: owner_id/id", "line 3: annual_spend_amount/decimal", "line 3: name/required",
			"line 3: tax_code/tax_code", "line 3: roles/enum", "line 3: segment/enum",
			"line 6: country/country",
			"line 7: annual_spend_amount/money_precision",
			"line 8: annual_spend_currency/required",
			"line 9/columns",
		}},
		{"DuplicateTaxCodes", csvLines("name,tax_code,country,roles",
			`A,0100233488,VN,supplier`,
			`B,"0100.233.488",VN,supplier`,
			`C,0100233488-001,VN,supplier`,
			`D,0100 233 488,VN,supplier`,
		), []string{"line 3: tax_code/duplicate", "line 5: tax_code/duplicate"}},
		{"BareQuote", csvLines("name,country,roles", `A "quoted" name,VN,supplier`, `B,VN,`),
			[]string{"line 2/csv", "line 3: roles/required"}},
		{"NotUTF8", "name,country,roles\nC\xf4ng ty,VN,supplier\n", []string{"line 2: name/utf8"}},
		{"UnnamedColumn", csvLines("name,country,roles,", "A,VN,supplier,", "B,VN,supplier,x"),
			[]string{"line 3: column 4/unnamed_column"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fp := &fakePartners{}
			n, err := csv.ImportPartners(ctx, fp, strings.NewReader(tt.body))
			wantFields(t, err, mutual.EINVALID, tt.fields...)
			if n != 0 || fp.imported != nil {
				t.Fatalf("imported %d partners from a bad file", n)
			}
		})
	}
}

func TestImportPartners_HeaderOnly(t *testing.T) {
	fp := &fakePartners{}
	if n, err := csv.ImportPartners(ctx, fp, strings.NewReader("name,country,roles\r\n")); n != 0 || err != nil {
		t.Fatalf("n = %d, err = %v", n, err)
	}
}

func TestImportPartners_StoreErrors(t *testing.T) {
	body := csvLines("name,tax_code,country,roles,annual_spend_amount,annual_spend_currency,notes",
		`A,0100233488,VN,supplier,,,`,
		`B,0100233488-001,VN,supplier,1,VND,"notes on`,
		`two lines"`,
		`C,,VN,supplier,,,`)
	t.Run("Conflict", func(t *testing.T) {
		fp := &fakePartners{importErr: &mutual.Error{Code: mutual.ECONFLICT, Fields: []mutual.FieldError{
			{Field: "[1].tax_code", Rule: "duplicate"}, {Field: "[2].owner_id", Rule: "assignee"},
			{Field: "[1].annual_spend.currency", Rule: "currency"}, {Field: "tax_code", Rule: "duplicate"},
		}}}
		_, err := csv.ImportPartners(ctx, fp, strings.NewReader(body))
		wantFields(t, err, mutual.ECONFLICT, "tax_code/duplicate", "line 3: tax_code/duplicate",
			"line 3: annual_spend_currency/currency", "line 5: owner_id/assignee")
	})
	t.Run("SingleRowUnprefixed", func(t *testing.T) {
		fp := &fakePartners{importErr: &mutual.Error{Code: mutual.EINVALID, Fields: []mutual.FieldError{{Field: "owner_id", Rule: "assignee"}}}}
		_, err := csv.ImportPartners(ctx, fp, strings.NewReader("name,country,roles\n\nA,VN,supplier\n"))
		wantFields(t, err, mutual.EINVALID, "line 3: owner_id/assignee")
	})
	t.Run("Forbidden", func(t *testing.T) {
		fp := &fakePartners{importErr: mutual.Errorf(mutual.EFORBIDDEN, "no")}
		_, err := csv.ImportPartners(ctx, fp, strings.NewReader(body))
		wantFields(t, err, mutual.EFORBIDDEN)
	})
}

func TestPartnersCSV_RoundTrip(t *testing.T) {
	spend, _ := mutual.ParseDecimal("1250.5")
	yen, _ := mutual.ParseDecimal("98000000")
	ps := []*mutual.Partner{
		{ID: 1, Name: "=HYPERLINK(\"http://evil.example\")", LegalName: "@Evil; Ltd", TaxCode: "0100233488", Country: "VN",
			Roles: []string{"supplier", "customer"}, Segment: "strategic", Status: "active", OwnerID: 3, SponsorID: 4,
			Website: "https://nguyenduc.example.vn", Email: "info@nguyenduc.example.vn", Phone: "+84 24 3822 1234",
			Address: "12 Lý Thường Kiệt,\nHoàn Kiếm, Hà Nội", AnnualSpend: mutual.Money{Amount: spend, Currency: "USD"},
			Notes: "-10% discount\n\"quoted\"\n'=not a formula"},
		{ID: 2, Name: "Toyota Tsusho Vietnam", Country: "JP", TaxCode: "T-9180001", Roles: []string{"distributor"}, Status: "prospect",
			AnnualSpend: mutual.Money{Amount: yen, Currency: "JPY"}},
	}
	var b bytes.Buffer
	if err := csv.WritePartners(ctx, &fakePartners{export: ps}, &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"id,name,legal_name,tax_code,country,roles,segment,status,owner_id,sponsor_id,website,email,phone,address,annual_spend_amount,annual_spend_currency,notes\n",
		`1,"'=HYPERLINK(""http://evil.example"")",'@Evil; Ltd,0100233488,VN,supplier;customer,strategic,active,3,4,`,
		`,'+84 24 3822 1234,`, `,1250.50,USD,"'-10% discount`, `,98000000,JPY,`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	if strings.HasPrefix(out, csv.UTF8BOM) {
		t.Error("export starts with a BOM")
	}
	fp := &fakePartners{}
	if n, err := csv.ImportPartners(ctx, fp, bytes.NewReader(b.Bytes())); err != nil || n != len(ps) {
		t.Fatalf("n = %d, err = %v", n, err)
	}
	for i, got := range fp.imported {
		want := *ps[i]
		want.ID = 0 // import creates
		if !got.AnnualSpend.Amount.Equal(want.AnnualSpend.Amount) {
			t.Errorf("[%d] spend = %v, want %v", i, got.AnnualSpend, want.AnnualSpend)
		}
		got.AnnualSpend.Amount, want.AnnualSpend.Amount = mutual.Decimal{}, mutual.Decimal{}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("[%d] read back\n %+v\nwant\n %+v", i, *got, want)
		}
	}
}

// BenchmarkImportPartners reads and validates 100,000 partner rows; the
// fake service stores nothing, so this is the CSV part of an import alone.
func BenchmarkImportPartners(b *testing.B) {
	data := partnersCSV(100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		fp := &fakePartners{}
		n, err := csv.ImportPartners(ctx, fp, bytes.NewReader(data))
		if err != nil || n != 100000 {
			b.Fatalf("n = %d, err = %v", n, err)
		}
	}
}

// BenchmarkWritePartners writes 100,000 partners.
func BenchmarkWritePartners(b *testing.B) {
	fp := &fakePartners{}
	if _, err := csv.ImportPartners(ctx, fp, bytes.NewReader(partnersCSV(100000))); err != nil {
		b.Fatal(err)
	}
	exp := &fakePartners{export: fp.imported}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := csv.WritePartners(ctx, exp, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

// partnersCSV writes n distinct, valid partner rows.
func partnersCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(csv.PartnerColumns, ",") + "\n")
	words := []string{"Thép", "Nhựa", "Bao bì", "Logistics", "Điện tử", "Dược phẩm", "Cơ khí", "Dệt may"}
	names := []string{"Nguyễn Đức", "Trần Minh", "Lê Hoàng", "Phạm Anh", "Hòa Phát", "Việt Tiến"}
	for i := range n {
		nine := fmt.Sprintf("%09d", 100000000+i*7)
		check, ok := mutual.TaxCodeCheckDigit(nine)
		tax := ""
		if ok {
			tax = nine + string(check)
		}
		fmt.Fprintf(&b, ",Công ty TNHH %s %s %d,Công ty TNHH %s %s,%s,VN,supplier;customer,strategic,active,,,https://c%d.example.vn,info@c%d.example.vn,'+84 28 3822 %04d,\"%d Lê Lợi, Quận 1, TP. Hồ Chí Minh\",%d000000,VND,Ghi chú\n",
			words[i%len(words)], names[i%len(names)], i, words[i%len(words)], names[i%len(names)], tax, i, i, i%10000, i%300, i%997+1)
	}
	return b.Bytes()
}

func TestImportPartners_Forbidden(t *testing.T) {
	for _, u := range []*mutual.User{nil, {ID: 5, Role: mutual.RoleViewer}, {ID: 6, Role: mutual.RoleSupplier, PartnerID: 7}} {
		c := mutual.NewContextWithUser(ctx, u)
		fp := &fakePartners{}
		_, err := csv.ImportPartners(c, fp, strings.NewReader("name,country,roles\nA,VN,supplier\n"))
		if got, want := mutual.ErrorCode(err), mutual.EFORBIDDEN; got != want {
			t.Errorf("user %v: code = %q, want %q", u, got, want)
		}
	}
}

// seekOnly hides every method of its reader but Read and Seek.
type seekOnly struct{ io.ReadSeeker }

// changingFile is a file that another program rewrites once it was read
// through the first time.
type changingFile struct {
	*strings.Reader
	after string
	seeks int
}

func (f *changingFile) Seek(offset int64, whence int) (int64, error) {
	if f.seeks++; f.seeks == 1 {
		f.Reader = strings.NewReader(f.after)
	}
	return f.Reader.Seek(offset, whence)
}

func TestImportPartners_WriteOrder(t *testing.T) {
	body := csvLines("name,country,roles", "Zeta,VN,supplier", "Alpha,VN,supplier", "Mu,VN,supplier")
	names := func(ps []*mutual.Partner) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.Name)
		}
		return strings.Join(s, ",")
	}
	for _, tt := range []struct {
		name string
		r    io.ReadSeeker
		want string
	}{
		{"ReadableAnywhere", strings.NewReader(body), "Alpha,Mu,Zeta"},
		{"OnlyFromTheStart", seekOnly{strings.NewReader(body)}, "Zeta,Alpha,Mu"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fp := &fakePartners{}
			if n, err := csv.ImportPartners(ctx, fp, tt.r); err != nil || n != 3 {
				t.Fatalf("imported %d: %v", n, err)
			}
			if got := names(fp.imported); got != tt.want {
				t.Errorf("written in the order %s, want %s", got, tt.want)
			}
		})
	}
}

func TestImportPartners_FileChangedBetweenReadings(t *testing.T) {
	before := csvLines("name,country,roles", "Zeta,VN,supplier", "Alpha,VN,supplier")
	for _, tt := range []struct{ name, after string }{
		{"Shorter", csvLines("name,country,roles", "Zeta,VN,supplier")},
		{"RowMoved", csvLines("name,country,roles", "Alpha Beta Gamma,VN,supplier", "Zeta,VN,supplier")},
		{"RowRenamed", csvLines("name,country,roles", "Beta,VN,supplier", "Alpha,VN,supplier")}, // same length: reads as a valid row
		{"RowInvalid", csvLines("name,country,roles", "Zeta,VN,supplier", "Alpha,VN,nonsense")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fp := &fakePartners{}
			n, err := csv.ImportPartners(ctx, fp, &changingFile{Reader: strings.NewReader(before), after: tt.after})
			if mutual.ErrorCode(err) != mutual.ECONFLICT || n != 0 {
				t.Fatalf("imported %d: %v, want a conflict", n, err)
			}
			if !strings.Contains(mutual.ErrorMessage(err), "changed") {
				t.Errorf("message %q does not say the file changed", mutual.ErrorMessage(err))
			}
		})
	}
}
