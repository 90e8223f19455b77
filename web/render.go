package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the templates of the pages; each is parsed with the layout.
var pageNames = []string{"login", "error", "partner_list", "partner_show", "partner_form", "contact_form", "partner_import",
	"interaction_form", "commitment_form", "commitment_list", "cadence_form", "cadence_list", "home", "owner_list", "calendar", "team_form",
	"gift_form", "gift_list", "gift_policy",
	// Sourcing and negotiation, the buying side.
	"event_list", "event_form", "event_show", "event_bids", "event_scores", "event_award", "bid_revisions",
	"agreement_list", "negotiation_list", "negotiation_form", "negotiation_show", "savings",
	// The supplier portal.
	"portal_home", "portal_events", "portal_event", "portal_negotiations", "portal_negotiation", "portal_company"}

// pageParts are the templates of parts that some pages share, parsed with
// those pages only.
var pageParts = map[string][]string{
	"partner_show":     {"interaction_parts", "commitment_parts", "cadence_parts", "gift_parts", "health_parts", "lifecycle_parts"},
	"gift_list":        {"gift_parts"},
	"commitment_list":  {"commitment_parts"},
	"home":             {"commitment_parts", "health_parts"},
	"commitment_form":  {"commitment_parts"},
	"interaction_form": {"commitment_parts", "interaction_parts"},
	// Sourcing and negotiation.
	"event_show":    {"sourcing_parts"},
	"event_bids":    {"sourcing_parts"},
	"event_scores":  {"sourcing_parts"},
	"event_award":   {"sourcing_parts"},
	"bid_revisions": {"sourcing_parts"},
	// The supplier portal.
	"portal_company": {"commitment_parts"},
}

// pages holds the parsed templates, by page name.
type pages struct {
	byName map[string]*template.Template
}

// parsePages parses every page once; a missing or broken template is an error.
func parsePages() (*pages, error) {
	ps := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		files := []string{"templates/layout.html", "templates/fields.html", "templates/" + name + ".html"}
		for _, part := range pageParts[name] {
			files = append(files, "templates/"+part+".html")
		}
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("web: parse page %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: page %s defines no content", name)
		}
		ps.byName[name] = t
	}
	return ps, nil
}

// pageData is what every page struct is: it embeds basePage.
type pageData interface{ base() *basePage }

// basePage is the part of every page the layout uses, with the helpers the
// templates call as methods ({{$.T "key"}}).
type basePage struct {
	Title  string
	Locale string
	User   *mutual.User
	Nav    string // the active navigation item
	Path   string // this page, for the language switch to come back to
	Flash  string // a one-time message after a redirect

	assets *assets
	zone   *time.Location // the company's time zone
}

func (p *basePage) base() *basePage { return p }

// T returns the text of key in the page's language.
func (p *basePage) T(key string, args ...any) string { return i18n.T(p.Locale, key, args...) }

// Label returns the translated label of an enumerated value: a string, or
// a typed status such as mutual.EventStatus.
func (p *basePage) Label(kind string, value any) string {
	return i18n.Label(p.Locale, kind, enumString(value))
}

// enumString is the text of an enumerated value of any string type.
func enumString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case fmt.Stringer:
		return v.String()
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String()
	}
	return fmt.Sprint(v)
}

// Country returns the name of a country code in the page's language.
func (p *basePage) Country(code string) string { return i18n.CountryName(p.Locale, code) }

// Money formats an amount in the page's language.
func (p *basePage) Money(m mutual.Money) string { return i18n.FormatMoney(p.Locale, m) }

// DateTime formats a moment in the page's language, in the company's time zone.
func (p *basePage) DateTime(t time.Time) string { return i18n.FormatDateTime(p.Locale, t, p.zone) }

// Day formats the day of a moment in the company's time zone, in the
// page's language.
func (p *basePage) Day(t time.Time) string { return i18n.FormatDate(p.Locale, t, p.zone) }

// Date formats a calendar date in the page's language; the zero Date is "".
func (p *basePage) Date(d mutual.Date) string {
	if d.IsZero() {
		return ""
	}
	return i18n.FormatDate(p.Locale, d.Time(), time.UTC)
}

// CanReadInteractions reports whether the user may see timelines and cadences.
func (p *basePage) CanReadInteractions() bool { return mutual.CanReadInteractions(p.User) }

// ShowCadenceNav reports whether the header links the cadence policies:
// for administrators, who edit them, and managers, who watch them.
func (p *basePage) ShowCadenceNav() bool { return mutual.Allowed(p.User, mutual.PermWatchCadences, 0) }

// Asset returns the content-hashed URL of a static file.
func (p *basePage) Asset(name string) string { return p.assets.url(name) }

// CanWritePartners reports whether the user may create, import and edit partners.
func (p *basePage) CanWritePartners() bool { return mutual.CanWritePartners(p.User) }

