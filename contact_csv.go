package mutual

import (
	"context"
	"encoding/csv"
	"io"
	"strings"
)

// ContactCSVColumns are the columns of a contact CSV file, in the order
// WriteContactsCSV writes them. Each row names its partner by partner_id or
// by partner_tax_code (the partner's tax code in any form NormalizeTaxCode
// reads); when both are filled they must name the same partner. id and
// partner_name are written on export for people to read and ignored on
// import: importing always adds contacts. primary reads true/false, 1/0 or
// yes/no and is written as true or false. Import needs the column name and
// one of partner_id and partner_tax_code.
var ContactCSVColumns = []string{
	"partner_id", "partner_tax_code", "partner_name", "id",
	"name", "title", "role", "email", "phone", "primary", "notes",
}

// Indexes into ContactCSVColumns.
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

// ImportContactsCSV adds the contacts of a CSV file (see ContactCSVColumns)
// through contacts.ImportContacts, all or none, resolving tax codes with
// partners.FindPartnerIDsByTaxCode. Every problem of every row comes back
// at once as an EINVALID *Error with fields "line N: column"; a partner that
// does not exist or that the caller may not see is reported on the column
// that named it (rule "exists"). EFORBIDDEN when the caller may not change
// contacts. It returns the number of contacts added.
func ImportContactsCSV(ctx context.Context, partners PartnerService, contacts ContactService, r io.Reader) (int, error) {
	// Supplier users may add contacts to their own partner; the store checks each row.
	if u := UserFromContext(ctx); u == nil || !CanWriteContacts(u, u.PartnerID) {
		return 0, Errorf(EFORBIDDEN, "You may not change contacts.")
	}
	c, err := newCSVReader(r, ContactCSVColumns, contactRequiredColumns)
	if err != nil {
		return 0, err
	}
	var (
		cs     []*Contact
		lines  []int
		taxOf  []string // standard tax code that names the partner, or ""
		viaTax []bool   // the row names its partner by tax code only
		slab   []Contact
		probs  Problems
	)
	for c.next() {
		if len(slab) == 0 {
			slab = make([]Contact, 256)
		}
		ct := &slab[0]
		slab = slab[1:]
		probs = probs[:0]
		tax := readContactRow(c, ct, &probs)
		for _, f := range ErrorFields(ct.Validate()) {
			if !probs.Has(f.Field) {
				probs.Add(f.Field, f.Rule, f.Message)
			}
		}
		for _, f := range probs {
			c.addRow(c.line, f.Field, f.Rule, f.Message)
		}
		cs = append(cs, ct)
		lines = append(lines, c.line)
		taxOf = append(taxOf, tax)
		viaTax = append(viaTax, tax != "" && strings.TrimSpace(c.cell(ccPartnerID)) == "")
	}
	if c.err != nil {
		return 0, c.err
	}
	if err := resolveTaxCodes(ctx, partners, c, cs, lines, taxOf); err != nil {
		return 0, err
	}
	if err := c.result(); err != nil {
		return 0, err
	}
	if len(cs) == 0 {
		return 0, nil
	}
	if err := contacts.ImportContacts(ctx, cs); err != nil {
		return 0, remapImportError(err, lines, func(i int, field string) string {
			if field == "partner_id" && viaTax[i] {
				return "partner_tax_code"
			}
			return field
		})
	}
	return len(cs), nil
}

// readContactRow fills ct from the current row and returns the standard
// form of its partner_tax_code cell, recording cells that do not parse.
func readContactRow(c *csvReader, ct *Contact, probs *Problems) string {
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
	if norm, ok := NormalizeTaxCode(tax); ok {
		tax = norm
	}
	if tax == "" && ct.PartnerID == 0 && !probs.Has("partner_id") {
		probs.Add("partner_id", "required", "Name the partner by partner_id or partner_tax_code.")
	}
	return tax
}

// resolveTaxCodes sets the PartnerID of the contacts named by tax code and
// records the codes no visible partner holds.
func resolveTaxCodes(ctx context.Context, partners PartnerService, c *csvReader, cs []*Contact, lines []int, taxOf []string) error {
	seen := map[string]bool{}
	var codes []string
	for _, t := range taxOf {
		if t != "" && !seen[t] {
			seen[t] = true
			codes = append(codes, t)
		}
	}
	if len(codes) == 0 {
		return nil
	}
	ids, err := partners.FindPartnerIDsByTaxCode(ctx, codes)
	if err != nil {
		return err
	}
	for i, t := range taxOf {
		if t == "" {
			continue
		}
		id, ok := ids[t]
		switch {
		case !ok:
			c.addRow(lines[i], "partner_tax_code", "exists", "No partner has this tax code.")
		case cs[i].PartnerID != 0 && cs[i].PartnerID != id:
			c.addRow(lines[i], "partner_tax_code", "mismatch", "partner_id and partner_tax_code name different partners; leave one of them empty.")
		default:
			cs[i].PartnerID = id
		}
	}
	return nil
}

// WriteContactsCSV writes the contacts of every partner the caller may see,
// partners ordered by name, as CSV with the columns ContactCSVColumns,
// streaming from partners.ExportPartners. ImportContactsCSV reads the file
// back unchanged.
func WriteContactsCSV(ctx context.Context, partners PartnerService, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ContactCSVColumns); err != nil {
		return err
	}
	rec := make([]string, len(ContactCSVColumns))
	err := partners.ExportPartners(ctx, func(p *Partner) error {
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
