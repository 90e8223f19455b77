package csv_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

// FuzzImportPartners feeds arbitrary files to the partner import. It must
// never panic; a refused file must name lines; an accepted file must survive
// export and import again unchanged.
func FuzzImportPartners(f *testing.F) {
	for _, seed := range []string{
		"",
		"name,country,roles\nA,VN,supplier\n",
		csv.UTF8BOM + "name;country;roles\r\nA;VN;\"supplier;customer\"\r\n",
		partnerHeader + "\nCông ty TNHH Thiết bị Nguyễn Đức,0100 233.488,vn,supplier;customer,strategic,active,3,1250000,vnd,'+84 24,\"a\nb\"\n",
		"name,country,roles,notes\nA,VN,supplier,'''=x\nB,VN,customer,\"\r\n\"\n",
		"name,country,roles\n\"unterminated,VN,supplier\n",
		"name,country,roles,\nA,VN,supplier,x\n,,,\n",
		"name,tax_code,country,roles,annual_spend_amount,annual_spend_currency\nA,0100233488,VN,supplier,1e3,USD\nB,0100233488,VN,supplier,-1,XXX\n",
		"Name,NAME\n",
		"name,country,roles\nC\xf4ng,VN,supplier\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fp := &fakePartners{}
		n, err := csv.ImportPartners(ctx, fp, bytes.NewReader(data))
		if err != nil {
			if code := mutual.ErrorCode(err); code != mutual.EINVALID {
				t.Fatalf("code %q: %v", code, err)
			}
			if len(mutual.ErrorFields(err)) == 0 {
				t.Fatalf("refused without naming a line: %v", err)
			}
			for _, fe := range mutual.ErrorFields(err) {
				if !strings.HasPrefix(fe.Field, "line ") {
					t.Fatalf("field %q does not name a line", fe.Field)
				}
			}
			if n != 0 || fp.imported != nil {
				t.Fatalf("imported %d partners from a refused file", n)
			}
			return
		}
		if n != len(fp.imported) {
			t.Fatalf("n = %d, imported %d", n, len(fp.imported))
		}
		var b bytes.Buffer
		if err := csv.WritePartners(ctx, &fakePartners{export: fp.imported}, &b); err != nil {
			t.Fatal(err)
		}
		again := &fakePartners{}
		if _, err := csv.ImportPartners(ctx, again, bytes.NewReader(b.Bytes())); err != nil {
			t.Fatalf("export of an accepted file is refused: %v\n%q", err, b.String())
		}
		if len(again.imported) != len(fp.imported) {
			t.Fatalf("read back %d partners, want %d", len(again.imported), len(fp.imported))
		}
		for i := range fp.imported {
			if got, want := comparable(again.imported[i]), comparable(fp.imported[i]); !reflect.DeepEqual(got, want) {
				t.Fatalf("[%d] read back\n %+v\nwant\n %+v", i, got, want)
			}
		}
	})
}

// comparable returns p with its amount as a string and its line breaks
// normalized: CSV readers turn CR LF inside a cell into LF.
func comparable(p *mutual.Partner) mutual.Partner {
	c := *p
	amount := c.AnnualSpend.Amount.String()
	c.AnnualSpend.Amount = mutual.Decimal{}
	c.Notes = strings.ReplaceAll(c.Notes, "\r\n", "\n") + "|" + amount
	for _, s := range []*string{&c.Name, &c.LegalName, &c.TaxCode, &c.Address, &c.Phone} {
		*s = strings.ReplaceAll(*s, "\r\n", "\n")
	}
	return c
}

// FuzzImportContacts feeds arbitrary files to the contact import.
func FuzzImportContacts(f *testing.F) {
	for _, seed := range []string{
		"partner_id,name\n7,Nguyễn Thị Lan\n",
		"partner_tax_code,name,primary\n0100.233.488,Trần Văn Minh,yes\n,x,maybe\n",
		"partner_id,partner_tax_code,name\n8,0100233488,A\n",
		"name\n",
	} {
		f.Add([]byte(seed))
	}
	fp := &fakePartners{taxIDs: map[string]mutual.ID{"0100233488": 7}}
	f.Fuzz(func(t *testing.T, data []byte) {
		fc := &fakeContacts{}
		n, err := csv.ImportContacts(ctx, fp, fc, bytes.NewReader(data))
		if err != nil {
			if code := mutual.ErrorCode(err); code != mutual.EINVALID {
				t.Fatalf("code %q: %v", code, err)
			}
			for _, fe := range mutual.ErrorFields(err) {
				if !strings.HasPrefix(fe.Field, "line ") {
					t.Fatalf("field %q does not name a line", fe.Field)
				}
			}
			if n != 0 || fc.imported != nil {
				t.Fatalf("imported %d contacts from a refused file", n)
			}
			return
		}
		for _, c := range fc.imported {
			if c.PartnerID == 0 {
				t.Fatalf("contact %q without partner", c.Name)
			}
		}
	})
}