// Initials returns up to two initials of the user's name for the avatar.
func (p *basePage) Initials() string {
	if p.User == nil {
		return ""
	}
	var out []rune
	for _, w := range strings.Fields(p.User.Name) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			out = append(out, unicode.ToUpper(r))
		}
	}
	switch {
	case len(out) == 0:
		return "?"
	case len(out) > 2:
		// Vietnamese names put the given name last: "Nguyễn Văn An" is NA.
		return string([]rune{out[0], out[len(out)-1]})
	}
	return string(out)
}

// newBase fills the common part of a page for the request, taking the
// one-time flash message if there is one.
func (h *Handler) newBase(w http.ResponseWriter, r *http.Request, titleKey, nav string) basePage {
	locale := localeFrom(r.Context())
	b := basePage{
		Title:  i18n.T(locale, titleKey),
		Locale: locale,
		User:   mutual.UserFromContext(r.Context()),
		Nav:    nav,
		Path:   r.URL.RequestURI(),
		assets: h.assets,
		zone:   h.zone(),
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if i18n.Has(c.Value) && strings.HasPrefix(c.Value, "flash.") {
			b.Flash = i18n.T(locale, c.Value)
		}
		h.clearCookie(w, flashCookie)
	}
	return b
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes page name with data. The page is rendered to a buffer
// first, so that a template error gives a clean error page, never half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) error {
	t := h.pages.byName[name]
	if t == nil {
		return fmt.Errorf("web: no page %q", name)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// errorPage is the page of an error.
type errorPage struct {
	basePage
	Status  int
	Heading string
	Message string
}

// errorStatus maps error codes to HTTP statuses; anything else is a 500.
var errorStatus = map[string]int{
	mutual.EINVALID:      http.StatusUnprocessableEntity,
	mutual.EMALFORMED:    http.StatusBadRequest,
	mutual.ENOTFOUND:     http.StatusNotFound,
	mutual.EFORBIDDEN:    http.StatusForbidden,
	mutual.EUNAUTHORIZED: http.StatusUnauthorized,
	mutual.ECONFLICT:     http.StatusConflict,
	mutual.EPRECONDITION: http.StatusConflict,
	mutual.ERATELIMIT:    http.StatusTooManyRequests,
}

// renderError renders the error page for err. Internal errors are logged
// with their cause and shown with a generic message only.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := mutual.ErrorCode(err)
	status, ok := errorStatus[code]
	if !ok {
		status = http.StatusInternalServerError
		code = mutual.EINTERNAL
		h.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := &errorPage{basePage: h.newBase(w, r, "error."+code+".title", ""), Status: status}
	p.Heading = p.Title
	p.Message = p.T("error." + code + ".text")
	if msg, ok := tooLargeMessage(p.Locale, err); ok {
		// A form behind a button, with no page to show it again on.
		p.Status = http.StatusRequestEntityTooLarge
		p.Message = msg
		status = p.Status
	}
	w.Header().Set("Cache-Control", "no-store")
	if rerr := h.render(w, r, status, "error", p); rerr != nil {
		h.log.Error("error page failed", "path", r.URL.Path, "err", rerr)
		http.Error(w, http.StatusText(status), status)
	}
}

// formVersion reads the version a form was shown at, from its hidden
// field: 0 when it is missing (no check), -1 when it is not a version, so
// that the store refuses the change as made on a stale page rather than
// skipping the check.
func formVersion(s string) int {
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return -1
	}
	return v
}

// formState is the part of a form page that shows what went wrong: a
// message above the form, a message beside each field at fault, what
// someone else saved meanwhile, and the problems no field shows.
type formState struct {
	Message string
	Stale   bool
	Errors  map[string]string
	Current map[string]string
	Other   []string
}

// Err returns the message of field, or "".
func (f *formState) Err(field string) string { return f.Errors[field] }

// Cur returns what someone else saved in field while the user edited, or "".
func (f *formState) Cur(field string) string { return f.Current[field] }

// setError fills the state from err for a form with the given fields and
// returns the HTTP status to answer with. It returns false for errors a form
// cannot show (not found, forbidden, internal), which the caller returns.
func (f *formState) setError(locale string, err error, fields []string) (int, bool) {
	code := mutual.ErrorCode(err)
	switch code {
	case mutual.EINVALID:
		f.Message = i18n.T(locale, "form.invalid")
	case mutual.ECONFLICT:
		f.Message = i18n.T(locale, "form.conflict")
	case mutual.EPRECONDITION:
		f.Message, f.Stale = i18n.T(locale, "form.stale"), true
	default:
		return 0, false
	}
	f.Errors = map[string]string{}
	for _, fe := range mutual.ErrorFields(err) {
		msg := i18n.FieldMessage(locale, fe)
		if contains(fields, fe.Field) {
			if f.Errors[fe.Field] == "" {
				f.Errors[fe.Field] = msg
			}
			continue
		}
		f.Other = append(f.Other, msg)
	}
	if code == mutual.ECONFLICT && len(mutual.ErrorFields(err)) == 0 {
		f.Other = append(f.Other, stateMessage(locale, err))
	}
	return errorStatus[code], true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
