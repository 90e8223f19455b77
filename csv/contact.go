package csv

import (
	"context"
	stdcsv "encoding/csv"
	"io"
	"slices"
	"strings"

	"github.com/mutualsrm/mutual"
)

// ContactColumns are the columns of a contact CSV file, in the order
// WriteContacts writes them. Each row names its partner by partner_id or
// by partner_tax_code (the partner's tax code in any form NormalizeTaxCode
// reads); when both are filled they must name the same partner. id and
// partner_name are written on export for people to read and ignored on
// import: importing always adds contacts. primary reads true/false, 1/0 or
// yes/no and is written as true or false. Import needs the column name and
// one of partner_id and partner_tax_code.
var ContactColumns = []string{
	"partner_id", "partner_tax_code", "partner_name", "id",
	"name", "title", "role", "email", "phone", "primary", "notes",
}

// Indexes into ContactColumns.
const (
	ccPartnerID = iota
	ccPartnerTaxCode
	ccPartnerName
	ccID
	ccName
	ccTitle
	ccRole
	ccEmail
	ccPhone
	ccPrimary
	ccNotes
)

var contactRequiredColumns = [][]string{{"partner_id", "partner_tax_code"}, {"name"}}

// ImportContacts adds the contacts of a CSV file (see ContactColumns)
// as one import (see mutual.ContactImport), all or none, resolving tax codes with
// partners.FindPartnerIDsByTaxCode. Like ImportPartners it reads the
// file twice, checking every row before it writes any. Every problem of
// every row comes back at once (the first MaxProblems of them) as an
// EINVALID *Error with fields "line N: column"; a partner that does not
// exist or that the caller may not see is reported on the column that
// named it (rule "exists"). EFORBIDDEN when the caller may not change
// contacts. It returns the number of contacts added.
func ImportContacts(ctx context.Context, partners mutual.PartnerService, contacts mutual.ContactService, r io.ReadSeeker) (int, error) {
	// Supplier users may add contacts to their own partner; the store checks each row.
	if u := mutual.UserFromContext(ctx); u == nil || !mutual.CanWriteContacts(u, u.PartnerID) {
		return 0, mutual.Errorf(mutual.EFORBIDDEN, "You may not change contacts.")
	}
	imp, err := contacts.NewContactImport(ctx)
	if err != nil {
		return 0, err
	}
	resolved := map[string]mutual.ID{} // standard tax code -> partner, from the first reading
	rows, err := checkContacts(ctx, partners, imp, r, resolved)
	if err != nil || rows == 0 {
		return 0, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	c, err := newCSVReader(r, ContactColumns, contactRequiredColumns)
	if err != nil {
		return 0, err
	}
	lines := make([]int, 0, rows)
	viaTax := make([]bool, 0, rows) // the row names its partner by tax code only
	var slab []mutual.Contact
	var probs mutual.Problems
	n, err := imp.Write(ctx, func() (*mutual.Contact, error) {
		if !c.next() {
			if c.err != nil {
				return nil, c.err
			}
			return nil, io.EOF
		}
		if len(slab) == 0 {
			slab = make([]mutual.Contact, 64)
		}
		ct := &slab[0]
		slab = slab[1:]
		probs = probs[:0]
		tax := readContactRow(c, ct, &probs)
		if tax != "" {
			id := resolved[tax]
			if id == 0 || (ct.PartnerID != 0 && ct.PartnerID != id) {
				probs.Add("partner_tax_code", "exists", "")
			}
			ct.PartnerID = id
		}
		if err := ct.Validate(); err != nil || len(probs) > 0 {
			return nil, mutual.Errorf(mutual.ECONFLICT, "The file changed while it was imported (line %d). Nothing was imported.", c.line)
		}
		lines = append(lines, c.line)
		viaTax = append(viaTax, tax != "" && strings.TrimSpace(c.cell(ccPartnerID)) == "")
		return ct, nil
	})
	if err != nil {
		return 0, remapImportError(err, lines, func(i int, field string) string {
			if field == "partner_id" && viaTax[i] {
				return "partner_tax_code"
			}
			return field
		})
	}
	return n, nil
}

// checkContacts is the first reading of ImportContacts: it validates
// every row, resolves the tax codes that name partners into resolved and
// checks the valid rows with imp, and returns how many rows the file has,
// or its problems.
func checkContacts(ctx context.Context, partners mutual.PartnerService, imp mutual.ContactImport, r io.Reader, resolved map[string]mutual.ID) (int, error) {
	c, err := newCSVReader(r, ContactColumns, contactRequiredColumns)
	if err != nil {
		return 0, err
	}
	// A chunk of rows, with or without problems: every tax code is looked
	// up, and each row's problems are recorded together.
	type row struct {
		ct     *mutual.Contact
		line   int
		tax    string // standard tax code that names the partner, or ""
		viaTax bool   // the row names its partner by tax code only
		probs  []mutual.FieldError
	}
	var chunk []row
	check := func() error {
		if len(chunk) == 0 {
			return nil
		}
		taxProbs, err := resolveTaxCodes(ctx, partners, len(chunk), func(i int) (*mutual.Contact, string) { return chunk[i].ct, chunk[i].tax }, resolved)
		if err != nil {
			return err
		}
		var keep []*mutual.Contact
		var lines []int
		var via []bool
		for i, rw := range chunk {
			for _, f := range rw.probs {
				c.addRow(rw.line, f.Field, f.Rule, f.Message)
			}
			if f := taxProbs[i]; f != nil {
				c.addRow(rw.line, f.Field, f.Rule, f.Message)
			} else if len(rw.probs) == 0 {
				keep, lines, via = append(keep, rw.ct), append(lines, rw.line), append(via, rw.viaTax)
			}
		}
		if len(keep) > 0 {
			err := imp.Check(ctx, keep)
			if err != nil && !c.addStoreProblems(err, lines, func(i int, field string) string {
				if field == "partner_id" && via[i] {
					return "partner_tax_code"
				}
				return field
			}) {
				return err
			}
		}
		clear(chunk)
		chunk = chunk[:0]
		return nil
	}
	var probs mutual.Problems
	for c.next() {
		ct := &mutual.Contact{}
		probs = probs[:0]
		tax := readContactRow(c, ct, &probs)
		for _, f := range mutual.ErrorFields(ct.Validate()) {
			if !probs.Has(f.Field) {
				probs.Add(f.Field, f.Rule, f.Message)
			}
		}
		chunk = append(chunk, row{ct: ct, line: c.line, tax: tax, viaTax: tax != "" && strings.TrimSpace(c.cell(ccPartnerID)) == "", probs: slices.Clone(probs)})
		if len(chunk) == checkChunk {
			if err := check(); err != nil {
				return 0, err
			}
		}
	}
	if err := check(); err != nil {
		return 0, err
	}
	if err := c.result(mutual.EINVALID); err != nil {
		return 0, err
	}
	return c.rows, nil
}

// readContactRow fills ct from the current row and returns the standard
// form of its partner_tax_code cell, recording cells that do not parse.
func readContactRow(c *csvReader, ct *mutual.Contact, probs *mutual.Problems) string {
	ct.Name = c.cell(ccName)
	ct.Title = c.cell(ccTitle)
	ct.Role = c.cell(ccRole)
	ct.Email = c.cell(ccEmail)
	ct.Phone = c.cell(ccPhone)
	ct.Notes = c.cell(ccNotes)
	switch strings.ToLower(strings.TrimSpace(c.cell(ccPrimary))) {
	case "", "false", "0", "no":
	case "true", "1", "yes":
		ct.Primary = true
	default:
		probs.Add("primary", "bool", "Write true or false (or 1 and 0, yes and no).")
	}
	ct.PartnerID = readIDCell(c, ccPartnerID, probs)
	tax := strings.TrimSpace(c.cell(ccPartnerTaxCode))
	if norm, ok := mutual.NormalizeTaxCode(tax); ok {
		tax = norm
	}
	if tax == "" && ct.PartnerID == 0 && !probs.Has("partner_id") {
		probs.Add("partner_id", "required", "Name the partner by partner_id or partner_tax_code.")
	}
	return tax
}

// resolveTaxCodes sets the PartnerID of the n contacts that row(i) names by
// tax code, remembering in resolved what each code names (0: no visible
// partner), and returns for each the problem with its tax code, or nil.
func resolveTaxCodes(ctx context.Context, partners mutual.PartnerService, n int, row func(i int) (*mutual.Contact, string), resolved map[string]mutual.ID) ([]*mutual.FieldError, error) {
	var codes []string
	for i := range n {
		if _, t := row(i); t != "" {
			if _, known := resolved[t]; !known {
				resolved[t] = 0
				codes = append(codes, t)
			}
		}
	}
	if len(codes) > 0 {
		ids, err := partners.FindPartnerIDsByTaxCode(ctx, codes)
		if err != nil {
			return nil, err
		}
		for t, id := range ids {
			resolved[t] = id
		}
	}
	probs := make([]*mutual.FieldError, n)
	for i := range n {
		ct, t := row(i)
		id := resolved[t]
		switch {
		case t == "":
		case id == 0:
			probs[i] = &mutual.FieldError{Field: "partner_tax_code", Rule: "exists", Message: "No partner has this tax code."}
		case ct.PartnerID != 0 && ct.PartnerID != id:
			probs[i] = &mutual.FieldError{Field: "partner_tax_code", Rule: "mismatch", Message: "partner_id and partner_tax_code name different partners; leave one of them empty."}
		default:
			ct.PartnerID = id
		}
	}
	return probs, nil
}

// WriteContacts writes the contacts of every partner the caller may see,
// partners ordered by name, as CSV with the columns ContactColumns,
// streaming from partners.ExportPartners. ImportContacts reads the file
// back unchanged.
func WriteContacts(ctx context.Context, partners mutual.PartnerService, w io.Writer) error {
	cw := stdcsv.NewWriter(w)
	if err := cw.Write(ContactColumns); err != nil {
		return err
	}
	rec := make([]string, len(ContactColumns))
	err := partners.ExportPartners(ctx, func(p *mutual.Partner) error {
		for _, ct := range p.Contacts {
			rec[ccPartnerID] = p.ID.String()
			rec[ccPartnerTaxCode] = csvCell(p.TaxCode)
			rec[ccPartnerName] = csvCell(p.Name)
			rec[ccID] = ct.ID.String()
			rec[ccName] = csvCell(ct.Name)
			rec[ccTitle] = csvCell(ct.Title)
			rec[ccRole] = csvCell(ct.Role)
			rec[ccEmail] = csvCell(ct.Email)
			rec[ccPhone] = csvCell(ct.Phone)
			rec[ccPrimary] = "false"
			if ct.Primary {
				rec[ccPrimary] = "true"
			}
			rec[ccNotes] = csvCell(ct.Notes)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
