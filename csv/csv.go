package csv

import (
	"bufio"
	"bytes"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
)

// CSV files exchange partners and contacts with spreadsheets and other
// systems. The rules shared by every CSV file:
//
//   - UTF-8, with or without the byte order mark Excel writes. Files Mutual
//     writes carry no BOM, so that tools and diffs see plain text; a download
//     meant for Excel writes UTF8BOM first (Excel on Windows reads UTF-8
//     without it as a legacy code page and garbles Vietnamese).
//   - The first line names the columns, in any order and case; unknown
//     columns are refused by name so that a typo never drops data silently.
//   - The separator is the comma; a header with more semicolons than commas
//     (what Excel writes under Vietnamese and many European settings) is read
//     with semicolons instead.
//   - Multi-valued cells separate their values with ";".
//   - Spreadsheet formulas are neutralised: a cell that starts with = + - @,
//     a tab or a carriage return is written with a leading ' (after any
//     single quotes it already starts with), and import removes that one
//     quote again, so export and import round-trip exactly.
//   - Line breaks inside a cell read back as LF: CSV readers, ours included,
//     turn CR LF into LF.
//   - Import is all or nothing. Every problem of every row is reported at once
//     as one EINVALID *Error whose fields are named "line N: column", N being
//     the line of the file where the row starts (the header is line 1); past
//     MaxProblems they are counted (Error.Omitted) and no longer listed.
//   - A file is read twice: once to check every row, then again to write
//     them (see mutual.PartnerImport), so it must be seekable; memory does not grow with
//     its rows beyond a few dozen bytes a row.

// UTF8BOM is the byte order mark that tells Excel a CSV file is UTF-8.
const UTF8BOM = "\uFEFF"

// csvFormulaStart reports whether a spreadsheet would treat a cell starting
// with c as a formula (OWASP's list).
func csvFormulaStart(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

// csvNeedsQuote reports whether s, after its leading single quotes, starts
// like a formula. Counting the quotes makes the escape reversible.
func csvNeedsQuote(s string) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i < len(s) && csvFormulaStart(s[i])
}

// csvCell returns s as it is written to a cell.
func csvCell(s string) string {
	if csvNeedsQuote(s) {
		return "'" + s
	}
	return s
}

