package csv

import (
	"cmp"
	"context"
	stdcsv "encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// PartnerColumns are the columns of a partner CSV file, in the order
// WritePartners writes them. They are named like the API fields; the
// annual spend, one money field in the API, is two columns:
// annual_spend_amount (digits with a dot for decimals, such as 1250000 or
// 1250.50) and annual_spend_currency (ISO 4217, such as VND). roles holds
// one or more roles separated by ";". owner_id and sponsor_id are user IDs.
// id is written on export and ignored on import: importing always creates
// partners. Import needs the columns name, country and roles; the others
// may be left out.
var PartnerColumns = []string{
	"id", "name", "legal_name", "tax_code", "country", "roles", "segment", "status",
	"owner_id", "sponsor_id", "website", "email", "phone", "address",
	"annual_spend_amount", "annual_spend_currency", "notes",
}

// Indexes into PartnerColumns.
const (
	pcID = iota
	pcName
	pcLegalName
	pcTaxCode
	pcCountry
	pcRoles
	pcSegment
	pcStatus
	pcOwnerID
	pcSponsorID
	pcWebsite
	pcEmail
	pcPhone
	pcAddress
	pcSpendAmount
	pcSpendCurrency
	pcNotes
)

// partnerRequiredColumns are the columns every partner needs a value in.
var partnerRequiredColumns = [][]string{{"name"}, {"country"}, {"roles"}}

// partnerCSVField names the column of a field of Partner.Validate.
func partnerCSVField(field string) string {
	switch field {
	case "annual_spend.amount":
		return "annual_spend_amount"
	case "annual_spend.currency":
		return "annual_spend_currency"
	}
	return field
}

// checkChunk is how many rows are checked against the database at once.
const checkChunk = 500

// ImportPartners creates the partners of a CSV file (see
// PartnerColumns) as one import (see mutual.PartnerImport), all or none. It reads
// the file twice: first every row is validated, and checked against the
// database a chunk at a time; then, when no row has a problem, the rows are
// read again and written. A file with any problem imports nothing: the
// problems of every row come back at once (the first MaxProblems of
// them) as an EINVALID *Error with fields "line N: column", including tax
// codes that appear twice in the file (rule "duplicate"); when every
// problem is a tax code that other partners hold the code is ECONFLICT.
// EFORBIDDEN when the caller may not create partners. It returns the number
// of partners imported.
func ImportPartners(ctx context.Context, partners mutual.PartnerService, r io.ReadSeeker) (int, error) {
	if !mutual.CanWritePartners(mutual.UserFromContext(ctx)) { // before reading a file that cannot be imported anyway
		return 0, mutual.Errorf(mutual.EFORBIDDEN, "You may not create partners.")
	}
	imp, err := partners.NewPartnerImport(ctx)
	if err != nil {
		return 0, err
	}
	rows, order, err := checkPartners(ctx, imp, r)
	if err != nil || rows == 0 {
		return 0, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	c, err := newCSVReader(r, PartnerColumns, partnerRequiredColumns)
	if err != nil {
		return 0, err
	}
	// The rows go to the store in name order when the file can be read at
	// any place (a file on disk, an upload): the store writes them fastest
	// so (see PartnerImport.Write). Otherwise they go in the file's order.
	ra, _ := r.(io.ReaderAt)
	slices.SortFunc(order, func(a, b rowAt) int { return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.line, b.line)) })
	var at rowAt // the row read where the first reading found it
	nextRow := func() bool {
		if ra == nil {
			return c.next()
		}
		if len(order) == 0 {
			return false
		}
		at, order = order[0], order[1:]
		if !c.readAt(ra, at) {
			c.err = mutual.Errorf(mutual.ECONFLICT, "The file changed while it was imported (line %d). Nothing was imported.", at.line)
			return false
		}
		return true
	}
	lines := make([]int, 0, rows)
	var slab []mutual.Partner
	var probs mutual.Problems
	n, err := imp.Write(ctx, func() (*mutual.Partner, error) {
		if !nextRow() {
			if c.err != nil {
				return nil, c.err
			}
			return nil, io.EOF
		}
		if len(slab) == 0 {
			slab = make([]mutual.Partner, 64)
		}
		p := &slab[0]
		slab = slab[1:]
		probs = probs[:0]
		readPartnerRow(c, p, &probs)
		if err := p.Validate(); err != nil || len(probs) > 0 || (ra != nil && p.SortKey() != at.key) {
			return nil, mutual.Errorf(mutual.ECONFLICT, "The file changed while it was imported (line %d). Nothing was imported.", c.line)
		}
		lines = append(lines, c.line)
		return p, nil
	})
	if err != nil {
		return 0, remapImportError(err, lines, func(_ int, field string) string { return partnerCSVField(field) })
	}
	return n, nil
}

