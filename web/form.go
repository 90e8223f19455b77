package web

// The form pipeline: every page that takes a posted form reads it with
// readForm, takes its values with the typed getters below (numbers, amounts
// and dates the way the user's language writes them), shows it back with
// its problems through renderForm, and after success goes on with
// redirectFlash. Problems are named after the fields, so that each lands
// beside its input, and worded in the user's language.

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// form is a posted form, read once per request.
type form struct {
	url.Values
	locale string
	// Problems are the values that did not read; the caller merges them
	// with the domain's own (check).
	Problems mutual.Problems
	// TooLarge reports that the body was over its route's limit and was
	// not read: the page is shown again with the form's message (413).
	TooLarge bool
	// fileLimit is the largest file the form takes, 0 for a form without
	// files; multipart holds the files posted (readMultipartForm).
	fileLimit int64
	multipart *multipart.Form
}

// readForm reads the urlencoded form of r, at most maxFormBytes. A body
// that is too large is not an error here: the form comes back empty with
// TooLarge set, so that its page can be shown again with a message
// (check returns tooLarge). A body that cannot be read at all is
// EMALFORMED.
func (h *Handler) readForm(w http.ResponseWriter, r *http.Request) (*form, error) {
	f := &form{locale: localeFrom(r.Context())}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	return f, f.parse(r.ParseForm(), r)
}

// parse records the outcome of parsing r's body: the values, or TooLarge
// for a body over its limit (or with more parts than a multipart reader
// takes), or EMALFORMED.
func (f *form) parse(err error, r *http.Request) error {
	if err != nil {
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) && !errors.Is(err, multipart.ErrMessageTooLarge) {
			return mutual.Errorf(mutual.EMALFORMED, "The form could not be read.")
		}
		f.TooLarge = true
		f.Values = url.Values{}
		return nil
	}
	f.Values = r.PostForm
	f.multipart = r.MultipartForm
	return nil
}

// readSmallForm is readForm for forms behind a button (approve, mark read,
// sign out) that have no page to be shown again on: a body that is too
// large is refused with an error page (413).
func (h *Handler) readSmallForm(w http.ResponseWriter, r *http.Request) (*form, error) {
	f, err := h.readForm(w, r)
	if err != nil {
		return nil, err
	}
	if f.TooLarge {
		return nil, f.tooLarge()
	}
	return f, nil
}

// Text returns the value of field as it was typed.
func (f *form) Text(field string) string { return f.Get(field) }

// Trim returns the value of field without surrounding spaces.
func (f *form) Trim(field string) string { return strings.TrimSpace(f.Get(field)) }

// Bool reports whether a checkbox was ticked.
func (f *form) Bool(field string) bool { return f.Get(field) != "" }

// List returns every value of field (ticked checkboxes, a multiple select).
func (f *form) List(field string) []string { return f.Values[field] }

// Version returns the version the form was shown at (formVersion).
func (f *form) Version() int { return formVersion(f.Get("version")) }

// Next returns the page to go back to, when it is on this site, else fallback.
func (f *form) Next(fallback string) string { return localPath(f.Get("next"), fallback) }

// label is the name of a field in the user's language, for messages.
func (f *form) label(labelKey string) string { return i18n.T(f.locale, labelKey) }

// Decimal reads a number typed in the user's language (parseNumber); empty
// is zero. A value that does not read is a problem of field, whose message
// names the field by labelKey and shows how numbers are written.
func (f *form) Decimal(field, labelKey string) mutual.Decimal {
	return f.decimal(field, f.Get(field), labelKey)
}

func (f *form) decimal(field, s, labelKey string) mutual.Decimal {
	return f.number(field, s, f.label(labelKey))
}

// number is decimal for a field named by label, in words already (a
// question of a bid).
func (f *form) number(field, s, label string) mutual.Decimal {
	if strings.TrimSpace(s) == "" {
		return mutual.Decimal{}
	}
	d, ok := parseNumber(f.locale, s)
	if !ok {
		f.Problems.Add(field, "number", numberMessage(f.locale, label))
	}
	return d
}

// Money reads an amount typed in the user's language with its currency,
// from the fields "NAME.amount" and "NAME.currency"; an empty amount is the
// zero Money, even with a currency chosen.
func (f *form) Money(name, labelKey string) mutual.Money {
	amount := f.decimal(name+".amount", f.Get(name+".amount"), labelKey)
	if strings.TrimSpace(f.Get(name+".amount")) == "" {
		return mutual.Money{}
	}
	return mutual.Money{Amount: amount, Currency: strings.ToUpper(strings.TrimSpace(f.Get(name + ".currency")))}
}

