package i18n

import (
	"strings"

	"github.com/mutualsrm/mutual"
)

func init() {
	for k, v := range sourcingMessages {
		catalog[k] = v
	}
}

// ScopedFieldMessage is FieldMessage for a form whose field names mean
// something else elsewhere: "title" of an event is not a commitment's.
// It looks for "rule.SCOPE.FIELD.RULE" first, the field named without its
// row ("lines[2].quantity" is "lines.quantity"), then falls back to
// FieldMessage. English keeps the domain's own message, which is precise.
func ScopedFieldMessage(locale, scope string, f mutual.FieldError) string {
	if locale != Vietnamese && f.Message != "" {
		return f.Message
	}
	field := f.Field
	if _, after, ok := strings.Cut(field, ": "); ok {
		field = after
	}
	// lines[2].splits[0].quantity -> lines.splits.quantity
	var b strings.Builder
	skip := false
	for _, r := range field {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	for _, key := range []string{"rule." + scope + "." + b.String() + "." + f.Rule, "rule." + scope + "." + f.Rule} {
		if Has(key) {
			return T(locale, key)
		}
	}
	return FieldMessage(locale, f)
}