// csvValue returns the value of a cell written by csvCell.
func csvValue(s string) string {
	if len(s) > 1 && s[0] == '\'' && csvNeedsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// Limits of a CSV file. An import never does work or builds a report that
// grows past them: a header beyond them is refused before any row is read,
// reading stops at a row beyond them, and problems past the first
// MaxProblems are counted, not listed.
const (
	// MaxColumns is the most cells a header may have, named or empty.
	MaxColumns = 200
	// MaxRows is the most data rows one file may have.
	MaxRows = 500_000
	// MaxProblems is the most problems an import lists.
	MaxProblems = 1000
	// maxHeaderBytes and maxRowBytes bound the bytes of the header and
	// of a row (a partner's notes hold 10,000 characters, 40 KB at most).
	maxHeaderBytes = 64 << 10
	maxRowBytes    = 256 << 10
	// maxUnknownColumns is how many unknown columns are named.
	maxUnknownColumns = 5
)

// errTooLong stops reading a header or row longer than its limit.
var errTooLong = errors.New("too long")

// boundedReader fails once more than limit bytes were read since the last
// reset, so that one line can never take more memory than that: the CSV
// reader keeps a line whole. The reader reads ahead a few KB, so the limit
// of a line is that close.
type boundedReader struct {
	r        io.Reader
	n, limit int
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.n >= b.limit {
		return 0, errTooLong
	}
	if len(p) > b.limit-b.n {
		p = p[:b.limit-b.n]
	}
	n, err := b.r.Read(p)
	b.n += n
	return n, err
}

func (b *boundedReader) reset(limit int) { b.n, b.limit = 0, limit }

// csvProblem is a field error on a line, formatted at the end so that the
// problems can be ordered by line. Line 0 is about no line.
type csvProblem struct {
	line int
	mutual.FieldError
}

// csvReport collects a file's problems: the first MaxProblems by line
// are kept, the others only counted.
type csvReport struct {
	kept    []csvProblem
	total   int
	badRows int
	lastBad int // the line of the row counted bad last
}

// add records a problem. A row's problems are added together, so counting
// the rows with problems needs no set of lines.
func (r *csvReport) add(line int, fe mutual.FieldError) {
	if line > 1 && line != r.lastBad {
		r.badRows++
		r.lastBad = line
	}
	r.addFile(line, fe)
}

// addFile records a problem about the file, not about the row on line.
func (r *csvReport) addFile(line int, fe mutual.FieldError) {
	r.total++
	r.kept = append(r.kept, csvProblem{line, fe})
	if len(r.kept) >= 2*MaxProblems {
		r.trim()
	}
}

// trim keeps the first MaxProblems problems by line.
func (r *csvReport) trim() {
	sort.SliceStable(r.kept, func(i, j int) bool { return r.kept[i].line < r.kept[j].line })
	if len(r.kept) > MaxProblems {
		clear(r.kept[MaxProblems:])
		r.kept = r.kept[:MaxProblems]
	}
}

// err returns the report as the one error of a file with code, or nil.
func (r *csvReport) err(code string, rows int) error {
	if r.total == 0 {
		return nil
	}
	r.trim()
	fields := make([]mutual.FieldError, len(r.kept))
	for i, p := range r.kept {
		fields[i] = p.FieldError
		switch {
		case p.line == 0: // not about one line: keep the field as it is
		case p.Field == "":
			fields[i].Field = "line " + strconv.Itoa(p.line)
		default:
			fields[i].Field = "line " + strconv.Itoa(p.line) + ": " + p.Field
		}
	}
	msg := "The file has errors; nothing was imported."
	if rows > 0 {
		msg = fmt.Sprintf("%s of %s rows have errors; nothing was imported.", groupDigits(r.badRows), groupDigits(rows))
	}
	if omitted := r.total - len(fields); omitted > 0 {
		msg += fmt.Sprintf(" %s of %s problems shown.", groupDigits(len(fields)), groupDigits(r.total))
	}
	return &mutual.Error{Code: code, Message: msg, Fields: fields, Omitted: r.total - len(fields)}
}

// groupDigits writes n with commas between thousands: 1,000,000.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// csvReader reads a CSV file with a header of known columns.
type csvReader struct {
	r       *stdcsv.Reader
	br      *boundedReader
	columns []string // the known columns, by the caller's index
	pos     []int    // caller's column index -> cell index in the file, or -1
	unnamed []int    // cell indexes of columns without a name
	width   int      // cells in the header
	rec     []string
	line    int           // line where the current record starts
	base    int64         // bytes of the file before what the CSV reader reads (a byte order mark)
	start   int64         // offset in the file where the current record starts
	rows    int           // data rows read
	atBuf   *bufio.Reader // readAt's
	report  csvReport
	err     error // I/O error
}

// newCSVReader reads the header of r. columns are the known column names;
// required lists groups of which at least one column must be present.
// A bad header is returned as an EINVALID error.
func newCSVReader(r io.Reader, columns []string, required [][]string) (*csvReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var base int64
	if b, err := br.Peek(3); err == nil && string(b) == UTF8BOM {
		br.Discard(3)
		base = 3
	}
	comma := sniffComma(br)
	bounded := &boundedReader{r: br, limit: maxHeaderBytes}
	cr := stdcsv.NewReader(bounded)
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // rows with the wrong number of cells are reported by line
	cr.ReuseRecord = true
	c := &csvReader{r: cr, br: bounded, columns: columns, pos: make([]int, len(columns)), base: base}
	for i := range c.pos {
		c.pos[i] = -1
	}
	header, err := cr.Read()
	bounded.reset(maxRowBytes)
	headerError := func(rule, message string) error {
		var rep csvReport
		rep.add(1, mutual.FieldError{Field: "", Rule: rule, Message: message})
		return rep.err(mutual.EINVALID, 0)
	}
	var pe *stdcsv.ParseError
	switch {
	case err == io.EOF:
		return nil, headerError("empty", "The file is empty: its first line must name the columns.")
	case errors.Is(err, errTooLong):
		return nil, headerError("header_too_long", fmt.Sprintf("The first line is longer than %d KB: it cannot be a header. The first line must name the columns: %s.", maxHeaderBytes>>10, strings.Join(columns, ", ")))
	case errors.As(err, &pe):
		return nil, headerError("csv", "The header is not valid CSV: "+pe.Err.Error()+".")
	case err != nil:
		return nil, err
	case len(header) > MaxColumns:
		return nil, headerError("too_many_columns", fmt.Sprintf("The header has %s columns; a file has at most %d. The columns are: %s.", groupDigits(len(header)), MaxColumns, strings.Join(columns, ", ")))
	}
	c.width = len(header)
	var rep csvReport
	unknown := 0
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, headerError("utf8", "The file is not UTF-8 text. Save it as \"CSV UTF-8\".")
		}
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, UTF8BOM)))
		if name == "" {
			c.unnamed = append(c.unnamed, i)
			continue
		}
		k := indexOf(columns, name)
		switch {
		case k < 0:
			if unknown++; unknown <= maxUnknownColumns {
				rep.add(1, mutual.FieldError{Field: truncateRunes(name, 100), Rule: "unknown_column", Message: fmt.Sprintf("Unknown column %q. The columns are: %s.", truncateRunes(name, 100), strings.Join(columns, ", "))})
			}
		case c.pos[k] >= 0:
			rep.add(1, mutual.FieldError{Field: name, Rule: "duplicate_column", Message: fmt.Sprintf("Column %q appears twice.", name)})
		default:
			c.pos[k] = i
		}
	}
	if unknown > maxUnknownColumns {
		more := unknown - maxUnknownColumns
		rep.add(1, mutual.FieldError{Field: "", Rule: "unknown_columns", Message: fmt.Sprintf("%s more unknown columns.", groupDigits(more))})
	}
	for _, group := range required {
		found := false
		for _, name := range group {
			found = found || c.pos[indexOf(columns, name)] >= 0
		}
		if !found {
			rep.add(1, mutual.FieldError{Field: group[0], Rule: "required_column", Message: "The file needs a column " + strings.Join(group, " or ") + "."})
		}
	}
	if err := rep.err(mutual.EINVALID, 0); err != nil {
		return nil, err
	}
	return c, nil
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}

