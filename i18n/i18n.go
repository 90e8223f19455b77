// Package i18n holds the English and Vietnamese words of Mutual and formats
// numbers, money and dates the way each language writes them.
//
// Messages are kept in one Go table with both languages side by side, so a
// missing translation shows in review and in the tests. The words follow the
// product glossary (../shared/GLOSSARY.md) exactly.
package i18n

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// The supported locales.
const (
	English    = "en"
	Vietnamese = "vi"
)

// Default is the locale used when nothing else decides.
const Default = English

// Locales lists the supported locales in display order.
var Locales = []string{English, Vietnamese}

// Supported reports whether locale is one Mutual speaks.
func Supported(locale string) bool { return locale == English || locale == Vietnamese }

// LanguageName returns the name of a locale's language in that language.
func LanguageName(locale string) string {
	if locale == Vietnamese {
		return "Tiếng Việt"
	}
	return "English"
}

// message is one entry of the catalog: the English and Vietnamese texts.
// Texts with arguments are fmt formats.
type message struct{ en, vi string }

// T returns the text of key in locale, formatted with args when given. A key
// missing in Vietnamese falls back to English; an unknown key is returned as
// it is, so that a mistake shows on the page instead of an empty space.
func T(locale, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m.en
	if locale == Vietnamese && m.vi != "" {
		s = m.vi
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalog.
func Has(key string) bool { _, ok := catalog[key]; return ok }

// Keys returns every key of the catalog, sorted.
func Keys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Label returns the translated label of an enumerated value of kind:
// "partner_role", "segment", "status", "contact_role" or "user_role". An
// empty value has an empty label; an unknown value is returned as it is.
func Label(locale, kind, value string) string {
	if value == "" {
		return ""
	}
	key := kind + "." + value
	if !Has(key) {
		return value
	}
	return T(locale, key)
}

// Negotiate picks the supported locale a browser prefers from its
// Accept-Language header ("vi-VN,vi;q=0.9,en;q=0.8"), or Default.
func Negotiate(acceptLanguage string) string {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.TrimSpace(k) == "q" {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					f = 0
				}
				q = f
			}
		}
		lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if !Supported(lang) || q <= 0 {
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	if best == "" {
		return Default
	}
	return best
}

// FieldMessage returns the text to show for a field error in locale. The
// rule is translated, first for the field ("rule.tax_code.duplicate") and
// then on its own ("rule.required"); English uses the domain's own message,
// which is often more precise. Without a translation the domain's message
// is shown. Fields may be named as in the API ("annual_spend.amount") or as
// in a CSV import ("line 3: tax_code").
func FieldMessage(locale string, f mutual.FieldError) string {
	if locale != Vietnamese && f.Message != "" {
		return f.Message
	}
	field := f.Field
	if _, after, ok := strings.Cut(field, ": "); ok {
		field = after
	}
	if i := strings.LastIndexAny(field, "]"); i >= 0 {
		field = strings.TrimPrefix(field[i+1:], ".")
	}
	for _, key := range []string{"rule." + field + "." + f.Rule, "rule." + f.Rule} {
		if Has(key) {
			return T(locale, key)
		}
	}
	if f.Message != "" {
		return f.Message
	}
	return T(locale, "rule.invalid")
}
