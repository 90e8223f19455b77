package i18n_test

import (
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

func TestNegotiate(t *testing.T) {
	for _, tt := range []struct {
		header, want string
	}{
		{"", "en"},
		{"vi", "vi"},
		{"vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"},
		{"en-US,en;q=0.9,vi;q=0.8", "en"},
		{"fr-FR,fr;q=0.9,vi;q=0.5", "vi"},
		{"fr-FR,de", "en"},
		{"en;q=0.2, vi;q=0.8", "vi"},
		{"VI-vn", "vi"},
		{"vi;q=0, en;q=0.1", "en"},
		{"*", "en"},
		{"vi;q=bad", "en"},
	} {
		if got := i18n.Negotiate(tt.header); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestT(t *testing.T) {
	if got, want := i18n.T("vi", "nav.partners"), "Đối tác"; got != want {
		t.Errorf("vi = %q, want %q", got, want)
	}
	if got, want := i18n.T("en", "nav.partners"), "Partners"; got != want {
		t.Errorf("en = %q, want %q", got, want)
	}
	if got, want := i18n.T("fr", "nav.partners"), "Partners"; got != want {
		t.Errorf("unknown locale = %q, want %q", got, want)
	}
	if got, want := i18n.T("vi", "partners.page", 3), "Trang 3"; got != want {
		t.Errorf("with argument = %q, want %q", got, want)
	}
	if got, want := i18n.T("en", "no.such.key"), "no.such.key"; got != want {
		t.Errorf("unknown key = %q, want %q", got, want)
	}
}

// TestCatalogComplete checks that every message has both languages and the
// same formatting verbs in each.
func TestCatalogComplete(t *testing.T) {
	for _, key := range i18n.Keys() {
		en, vi := i18n.T("en", key), i18n.T("vi", key)
		if en == "" || en == key {
			t.Errorf("%s: no English text", key)
		}
		if vi == "" {
			t.Errorf("%s: no Vietnamese text", key)
		}
		if got, want := verbs(vi), verbs(en); got != want {
			t.Errorf("%s: Vietnamese has verbs %q, English %q", key, got, want)
		}
	}
}

func verbs(s string) string {
	var out []string
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			out = append(out, s[i:i+2])
			i++
		}
	}
	return strings.Join(out, " ")
}

// TestGlossary checks the product words against the glossary.
func TestGlossary(t *testing.T) {
	for _, tt := range []struct{ kind, value, en, vi string }{
		{"partner_role", "supplier", "Supplier", "Nhà cung cấp"},
		{"partner_role", "customer", "Customer", "Khách hàng"},
		{"partner_role", "distributor", "Distributor", "Nhà phân phối"},
		{"segment", "strategic", "Strategic", "Chiến lược"},
		{"segment", "leverage", "Leverage", "Đòn bẩy"},
		{"segment", "bottleneck", "Bottleneck", "Nút thắt"},
		{"segment", "routine", "Routine", "Thông thường"},
		{"status", "prospect", "Prospect", "Tiềm năng"},
		{"status", "onboarding", "Onboarding", "Đang tiếp nhận"},
		{"status", "active", "Active", "Đang hợp tác"},
		{"status", "suspended", "Suspended", "Tạm ngừng"},
		{"status", "offboarded", "Offboarded", "Đã chấm dứt"},
		{"contact_role", "account_executive", "Account executive", "Giám đốc điều hành tài khoản"},
	} {
		if got := i18n.Label("en", tt.kind, tt.value); got != tt.en {
			t.Errorf("en %s.%s = %q, want %q", tt.kind, tt.value, got, tt.en)
		}
		if got := i18n.Label("vi", tt.kind, tt.value); got != tt.vi {
			t.Errorf("vi %s.%s = %q, want %q", tt.kind, tt.value, got, tt.vi)
		}
	}
	for _, tt := range []struct{ key, vi string }{
		{"nav.partners", "Đối tác"},
		{"partner.tax_code", "Mã số thuế (MST)"},
		{"partner.sponsor", "Lãnh đạo phụ trách"},
		{"contact.title", "Người liên hệ"},
	} {
		if got := i18n.T("vi", tt.key); got != tt.vi {
			t.Errorf("%s = %q, want %q", tt.key, got, tt.vi)
		}
	}
	if got := i18n.T("vi", "partner.owner"); !strings.Contains(got, "người phụ trách đối tác") && !strings.Contains(got, "Người phụ trách đối tác") {
		t.Errorf("KAM = %q", got)
	}
}

// TestLabelsCoverDomain checks that every enumerated value of the domain has a label.
func TestLabelsCoverDomain(t *testing.T) {
	for kind, values := range map[string][]string{
		"partner_role": mutual.PartnerRoles,
		"segment":      mutual.Segments,
		"status":       mutual.Statuses,
		"contact_role": mutual.ContactRoles,
		"user_role":    mutual.Roles,
	} {
		for _, v := range values {
			if !i18n.Has(kind + "." + v) {
				t.Errorf("no label for %s %q", kind, v)
			}
		}
	}
	if got, want := i18n.Label("vi", "segment", ""), ""; got != want {
		t.Errorf("empty value = %q, want %q", got, want)
	}
	if got, want := i18n.Label("vi", "segment", "weird"), "weird"; got != want {
		t.Errorf("unknown value = %q, want %q", got, want)
	}
}

func TestFieldMessage(t *testing.T) {
	for _, tt := range []struct {
		name   string
		locale string
		fe     mutual.FieldError
		want   string
	}{
		{"EnglishKeepsDomainMessage", "en", mutual.FieldError{Field: "tax_code", Rule: "tax_code", Message: "Not a valid Vietnamese tax code."}, "Not a valid Vietnamese tax code."},
		{"VietnameseByRule", "vi", mutual.FieldError{Field: "email", Rule: "email", Message: "Not a valid email address."}, "Địa chỉ email không hợp lệ."},
		{"VietnameseByFieldAndRule", "vi", mutual.FieldError{Field: "tax_code", Rule: "duplicate", Message: "A partner with this tax code already exists."}, "Đã có đối tác với mã số thuế này."},
		{"VietnameseCSVField", "vi", mutual.FieldError{Field: "line 3: roles", Rule: "required", Message: "Choose at least one role."}, "Vui lòng chọn ít nhất một vai trò."},
		{"VietnameseIndexedField", "vi", mutual.FieldError{Field: "[2].contacts[0].email", Rule: "email"}, "Địa chỉ email không hợp lệ."},
		{"VietnameseUnknownRuleFallsBack", "vi", mutual.FieldError{Field: "x", Rule: "brand_new_rule", Message: "Something new."}, "Something new."},
		{"EnglishNoMessage", "en", mutual.FieldError{Field: "name", Rule: "required"}, "Name is required."},
		// "exists" names what does not exist: the field says which.
		{"VietnameseExistsPartner", "vi", mutual.FieldError{Field: "[1].partner_id", Rule: "exists"}, "Không có đối tác này."},
		{"VietnameseExistsInteraction", "vi", mutual.FieldError{Field: "interaction_id", Rule: "exists"}, "Đối tác này không có tương tác này."},
		{"VietnameseExistsOther", "vi", mutual.FieldError{Field: "document_id", Rule: "exists"}, "Mục này không tồn tại."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := i18n.FieldMessage(tt.locale, tt.fe); got != tt.want {
				t.Errorf("FieldMessage = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCountryName(t *testing.T) {
	for _, tt := range []struct{ locale, code, want string }{
		{"en", "VN", "Viet Nam"},
		{"vi", "VN", "Việt Nam"},
		{"vi", "US", "Hoa Kỳ"},
		{"vi", "JP", "Nhật Bản"},
		{"vi", "DE", "Đức"},
		{"vi", "ZW", "Zimbabwe"}, // no Vietnamese name: English
		{"en", "QQ", "QQ"},
	} {
		if got := i18n.CountryName(tt.locale, tt.code); got != tt.want {
			t.Errorf("CountryName(%s, %s) = %q, want %q", tt.locale, tt.code, got, tt.want)
		}
	}
	vi := i18n.Countries("vi")
	if got, want := len(vi), len(mutual.Countries()); got != want {
		t.Fatalf("Countries(vi) has %d, want %d", got, want)
	}
	for i := 1; i < len(vi); i++ {
		if mutual.Fold(vi[i-1].Name) > mutual.Fold(vi[i].Name) {
			t.Fatalf("Countries(vi) not ordered: %q before %q", vi[i-1].Name, vi[i].Name)
		}
	}
}
