package csv_test

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

// fakePartners stands in for the store in the CSV parsing tests only: it
// records what would be imported and exports a fixed list. Store-backed
// import tests live with the store.
type fakePartners struct {
	imported  []*mutual.Partner
	importErr error
	export    []*mutual.Partner
	taxIDs    map[string]mutual.ID
}

func (f *fakePartners) FindPartnerByID(context.Context, mutual.ID) (*mutual.Partner, error) {
	return nil, mutual.Errorf(mutual.ENOTFOUND, "Partner not found.")
}

func (f *fakePartners) FindPartners(context.Context, mutual.PartnerFilter) ([]*mutual.Partner, string, error) {
	return f.export, "", nil
}

func (f *fakePartners) CreatePartner(ctx context.Context, p *mutual.Partner) error {
	return f.ImportPartners(ctx, []*mutual.Partner{p})
}

func (f *fakePartners) ImportPartners(_ context.Context, ps []*mutual.Partner) error {
	if f.importErr != nil {
		return f.importErr
	}
	f.imported = ps
	return nil
}

func (f *fakePartners) UpdatePartner(context.Context, mutual.ID, mutual.PartnerUpdate) (*mutual.Partner, error) {
	return nil, errors.New("not used")
}

func (f *fakePartners) ExportPartners(_ context.Context, fn func(*mutual.Partner) error) error {
	for _, p := range f.export {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakePartners) FindPartnerIDsByTaxCode(_ context.Context, codes []string) (map[string]mutual.ID, error) {
	out := map[string]mutual.ID{}
	for _, c := range codes {
		if id, ok := f.taxIDs[c]; ok {
			out[c] = id
		}
	}
	return out, nil
}

func (f *fakePartners) ChangePartnerStatus(context.Context, mutual.ID, mutual.StatusMove) (*mutual.Partner, error) {
	return nil, errors.New("not used")
}

func (f *fakePartners) FindStatusChanges(context.Context, mutual.ID) ([]*mutual.StatusChange, error) {
	return nil, errors.New("not used")
}

func (f *fakePartners) NewPartnerImport(context.Context) (mutual.PartnerImport, error) {
	return &fakePartnerImport{f: f}, nil
}

// fakePartnerImport checks every chunk with the fake's error and writes
// through its ImportPartners.
type fakePartnerImport struct{ f *fakePartners }

func (i *fakePartnerImport) Check(context.Context, []*mutual.Partner) error { return i.f.importErr }

func (i *fakePartnerImport) Write(ctx context.Context, next func() (*mutual.Partner, error)) (int, error) {
	var ps []*mutual.Partner
	for {
		p, err := next()
		if err == io.EOF {
			break
		} else if err != nil {
			return 0, err
		}
		ps = append(ps, p)
	}
	if err := i.f.ImportPartners(ctx, ps); err != nil {
		return 0, err
	}
	return len(ps), nil
}

// fakeContacts records the contacts an import would add.
type fakeContacts struct {
	imported  []*mutual.Contact
	importErr error
}

func (f *fakeContacts) FindContactByID(context.Context, mutual.ID) (*mutual.Contact, error) {
	return nil, errors.New("not used")
}

func (f *fakeContacts) FindContacts(context.Context, mutual.ID) ([]*mutual.Contact, error) {
	return nil, errors.New("not used")
}

func (f *fakeContacts) CreateContact(ctx context.Context, c *mutual.Contact) error {
	return f.ImportContacts(ctx, []*mutual.Contact{c})
}

func (f *fakeContacts) UpdateContact(context.Context, mutual.ID, mutual.ContactUpdate) (*mutual.Contact, error) {
	return nil, errors.New("not used")
}

func (f *fakeContacts) DeleteContact(context.Context, mutual.ID, int) error {
	return errors.New("not used")
}

func (f *fakeContacts) ImportContacts(_ context.Context, cs []*mutual.Contact) error {
	if f.importErr != nil {
		return f.importErr
	}
	f.imported = cs
	return nil
}

func (f *fakeContacts) NewContactImport(context.Context) (mutual.ContactImport, error) {
	return &fakeContactImport{f: f}, nil
}

// fakeContactImport is fakePartnerImport for contacts.
type fakeContactImport struct{ f *fakeContacts }

func (i *fakeContactImport) Check(context.Context, []*mutual.Contact) error { return i.f.importErr }

func (i *fakeContactImport) Write(ctx context.Context, next func() (*mutual.Contact, error)) (int, error) {
	var cs []*mutual.Contact
	for {
		c, err := next()
		if err == io.EOF {
			break
		} else if err != nil {
			return 0, err
		}
		cs = append(cs, c)
	}
	if err := i.f.ImportContacts(ctx, cs); err != nil {
		return 0, err
	}
	return len(cs), nil
}

var ctx = mutual.NewContextWithUser(context.Background(), mutual.SystemUser)

// fieldList renders the field errors of err as "field/rule" strings.
func fieldList(err error) []string {
	var out []string
	for _, f := range mutual.ErrorFields(err) {
		out = append(out, f.Field+"/"+f.Rule)
	}
	return out
}

// wantFields fails unless err has code and exactly the fields want ("field/rule").
func wantFields(t *testing.T, err error, code string, want ...string) {
	t.Helper()
	if got := mutual.ErrorCode(err); got != code {
		t.Fatalf("code = %q, want %q (err %v)", got, code, err)
	}
	if got := fieldList(err); !reflect.DeepEqual(got, want) {
		t.Fatalf("fields:\n got  %q\n want %q", got, want)
	}
}

// csvLines joins lines with newlines, ending with one.
func csvLines(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func TestCSVCellEscape(t *testing.T) {
	// The escape through a round trip of one cell: write a partner whose
	// notes are s and read it back.
	for _, tt := range []struct{ in, cell string }{
		{"=1+2", "'=1+2"},
		{"+84 28 3822 1234", "'+84 28 3822 1234"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=1", "''=1"},
		{"''@x", "'''@x"},
		{"'plain", "'plain"},
		{"'", "'"},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"", ""},
	} {
		t.Run(tt.in, func(t *testing.T) {
			p := validPartner()
			p.Notes = tt.in
			var b strings.Builder
			if err := csv.WritePartners(ctx, &fakePartners{export: []*mutual.Partner{p}}, &b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), ","+tt.cell+"\n") && !strings.Contains(b.String(), `,"`+tt.cell+`"`+"\n") {
				t.Fatalf("notes %q not written as %q in %q", tt.in, tt.cell, b.String())
			}
			fp := &fakePartners{}
			if _, err := csv.ImportPartners(ctx, fp, strings.NewReader(b.String())); err != nil {
				t.Fatal(err)
			}
			if got := fp.imported[0].Notes; got != tt.in {
				t.Fatalf("read back %q, want %q", got, tt.in)
			}
		})
	}
}

func validPartner() *mutual.Partner {
	return &mutual.Partner{ID: 7, Name: "Công ty TNHH Thiết bị Nguyễn Đức", TaxCode: "0100233488", Country: "VN", Roles: []string{"supplier"}, Status: "active"}
}
