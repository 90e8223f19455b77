package i18n_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

func TestScopedFieldMessage(t *testing.T) {
	for _, tt := range []struct {
		name   string
		locale string
		scope  string
		fe     mutual.FieldError
		want   string
	}{
		{"EnglishKeepsDomainMessage", "en", "event", mutual.FieldError{Field: "criteria", Rule: "weights_sum", Message: "Weights must sum to 100 (they sum to 90)."}, "Weights must sum to 100 (they sum to 90)."},
		{"VietnameseByScope", "vi", "event", mutual.FieldError{Field: "criteria", Rule: "weights_sum", Message: "Weights must sum to 100 (they sum to 90)."}, "Tổng trọng số phải bằng 100."},
		// "title" of an event is not a commitment's title.
		{"VietnameseScopeBeforeField", "vi", "event", mutual.FieldError{Field: "title", Rule: "required", Message: "This field is required."}, "Vui lòng nhập tiêu đề."},
		{"VietnameseRowUnnumbered", "vi", "event", mutual.FieldError{Field: "lines[3].item", Rule: "required"}, "Vui lòng nhập mặt hàng."},
		{"VietnameseNestedRows", "vi", "award", mutual.FieldError{Field: "lines[0].splits[1].bid_id", Rule: "not_quoted"}, "Hồ sơ này không chào giá dòng này."},
		{"VietnameseRuleOfScope", "vi", "event", mutual.FieldError{Field: "lines[1].quantity", Rule: "positive"}, "Số lượng phải lớn hơn 0."},
		{"VietnameseFallsBackToFieldMessage", "vi", "event", mutual.FieldError{Field: "currency", Rule: "currency"}, "Mã tiền tệ không hợp lệ (ISO 4217, ví dụ VND hoặc USD)."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := i18n.ScopedFieldMessage(tt.locale, tt.scope, tt.fe); got != tt.want {
				t.Errorf("ScopedFieldMessage = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSourcingGlossary checks the sourcing words against the glossary.
func TestSourcingGlossary(t *testing.T) {
	for _, tt := range []struct{ key, vi string }{
		{"events.title", "Sự kiện mua sắm"},
		{"event_kind.rfi", "Yêu cầu cung cấp thông tin (RFI)"},
		{"event_kind.rfq", "Yêu cầu báo giá (RFQ)"},
		{"event_kind.rfp", "Yêu cầu đề xuất (RFP)"},
		{"event.bid", "Hồ sơ chào giá"},
		{"event.sealed", "Niêm phong"},
		{"event.unseal", "Mở niêm phong"},
		{"event.criterion", "Tiêu chí"},
		{"event.weight", "Trọng số"},
		{"award.title", "Trao thầu"},
		{"negotiations.title", "Đàm phán"},
		{"negotiation.round", "Vòng"},
		{"agreement.price", "Giá thỏa thuận"},
		{"agreements.title", "Thỏa thuận giá"},
		{"agreement.saving", "Tiết kiệm"},
	} {
		if got := i18n.T("vi", tt.key); got != tt.vi {
			t.Errorf("%s = %q, want %q", tt.key, got, tt.vi)
		}
	}
}
