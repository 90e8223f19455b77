package mutual

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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
//     the line of the file where the row starts (the header is line 1).

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

// csvProblem is a field error on a line, formatted at the end so that the
// problems can be ordered by line.
type csvProblem struct {
	line int
	FieldError
}

// csvReader reads a CSV file with a header of known columns.
type csvReader struct {
	r       *csv.Reader
	columns []string // the known columns, by the caller's index
	pos     []int    // caller's column index -> cell index in the file, or -1
	unnamed []int    // cell indexes of columns without a name
	width   int      // cells in the header
	rec     []string
	line    int // line where the current record starts
	rows    int // data rows read
	bad     map[int]bool
	probs   []csvProblem
	err     error // I/O error
}

// newCSVReader reads the header of r. columns are the known column names;
// required lists groups of which at least one column must be present.
// A bad header is returned as an EINVALID error.
func newCSVReader(r io.Reader, columns []string, required [][]string) (*csvReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == UTF8BOM {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(br)
	cr.FieldsPerRecord = -1 // rows with the wrong number of cells are reported by line
	cr.ReuseRecord = true
	c := &csvReader{r: cr, columns: columns, pos: make([]int, len(columns)), bad: map[int]bool{}}
	for i := range c.pos {
		c.pos[i] = -1
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, csvError([]csvProblem{{1, FieldError{"", "empty", "The file is empty: its first line must name the columns."}}}, 0, 0)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, csvError([]csvProblem{{1, FieldError{"", "csv", "The header is not valid CSV: " + pe.Err.Error() + "."}}}, 0, 0)
	} else if err != nil {
		return nil, err
	}
	c.width = len(header)
	var probs []csvProblem
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, csvError([]csvProblem{{1, FieldError{"", "utf8", "The file is not UTF-8 text. Save it as \"CSV UTF-8\"."}}}, 0, 0)
		}
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, UTF8BOM)))
		if name == "" {
			c.unnamed = append(c.unnamed, i)
			continue
		}
		k := indexOf(columns, name)
		switch {
		case k < 0:
			probs = append(probs, csvProblem{1, FieldError{name, "unknown_column", fmt.Sprintf("Unknown column %q. The columns are: %s.", name, strings.Join(columns, ", "))}})
		case c.pos[k] >= 0:
			probs = append(probs, csvProblem{1, FieldError{name, "duplicate_column", fmt.Sprintf("Column %q appears twice.", name)}})
		default:
			c.pos[k] = i
		}
	}
	for _, group := range required {
		found := false
		for _, name := range group {
			found = found || c.pos[indexOf(columns, name)] >= 0
		}
		if !found {
			probs = append(probs, csvProblem{1, FieldError{group[0], "required_column", "The file needs a column " + strings.Join(group, " or ") + "."}})
		}
	}
	if len(probs) > 0 {
		return nil, csvError(probs, 0, 0)
	}
	return c, nil
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
// problems. It returns false at the end or on an I/O error.
func (c *csvReader) next() bool {
	for {
		rec, err := c.r.Read()
		if err == io.EOF {
			return false
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.rows++
			c.addRow(pe.StartLine, "", "csv", "The row is not valid CSV: "+pe.Err.Error()+" (line "+strconv.Itoa(pe.Line)+", column "+strconv.Itoa(pe.Column)+").")
			continue
		} else if err != nil {
			c.err = err
			return false
		}
		if blank(rec) {
			continue
		}
		c.rec = rec
		c.line, _ = c.r.FieldPos(0)
		c.rows++
		if len(rec) != c.width {
			c.addRow(c.line, "", "columns", fmt.Sprintf("This row has %d cells; the header has %d.", len(rec), c.width))
			continue
		}
		if !c.checkCells() {
			continue
		}
		return true
	}
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
	c.probs = append(c.probs, csvProblem{line, FieldError{field, rule, message}})
	c.bad[line] = true
}

// result returns the I/O error or the problems found, or nil.
func (c *csvReader) result() error {
	if c.err != nil {
		return c.err
	}
	if len(c.probs) == 0 {
		return nil
	}
	return csvError(c.probs, len(c.bad), c.rows)
}

// csvError returns the one EINVALID error of a file, fields ordered by line.
func csvError(probs []csvProblem, badRows, rows int) error {
	return csvErrorCode(EINVALID, probs, badRows, rows)
}

func csvErrorCode(code string, probs []csvProblem, badRows, rows int) error {
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].line < probs[j].line })
	fields := make([]FieldError, len(probs))
	for i, p := range probs {
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
		msg = fmt.Sprintf("%d of %d rows have errors; nothing was imported.", badRows, rows)
	}
	return &Error{Code: code, Message: msg, Fields: fields}
}

// remapImportError renames the fields "[i].field" of an error from a bulk
// import to "line N: column", lines[i] being the line where item i started.
// A batch of one names its fields without the index. Errors without fields
// are returned as they are.
func remapImportError(err error, lines []int, rename func(i int, field string) string) error {
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	probs := make([]csvProblem, 0, len(e.Fields))
	bad := map[int]bool{}
	for _, f := range e.Fields {
		i, field, ok := splitIndex(f.Field)
		if !ok && len(lines) == 1 {
			i, ok = 0, true
		}
		if !ok || i < 0 || i >= len(lines) {
			// Not about one row (a constraint the store met late): keep it as it is.
			probs = append(probs, csvProblem{0, f})
			continue
		}
		bad[lines[i]] = true
		probs = append(probs, csvProblem{lines[i], FieldError{rename(i, field), f.Rule, f.Message}})
	}
	return csvErrorCode(e.Code, probs, len(bad), len(lines))
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