// checkPartners is the first reading of ImportPartners: it validates
// every row and checks the valid ones with imp, and returns how many rows
// the file has and where each starts, with its sort key, or its problems.
func checkPartners(ctx context.Context, imp mutual.PartnerImport, r io.Reader) (int, []rowAt, error) {
	c, err := newCSVReader(r, PartnerColumns, partnerRequiredColumns)
	if err != nil {
		return 0, nil, err
	}
	var order []rowAt
	var (
		chunk      = make([]*mutual.Partner, 0, checkChunk)
		lines      = make([]int, 0, checkChunk)
		seen       = map[string]int{} // standard tax code -> line
		probs      mutual.Problems
		storeProbs int
		conflicts  = true // every problem the store found was a tax code taken
	)
	check := func() error {
		if len(chunk) == 0 {
			return nil
		}
		before := c.report.total
		defer func() { storeProbs += c.report.total - before }()
		err := imp.Check(ctx, chunk)
		if err != nil && !c.addStoreProblems(err, lines, func(_ int, field string) string { return partnerCSVField(field) }) {
			return err
		}
		conflicts = conflicts && (err == nil || mutual.ErrorCode(err) == mutual.ECONFLICT)
		clear(chunk)
		chunk, lines = chunk[:0], lines[:0]
		return nil
	}
	for c.next() {
		p := &mutual.Partner{}
		probs = probs[:0]
		readPartnerRow(c, p, &probs)
		if err := p.Validate(); err != nil {
			for _, f := range mutual.ErrorFields(err) {
				if field := partnerCSVField(f.Field); !probs.Has(field) {
					probs.Add(field, f.Rule, f.Message)
				}
			}
		}
		if p.TaxCode != "" && !probs.Has("tax_code") {
			if first, dup := seen[p.TaxCode]; dup {
				probs.Add("tax_code", "duplicate", "The same tax code is on line "+strconv.Itoa(first)+".")
			} else {
				seen[p.TaxCode] = c.line
			}
		}
		if len(probs) > 0 {
			for _, f := range probs {
				c.addRow(c.line, f.Field, f.Rule, f.Message)
			}
			continue
		}
		chunk, lines = append(chunk, p), append(lines, c.line)
		order = append(order, rowAt{off: c.start, line: c.line, key: p.SortKey()})
		if len(chunk) == checkChunk {
			if err := check(); err != nil {
				return 0, nil, err
			}
		}
	}
	if err := check(); err != nil {
		return 0, nil, err
	}
	code := mutual.EINVALID
	if c.report.total == storeProbs && conflicts {
		code = mutual.ECONFLICT
	}
	if err := c.result(code); err != nil {
		return 0, nil, err
	}
	return c.rows, order, nil
}