// Price reads s, an amount typed in the user's language, in currency: the
// cell of a row (formRows) or of a line of a form whose prices share one
// currency (an event's lines, an offer, a bid). The problem, if any, is
// field's; empty, or a value that does not read, is the zero Money.
func (f *form) Price(field, s, currency, labelKey string) mutual.Money {
	if strings.TrimSpace(s) == "" {
		return mutual.Money{}
	}
	n := len(f.Problems)
	d := f.decimal(field, s, labelKey)
	if len(f.Problems) > n {
		return mutual.Money{}
	}
	return mutual.Money{Amount: d, Currency: currency}
}

// Int reads a whole number typed in the user's language; empty is 0 and
// ok false, so that callers tell "not given" from 0.
func (f *form) Int(field, labelKey string) (n int, ok bool) {
	if f.Trim(field) == "" {
		return 0, false
	}
	return f.whole(field, f.Get(field), labelKey)
}

// Whole reads s, a whole number typed in the user's language, as the cell
// of a row or a line (a lead time in days); empty is 0. The problem, if
// any, is field's.
func (f *form) Whole(field, s, labelKey string) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n, _ := f.whole(field, s, labelKey)
	return n
}

func (f *form) whole(field, s, labelKey string) (int, bool) {
	n, ok := parseWholeNumber(f.locale, strings.TrimSpace(s))
	if !ok {
		f.Problems.Add(field, "integer", i18n.T(f.locale, "form.whole_number_format", f.label(labelKey), i18n.FormatNumber(f.locale, 1000)))
	}
	return n, ok
}

// Date reads a calendar date typed in the user's language (parseDate);
// empty is the zero Date.
func (f *form) Date(field, labelKey string) mutual.Date {
	return f.date(field, f.Get(field), labelKey)
}

func (f *form) date(field, s, labelKey string) mutual.Date {
	if strings.TrimSpace(s) == "" {
		return mutual.Date{}
	}
	d, ok := parseDate(f.locale, s)
	if !ok {
		f.Problems.Add(field, "date_format", i18n.T(f.locale, "form.date_format", f.label(labelKey), datePattern(f.locale)))
	}
	return d
}

// IDs reads the IDs of ticked checkboxes; one that is not an ID is a
// problem of field.
func (f *form) IDs(field string) []mutual.ID {
	ids, ok := parseIDs(f.List(field))
	if !ok {
		f.Problems.Add(field, "id", "Choose from the list.")
	}
	return ids
}

// check returns the problems of the form together with err, the domain's
// validation of what was read: the fields that did not read keep their
// own message, the others get the domain's. A form too large to read is
// its tooLarge error whatever err says.
func (f *form) check(err error) error {
	if f.TooLarge {
		return f.tooLarge()
	}
	if len(f.Problems) == 0 {
		return err
	}
	return merge(f.Problems, err)
}

// numberMessage says that a field is not a number and how numbers are
// written in locale.
func numberMessage(locale, label string) string {
	big, _ := mutual.ParseDecimal("5000000")
	frac, _ := mutual.ParseDecimal("1234.5")
	return i18n.T(locale, "form.number_format", label, i18n.FormatDecimal(locale, big, 0), i18n.FormatDecimal(locale, frac, 1))
}

// formPage is a page with a form that can be shown again with problems.
type formPage interface {
	pageData
	state() *formState
}

func (f *formState) state() *formState { return f }

// renderForm shows page name again after err: the form keeps what the
// user typed, each problem is beside its field (fields are the fields the
// form shows; scope, when not "", words messages for the form as
// formState.setScoped does), and the answer is 422, 409 or, for a form
// too large to read, 413. Errors a form cannot show (not found,
// forbidden, internal) are returned for the error page.
func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, name string, p formPage, err error, scope string, fields []string) error {
	locale := p.base().Locale
	st := p.state()
	if msg, ok := tooLargeMessage(locale, err); ok {
		st.Message = msg
		return h.render(w, r, http.StatusRequestEntityTooLarge, name, p)
	}
	var status int
	var ok bool
	if scope != "" {
		status, ok = st.setScoped(locale, scope, err, fields)
	} else {
		status, ok = st.setError(locale, err, fields)
	}
	if !ok {
		return err
	}
	return h.render(w, r, status, name, p)
}

// redirectFlash ends a successful post: a one-time message (a catalog key,
// "" for none) for the next page, and a 303 to it.
func (h *Handler) redirectFlash(w http.ResponseWriter, r *http.Request, to, flashKey string) error {
	if flashKey != "" {
		h.flash(w, flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
