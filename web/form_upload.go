package web

// Forms with files, and bodies over their route's limit. A form that may
// carry files (an event's document, a bid's attachments, a CSV import) is
// read by readMultipartForm with the limit of its route; a body over its
// limit, with files or without, is answered alike everywhere: the page of
// the form again, 413, saying how large it may be (renderForm), or the
// error page for a form behind a button (renderError).

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// uploadSlack is room in a body's limit for each file's part header.
const uploadSlack = 64 << 10

// formTooLarge is the cause of the error of a form whose body was over
// its limit: what its message says.
type formTooLarge struct {
	most  int64 // bytes: of the form, or of each file when files
	files bool  // the form carries files
}

func (e *formTooLarge) Error() string { return "web: form body over its limit" }

// tooLarge returns the error of the form when its body was too large: an
// EINVALID that no field can show, with the limit as its cause.
func (f *form) tooLarge() error {
	t := &formTooLarge{most: maxFormBytes}
	if f.fileLimit > 0 {
		t.most, t.files = f.fileLimit, true
	}
	return &mutual.Error{Code: mutual.EINVALID, Message: "The form is too large; nothing was saved.", Cause: t}
}

// tooLargeMessage is what to say of err in locale when it is the error of
// a form too large to read: how large it or its files may be, and what
// to do.
func tooLargeMessage(locale string, err error) (string, bool) {
	var t *formTooLarge
	if !errors.As(err, &t) {
		return "", false
	}
	most := i18n.FormatNumber(locale, t.most>>20) + " MB"
	if t.files {
		return i18n.T(locale, "form.files_too_large", most), true
	}
	return i18n.T(locale, "form.too_large", most), true
}

// readMultipartForm reads a form that may carry up to files files of at
// most fileLimit bytes each (an event's document, a bid's attachments, a
// CSV import): its body may be maxFormBytes for the other fields and
// fileLimit and uploadSlack for each file. As readForm, a body that is
// too large comes back empty with TooLarge set, and its message names
// fileLimit. Files up to maxFormBytes in all are kept in memory, the rest
// on disk until the request ends. A urlencoded body (a form without a
// file input) is read as readForm reads it.
func (h *Handler) readMultipartForm(w http.ResponseWriter, r *http.Request, fileLimit int64, files int) (*form, error) {
	f := &form{locale: localeFrom(r.Context()), fileLimit: fileLimit}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes+int64(files)*(fileLimit+uploadSlack))
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return f, f.parse(r.ParseForm(), r)
	}
	return f, f.parse(r.ParseMultipartForm(maxFormBytes), r)
}

// close removes the files of the form kept on disk; the server does too
// when the request ends, this is for handlers called otherwise.
func (f *form) close() {
	if f.multipart != nil {
		f.multipart.RemoveAll()
	}
}

// Upload returns the file posted as field, or false when none was chosen.
func (f *form) Upload(field string) (multipart.File, *multipart.FileHeader, bool) {
	if f.multipart == nil || len(f.multipart.File[field]) == 0 {
		return nil, nil, false
	}
	hdr := f.multipart.File[field][0]
	file, err := hdr.Open()
	if err != nil {
		return nil, nil, false
	}
	return file, hdr, true
}

// Document reads the file posted as field as a document, or nil when none
// was chosen. A file larger than a document may be is read one byte past
// the limit, for the domain to refuse it (Document.Validate).
func (f *form) Document(field string) (*mutual.Document, error) {
	file, hdr, ok := f.Upload(field)
	if !ok {
		return nil, nil
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, mutual.MaxDocumentSize+1))
	if err != nil {
		return nil, mutual.Errorf(mutual.EMALFORMED, "The file could not be read.")
	}
	return &mutual.Document{Name: hdr.Filename, ContentType: hdr.Header.Get("Content-Type"), Content: content}, nil
}