// readPartnerRow fills p from the current row, recording the cells that do
// not parse (IDs, money).
func readPartnerRow(c *csvReader, p *mutual.Partner, probs *mutual.Problems) {
	p.Name = c.cell(pcName)
	p.LegalName = c.cell(pcLegalName)
	p.TaxCode = c.cell(pcTaxCode)
	p.Country = c.cell(pcCountry)
	if roles := c.cell(pcRoles); roles != "" {
		p.Roles = strings.Split(roles, ";")
	}
	p.Segment = c.cell(pcSegment)
	p.Status = c.cell(pcStatus)
	p.OwnerID = readIDCell(c, pcOwnerID, probs)
	p.SponsorID = readIDCell(c, pcSponsorID, probs)
	p.Website = c.cell(pcWebsite)
	p.Email = c.cell(pcEmail)
	p.Phone = c.cell(pcPhone)
	p.Address = c.cell(pcAddress)
	p.Notes = c.cell(pcNotes)
	amount := strings.TrimSpace(c.cell(pcSpendAmount))
	currency := strings.ToUpper(strings.TrimSpace(c.cell(pcSpendCurrency)))
	switch {
	case amount == "" && currency == "":
	case amount == "":
		probs.Add("annual_spend_amount", "required", "Give the amount of the annual spend, or leave its currency empty.")
	case currency == "":
		probs.Add("annual_spend_currency", "required", "Give the currency of the annual spend, such as VND or USD.")
	default:
		d, ok := mutual.ParseDecimal(amount)
		if !ok {
			probs.Add("annual_spend_amount", "decimal", "Not a number: write digits with a dot for decimals, such as 1250000 or 1250.50.")
			return
		}
		p.AnnualSpend = mutual.Money{Amount: d, Currency: currency}
	}
}

// readIDCell parses the ID in column k; empty is the zero ID.
func readIDCell(c *csvReader, k int, probs *mutual.Problems) mutual.ID {
	s := strings.TrimSpace(c.cell(k))
	id, ok := mutual.ParseID(s)
	if !ok {
		probs.Add(c.columns[k], "id", "Not a valid ID: a whole number such as 42.")
	}
	return id
}

// WritePartners writes every partner the caller may see, ordered by name,
// as CSV with the columns PartnerColumns, streaming from
// partners.ExportPartners. Cells that spreadsheets would run as formulas are
// neutralised (see csv.go); ImportPartners reads the file back unchanged.
func WritePartners(ctx context.Context, partners mutual.PartnerService, w io.Writer) error {
	cw := stdcsv.NewWriter(w)
	if err := cw.Write(PartnerColumns); err != nil {
		return err
	}
	rec := make([]string, len(PartnerColumns))
	err := partners.ExportPartners(ctx, func(p *mutual.Partner) error {
		partnerRecord(rec, p)
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// partnerRecord fills rec with the cells of p.
func partnerRecord(rec []string, p *mutual.Partner) {
	rec[pcID] = p.ID.String()
	rec[pcName] = csvCell(p.Name)
	rec[pcLegalName] = csvCell(p.LegalName)
	rec[pcTaxCode] = csvCell(p.TaxCode)
	rec[pcCountry] = csvCell(p.Country)
	rec[pcRoles] = csvCell(strings.Join(p.Roles, ";"))
	rec[pcSegment] = csvCell(p.Segment)
	rec[pcStatus] = csvCell(p.Status)
	rec[pcOwnerID] = p.OwnerID.String()
	rec[pcSponsorID] = p.SponsorID.String()
	rec[pcWebsite] = csvCell(p.Website)
	rec[pcEmail] = csvCell(p.Email)
	rec[pcPhone] = csvCell(p.Phone)
	rec[pcAddress] = csvCell(p.Address)
	rec[pcSpendAmount], rec[pcSpendCurrency] = moneyCells(p.AnnualSpend)
	rec[pcNotes] = csvCell(p.Notes)
}

// moneyCells returns the amount and currency cells of m, the amount with
// the currency's decimals (1250.50 USD, 1250000 VND) when that is exact.
func moneyCells(m mutual.Money) (string, string) {
	if m.IsZero() {
		return "", ""
	}
	amount := m.Amount.String()
	if digits := mutual.CurrencyDigits(m.Currency); -m.Amount.Exponent() <= digits || m.Amount.Equal(m.Amount.Truncate(digits)) {
		amount = m.Amount.StringFixed(digits)
	}
	return csvCell(amount), csvCell(m.Currency)
}
