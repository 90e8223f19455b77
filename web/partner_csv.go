package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
	"github.com/mutualsrm/mutual/i18n"
)

// maxImportBytes bounds an uploaded CSV file (and the form around it).
const maxImportBytes = 50 << 20

// partnerImportPage is the CSV import form and its outcome.
type partnerImportPage struct {
	basePage
	formState
	Imported     int
	ImportedText string
	More         string // "1,000 of N problems shown", when not every problem is listed
	Problems     []importProblem
	MaxSize      string
	Columns      string
}

// importProblem is one problem of an imported file, by line and column.
type importProblem struct {
	Line    string
	Column  string
	Message string
}

func (h *Handler) newImportPage(w http.ResponseWriter, r *http.Request) (*partnerImportPage, error) {
	p := &partnerImportPage{
		basePage: h.newBase(w, r, "import.title", "partners"),
		Columns:  strings.Join(csv.PartnerColumns, ", "),
	}
	p.MaxSize = i18n.FormatNumber(p.Locale, maxImportBytes>>20) + " MB"
	return p, nil
}

// handlePartnerImportForm shows the upload form.
func (h *Handler) handlePartnerImportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newImportPage(w, r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "partner_import", p)
}

// handlePartnerImport imports an uploaded CSV file, all or nothing, and
// lists the problems of every line when there are any (the first
// csv.MaxProblems of them). The import reads the file twice: the form
// pipeline keeps it on disk when it is large, removed when the request
// ends.
func (h *Handler) handlePartnerImport(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newImportPage(w, r)
	if err != nil {
		return err
	}
	f, err := h.readMultipartForm(w, r, maxImportBytes, 1)
	if err != nil {
		return err
	}
	defer f.close()
	file, hdr, ok := f.Upload("file")
	if ok {
		defer file.Close()
	}
	if f.TooLarge || ok && hdr.Size > maxImportBytes {
		// The page has no field to show it beside: the body's message.
		msg, _ := tooLargeMessage(p.Locale, f.tooLarge())
		p.Message = msg
		return h.render(w, r, http.StatusRequestEntityTooLarge, "partner_import", p)
	}
	var n int
	if ok {
		n, err = csv.ImportPartners(r.Context(), h.svc.Partners, file)
	} else {
		err = mutual.Errorf(mutual.EMALFORMED, "Choose a CSV file to import.")
	}
	switch {
	case err == nil:
		p.Imported = n
		p.ImportedText = i18n.FormatNumber(p.Locale, int64(n))
		if n == 0 {
			p.Message = p.T("import.empty")
			return h.render(w, r, http.StatusUnprocessableEntity, "partner_import", p)
		}
		return h.render(w, r, http.StatusOK, "partner_import", p)
	case mutual.ErrorCode(err) == mutual.EINVALID || mutual.ErrorCode(err) == mutual.ECONFLICT || mutual.ErrorCode(err) == mutual.EMALFORMED:
		p.Message = p.T("import.failed")
		if mutual.ErrorCode(err) == mutual.EMALFORMED {
			p.Message = p.T("import.no_file")
		}
		fields := mutual.ErrorFields(err)
		for _, fe := range fields {
			p.Problems = append(p.Problems, importProblemOf(p.Locale, fe))
		}
		var e *mutual.Error
		if errors.As(err, &e) && e.Omitted > 0 {
			p.More = p.T("import.more", i18n.FormatNumber(p.Locale, int64(len(fields))), i18n.FormatNumber(p.Locale, int64(len(fields)+e.Omitted)))
		}
		return h.render(w, r, http.StatusUnprocessableEntity, "partner_import", p)
	}
	return err
}

// importProblemOf splits "line 3: tax_code" into its line and column.
func importProblemOf(locale string, fe mutual.FieldError) importProblem {
	ip := importProblem{Message: i18n.FieldMessage(locale, fe)}
	rest := fe.Field
	if after, ok := strings.CutPrefix(rest, "line "); ok {
		num, col, _ := strings.Cut(after, ": ")
		if _, err := strconv.Atoi(num); err == nil {
			ip.Line, rest = num, col
		}
	}
	ip.Column = rest
	return ip
}

// handlePartnerExport downloads every partner the user may see as CSV, with
// the byte order mark that makes Excel read it as UTF-8. An error after the
// download started can only be logged: the browser has the headers already.
func (h *Handler) handlePartnerExport(w http.ResponseWriter, r *http.Request) error {
	name := "partners-" + h.now().In(i18n.DefaultZone).Format("2006-01-02") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := &lazyWriter{w: w, prefix: csv.UTF8BOM}
	if err := csv.WritePartners(r.Context(), h.svc.Partners, cw); err != nil {
		if cw.started {
			h.log.Error("partner export failed", "err", err)
			return nil
		}
		w.Header().Del("Content-Disposition")
		return err
	}
	return nil
}

// lazyWriter writes prefix before the first bytes, so that nothing (not
// even the status line) is sent before there is content, and an error that
// comes first can still be shown as a page.
type lazyWriter struct {
	w       io.Writer
	prefix  string
	started bool
}

func (l *lazyWriter) Write(b []byte) (int, error) {
	if !l.started {
		l.started = true
		if _, err := io.WriteString(l.w, l.prefix); err != nil {
			return 0, err
		}
	}
	return l.w.Write(b)
}