// sniffComma returns ';' when the first line has more semicolons than commas.
func sniffComma(br *bufio.Reader) rune {
	b, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if bytes.Count(b, []byte{';'}) > bytes.Count(b, []byte{','}) {
		return ';'
	}
	return ','
}

// next reads the next row that has any content, reporting malformed rows as
// problems. It returns false at the end, on an I/O error, and at a row it
// cannot read on from: one longer than maxRowBytes, or past MaxRows.
func (c *csvReader) next() bool {
	for {
		c.br.reset(maxRowBytes)
		start := c.base + c.r.InputOffset()
		rec, err := c.r.Read()
		var pe *stdcsv.ParseError
		switch {
		case err == io.EOF:
			return false
		case errors.Is(err, errTooLong):
			c.rows++
			after := max(c.line, 1)
			c.addRow(after+1, "", "row_too_long", fmt.Sprintf("The row after line %d is longer than %d KB; the file was read no further.", after, maxRowBytes>>10))
			return false
		case errors.As(err, &pe):
		case err != nil:
			c.err = err
			return false
		case blank(rec):
			continue
		}
		line := 0
		if pe != nil {
			line = pe.StartLine
		} else {
			line, _ = c.r.FieldPos(0)
		}
		if c.rows == MaxRows {
			c.report.addFile(line, mutual.FieldError{Field: "", Rule: "too_many_rows", Message: fmt.Sprintf("The file has more than %s rows; import it in parts. It was read no further.", groupDigits(MaxRows))})
			return false
		}
		c.rows++
		c.rec, c.line, c.start = rec, line, start
		if pe != nil {
			c.addRow(line, "", "csv", "The row is not valid CSV: "+pe.Err.Error()+" (line "+strconv.Itoa(pe.Line)+", column "+strconv.Itoa(pe.Column)+").")
			continue
		}
		if len(rec) != c.width {
			c.addRow(line, "", "columns", fmt.Sprintf("This row has %d cells; the header has %d.", len(rec), c.width))
			continue
		}
		if !c.checkCells() {
			continue
		}
		return true
	}
}

// rowAt is where a row of a file starts, on which line, and the key rows
// are written in the order of.
type rowAt struct {
	off  int64
	line int
	key  string
}

