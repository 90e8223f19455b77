package csv_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

func TestImportContacts_OK(t *testing.T) {
	fp := &fakePartners{taxIDs: map[string]mutual.ID{"0100233488": 7, "0100233488-001": 8}}
	fc := &fakeContacts{}
	body := csv.UTF8BOM + csvLines("partner_id,partner_tax_code,name,title,role,email,phone,primary,notes",
		`7,,Nguyễn Thị Lan,Giám đốc kinh doanh,account_executive,Lan.Nguyen@NguyenDuc.example.vn,'+84 912 345 678,Yes,`,
		`,0100.233.488-001,Trần Văn Minh,Kế toán trưởng,finance,,,0,"gọi buổi sáng`,
		`trước 10 giờ"`,
		`8,0100233488-001,Lê Hoàng Nam,,,,,TRUE,`,
		`,0100233488,Phạm Thu Hà,,,,,,`)
	n, err := csv.ImportContacts(ctx, fp, fc, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n, 4; got != want {
		t.Fatalf("n = %d, want %d", got, want)
	}
	var got []string
	for _, c := range fc.imported {
		got = append(got, c.PartnerID.String()+"|"+c.Name+"|"+c.Email+"|"+c.Phone+"|"+map[bool]string{true: "primary", false: "-"}[c.Primary])
	}
	want := []string{
		"7|Nguyễn Thị Lan|lan.nguyen@nguyenduc.example.vn|+84 912 345 678|primary",
		"8|Trần Văn Minh|||-",
		"8|Lê Hoàng Nam|||primary",
		"7|Phạm Thu Hà|||-",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("contacts:\n got  %q\n want %q", got, want)
	}
	if got, want := fc.imported[1].Notes, "gọi buổi sáng\ntrước 10 giờ"; got != want {
		t.Fatalf("notes = %q, want %q", got, want)
	}
}

func TestImportContacts_Errors(t *testing.T) {
	fp := &fakePartners{taxIDs: map[string]mutual.ID{"0100233488": 7}}
	for _, tt := range []struct {
		name   string
		body   string
		fields []string
	}{
		{"NoPartnerColumn", csvLines("name,email"), []string{"line 1: partner_id/required_column"}},
		{"NoNameColumn", csvLines("partner_tax_code,email"), []string{"line 1: name/required_column"}},
		{"UnknownColumn", csvLines("partner_id,name,mobile"), []string{"line 1: mobile/unknown_column"}},
		{"EveryBadRow", csvLines("partner_id,partner_tax_code,name,email,role,primary",
			`7,,Good,,,`,
			`,,No partner,,,`,                            // line 3
			`,0312345678,"Unknown`,                       // line 4
			`tax code",,,`,                               // (line 5)
			`8,0100233488,Mismatch,,,`,                   // line 6
			`x,,,not-an-email,boss,maybe`,                // line 7
			`,0100233488,Good too,lan@example.vn,sales,`, // line 8
		), []string{
			"line 3: partner_id/required",
			"line 4: name/text", // a line break in a name
			"line 4: partner_tax_code/exists",
			"line 6: partner_tax_code/mismatch",
			"line 7: primary/bool", "line 7: partner_id/id", "line 7: name/required", "line 7: role/enum", "line 7: email/email",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fc := &fakeContacts{}
			n, err := csv.ImportContacts(ctx, fp, fc, strings.NewReader(tt.body))
			wantFields(t, err, mutual.EINVALID, tt.fields...)
			if n != 0 || fc.imported != nil {
				t.Fatalf("imported %d contacts from a bad file", n)
			}
		})
	}
}

func TestImportContacts_StoreErrors(t *testing.T) {
	fp := &fakePartners{taxIDs: map[string]mutual.ID{"0100233488": 7}}
	fc := &fakeContacts{importErr: &mutual.Error{Code: mutual.EINVALID, Fields: []mutual.FieldError{
		{Field: "[0].partner_id", Rule: "exists"}, {Field: "[1].partner_id", Rule: "exists"},
	}}}
	body := csvLines("partner_id,partner_tax_code,name", "99,,A", ",0100233488,B")
	_, err := csv.ImportContacts(ctx, fp, fc, strings.NewReader(body))
	wantFields(t, err, mutual.EINVALID, "line 2: partner_id/exists", "line 3: partner_tax_code/exists")
}

func TestContactsCSV_RoundTrip(t *testing.T) {
	ps := []*mutual.Partner{
		{ID: 7, Name: "Công ty TNHH Thiết bị Nguyễn Đức", TaxCode: "0100233488", Contacts: []*mutual.Contact{
			{ID: 1, PartnerID: 7, Name: "Nguyễn Thị Lan", Title: "Giám đốc kinh doanh", Role: "account_executive", Email: "lan@nguyenduc.example.vn", Phone: "+84 912 345 678", Primary: true, Notes: "=cmd"},
			{ID: 2, PartnerID: 7, Name: "Trần Văn Minh", Title: "Kế toán trưởng", Role: "finance"},
		}},
		{ID: 9, Name: "No contacts"},
		{ID: 8, Name: "Siemens AG", Country: "DE", Contacts: []*mutual.Contact{
			{ID: 3, PartnerID: 8, Name: "Jonas Weber", Email: "j.weber@siemens.example.de", Notes: "line 1\nline 2"},
		}},
	}
	var b bytes.Buffer
	if err := csv.WriteContacts(ctx, &fakePartners{export: ps}, &b); err != nil {
		t.Fatal(err)
	}
	want := csvLines("partner_id,partner_tax_code,partner_name,id,name,title,role,email,phone,primary,notes",
		`7,0100233488,Công ty TNHH Thiết bị Nguyễn Đức,1,Nguyễn Thị Lan,Giám đốc kinh doanh,account_executive,lan@nguyenduc.example.vn,'+84 912 345 678,true,'=cmd`,
		`7,0100233488,Công ty TNHH Thiết bị Nguyễn Đức,2,Trần Văn Minh,Kế toán trưởng,finance,,,false,`,
		`8,,Siemens AG,3,Jonas Weber,,,j.weber@siemens.example.de,,false,"line 1`,
		`line 2"`)
	if got := b.String(); got != want {
		t.Fatalf("export:\n%s\nwant:\n%s", got, want)
	}
	fc := &fakeContacts{}
	fp := &fakePartners{taxIDs: map[string]mutual.ID{"0100233488": 7}}
	if n, err := csv.ImportContacts(ctx, fp, fc, bytes.NewReader(b.Bytes())); err != nil || n != 3 {
		t.Fatalf("n = %d, err = %v", n, err)
	}
	i := 0
	for _, p := range ps {
		for _, c := range p.Contacts {
			got, want := *fc.imported[i], *c
			want.ID = 0
			if !reflect.DeepEqual(got, want) {
				t.Errorf("[%d] read back\n %+v\nwant\n %+v", i, got, want)
			}
			i++
		}
	}
}

func TestImportContacts_Forbidden(t *testing.T) {
	fp := &fakePartners{taxIDs: map[string]mutual.ID{"0100233488": 7}}
	body := "partner_id,name\n7,Nguyễn Thị Lan\n"
	for _, tt := range []struct {
		name string
		user *mutual.User
		code string
	}{
		{"Anonymous", nil, mutual.EFORBIDDEN},
		{"Viewer", &mutual.User{ID: 5, Role: mutual.RoleViewer}, mutual.EFORBIDDEN},
		{"Buyer", &mutual.User{ID: 5, Role: mutual.RoleBuyer}, ""},
		{"OwnSupplier", &mutual.User{ID: 6, Role: mutual.RoleSupplier, PartnerID: 7}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := csv.ImportContacts(mutual.NewContextWithUser(ctx, tt.user), fp, &fakeContacts{}, strings.NewReader(body))
			if got := mutual.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
		})
	}
}
