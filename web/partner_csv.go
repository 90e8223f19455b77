package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
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
	Imported     int
	ImportedText string
	Message      string
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
// csv.MaxProblems of them). The import reads the file twice, so the
// upload is kept in a temporary file, removed when the import is done.
func (h *Handler) handlePartnerImport(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newImportPage(w, r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes+64<<10)
	file, err := uploadedFile(r, "file")
	var n int
	if err == nil {
		var f *os.File
		if f, err = spool(file); err == nil {
			defer func() {
				f.Close()
				os.Remove(f.Name())
			}()
			n, err = csv.ImportPartners(r.Context(), h.svc.Partners, f)
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		p.Imported = n
		p.ImportedText = i18n.FormatNumber(p.Locale, int64(n))
		if n == 0 {
			p.Message = p.T("import.empty")
			return h.render(w, r, http.StatusUnprocessableEntity, "partner_import", p)
		}
		return h.render(w, r, http.StatusOK, "partner_import", p)
	case errors.As(err, &tooBig):
		p.Message = p.T("import.too_large", p.MaxSize)
		return h.render(w, r, http.StatusRequestEntityTooLarge, "partner_import", p)
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

// spool copies an upload to a temporary file and returns it at its start.
func spool(r io.Reader) (*os.File, error) {
	f, err := os.CreateTemp("", "mutual-import-*.csv")
	if err != nil {
		return nil, err
	}
	if _, err = io.Copy(f, r); err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// uploadedFile returns the content of the form's file part, streaming.
func uploadedFile(r *http.Request, name string) (io.Reader, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, mutual.Errorf(mutual.EMALFORMED, "Choose a CSV file to import.")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, mutual.Errorf(mutual.EMALFORMED, "Choose a CSV file to import.")
		} else if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, err
			}
			return nil, mutual.Errorf(mutual.EMALFORMED, "The upload could not be read.")
		}
		if part.FormName() == name {
			if part.FileName() == "" {
				return nil, mutual.Errorf(mutual.EMALFORMED, "Choose a CSV file to import.")
			}
			return part, nil
		}
		drain(part)
	}
}

func drain(p *multipart.Part) { io.Copy(io.Discard, p) }

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