// readAt makes the row at at, read from ra, the current row, as next did in
// an earlier reading of the same file; false when no such row is there any
// more (the file changed).
func (c *csvReader) readAt(ra io.ReaderAt, at rowAt) bool {
	if c.atBuf == nil {
		c.atBuf = bufio.NewReaderSize(nil, 4096)
	}
	c.atBuf.Reset(io.NewSectionReader(ra, at.off, maxRowBytes))
	cr := stdcsv.NewReader(c.atBuf) // a *bufio.Reader of its size: used as it is
	cr.Comma = c.r.Comma
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil || len(rec) != c.width {
		return false
	}
	c.rec, c.line, c.start = rec, at.line, at.off
	return c.checkCells()
}

// checkCells reports cells that are not UTF-8 or that sit in unnamed columns.
func (c *csvReader) checkCells() bool {
	ok := true
	for i, s := range c.rec {
		if !utf8.ValidString(s) {
			c.addRow(c.line, c.columnName(i), "utf8", "This cell is not UTF-8 text. Save the file as \"CSV UTF-8\".")
			ok = false
		}
	}
	for _, i := range c.unnamed {
		if strings.TrimSpace(c.rec[i]) != "" {
			c.addRow(c.line, "column "+strconv.Itoa(i+1), "unnamed_column", "This cell is in a column without a name in the header.")
			ok = false
		}
	}
	return ok
}

func (c *csvReader) columnName(cell int) string {
	for k, p := range c.pos {
		if p == cell {
			return c.columns[k]
		}
	}
	return "column " + strconv.Itoa(cell+1)
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// cell returns the value of column k in the current row, "" when the file
// has no such column.
func (c *csvReader) cell(k int) string {
	if p := c.pos[k]; p >= 0 {
		return csvValue(c.rec[p])
	}
	return ""
}

// addRow records a problem with field on the row starting at line.
func (c *csvReader) addRow(line int, field, rule, message string) {
	c.report.add(line, mutual.FieldError{Field: field, Rule: rule, Message: message})
}

// result returns the I/O error or the problems found, or nil.
func (c *csvReader) result(code string) error {
	if c.err != nil {
		return c.err
	}
	return c.report.err(code, c.rows)
}

// addStoreProblems records the problems a service found with a chunk of
// rows, fields named "[i].field" with i the index in the chunk that starts
// on lines[i]; rename gives the column of a field. It returns whether err
// was such a report (false: return err as it is).
func (c *csvReader) addStoreProblems(err error, lines []int, rename func(i int, field string) string) bool {
	var e *mutual.Error
	if !errors.As(err, &e) || (e.Code != mutual.EINVALID && e.Code != mutual.ECONFLICT) || len(e.Fields) == 0 {
		return false
	}
	fields := slices.Clone(e.Fields)
	at := func(f mutual.FieldError) (int, string, bool) {
		i, field, ok := splitIndex(f.Field)
		if !ok && len(lines) == 1 {
			i, ok = 0, true
		}
		return i, field, ok && i >= 0 && i < len(lines)
	}
	// A row's problems go in together (see csvReport.add).
	sort.SliceStable(fields, func(a, b int) bool {
		i, _, okA := at(fields[a])
		j, _, okB := at(fields[b])
		return okA && (!okB || i < j)
	})
	for _, f := range fields {
		i, field, ok := at(f)
		if !ok { // not about one row (a constraint the store met late): keep it as it is
			c.report.add(0, f)
			continue
		}
		c.report.add(lines[i], mutual.FieldError{Field: rename(i, field), Rule: f.Rule, Message: f.Message})
	}
	return true
}

// remapImportError renames the fields "[i].field" of an error from an
// import's write to "line N: column", lines[i] being the line where item i
// started. A batch of one names its fields without the index. Errors
// without fields are returned as they are.
func remapImportError(err error, lines []int, rename func(i int, field string) string) error {
	var e *mutual.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := &csvReader{}
	c.addStoreProblems(err, lines, rename)
	return c.report.err(e.Code, len(lines))
}

// splitIndex splits "[12].tax_code" into 12 and "tax_code".
func splitIndex(field string) (int, string, bool) {
	if !strings.HasPrefix(field, "[") {
		return 0, field, false
	}
	end := strings.Index(field, "].")
	if end < 0 {
		return 0, field, false
	}
	i, err := strconv.Atoi(field[1:end])
	if err != nil {
		return 0, field, false
	}
	return i, field[end+2:], true
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
