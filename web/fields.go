package web

// The helpers of the reusable field templates (templates/fields.html).

import (
	"errors"
	"html/template"
	"strings"

	"github.com/mutualsrm/mutual"
)

// templateFuncs are the functions every template may call.
var templateFuncs = template.FuncMap{
	"dict":        dict,
	"fieldID":     fieldID,
	"has":         func(list []string, s string) bool { return contains(list, s) },
	"dateValue":   dateInput,
	"datePattern": datePattern,
	"list":        func(s ...string) []string { return s },
}

// dict makes the argument of a field template from pairs of key and value.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, errors.New("dict: keys are strings")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// fieldID is the id of the input named name: "value.amount" is "value_amount".
func fieldID(name string) string {
	return strings.NewReplacer(".", "_", "[", "_", "]", "").Replace(name)
}

// option is one choice of a select or a list of checkboxes.
type option struct {
	Value, Label string
	Sub          string // a second line, such as a contact's job title
}

// Choices returns the options of enumerated values, labelled in the page's
// language by kind ("gift_direction"); with kind "" the value is its own
// label (currency codes).
func (p *basePage) Choices(kind string, values []string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: v, Label: v}
		if kind != "" {
			out[i].Label = p.Label(kind, v)
		}
	}
	return out
}

// YesNoChoices are the answers of a yes or no question.
func (p *basePage) YesNoChoices() []option {
	return []option{{Value: "yes", Label: p.T("form.yes")}, {Value: "no", Label: p.T("form.no")}}
}

// UserChoices returns the options of users, by name.
func (p *basePage) UserChoices(users []*mutual.User) []option {
	out := make([]option, len(users))
	for i, u := range users {
		out[i] = option{Value: u.ID.String(), Label: u.Name}
	}
	return out
}

// RoleChoices returns the options of users, by name with their role.
func (p *basePage) RoleChoices(users []*mutual.User) []option {
	out := make([]option, len(users))
	for i, u := range users {
		out[i] = option{Value: u.ID.String(), Label: u.Name, Sub: p.Label("user_role", u.Role)}
	}
	return out
}

// PartnerChoices returns the options of partners, by name with their status.
func (p *basePage) PartnerChoices(partners []*mutual.Partner) []option {
	out := make([]option, len(partners))
	for i, pt := range partners {
		out[i] = option{Value: pt.ID.String(), Label: pt.Name, Sub: p.Label("status", pt.Status)}
	}
	return out
}

// ContactChoices returns the options of contacts, with their job titles.
func (p *basePage) ContactChoices(contacts []*mutual.Contact) []option {
	out := make([]option, len(contacts))
	for i, c := range contacts {
		out[i] = option{Value: c.ID.String(), Label: c.Name, Sub: c.Title}
	}
	return out
}

// CountryChoices returns the options of countries, named in the page's language.
func (p *basePage) CountryChoices(countries []mutual.Country) []option {
	out := make([]option, len(countries))
	for i, c := range countries {
		out[i] = option{Value: c.Code, Label: c.Name}
	}
	return out
}
