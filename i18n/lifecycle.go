package i18n

func init() {
	for k, v := range lifecycleMessages {
		catalog[k] = v
	}
}

// lifecycleMessages are the texts of the partner life cycle (prospect,
// onboarding, active, suspended, offboarded) and of the award once made.
// Words of the product follow the glossary.
var lifecycleMessages = map[string]message{
	"lifecycle.title":        {"Life cycle", "Vòng đời đối tác"},
	"lifecycle.current":      {"Status now", "Trạng thái hiện tại"},
	"lifecycle.path":         {"Prospect → onboarding → active ⇄ suspended → offboarded; an offboarded partner returns through onboarding.", "Tiềm năng → đang tiếp nhận → đang hợp tác ⇄ tạm ngừng → đã chấm dứt; đối tác đã chấm dứt muốn quay lại phải qua bước đang tiếp nhận."},
	"lifecycle.change":       {"Change status", "Đổi trạng thái"},
	"lifecycle.move_to":      {"Move to %s", "Chuyển sang %s"},
	"lifecycle.reason":       {"Reason", "Lý do"},
	"lifecycle.reason_hint":  {"Required. It stays in the partner's history and the audit log.", "Bắt buộc. Lý do được lưu trong lịch sử của đối tác và nhật ký kiểm toán."},
	"lifecycle.no_moves":     {"No move is possible from this status.", "Không thể chuyển từ trạng thái này."},
	"lifecycle.history":      {"Moves", "Các lần chuyển trạng thái"},
	"lifecycle.no_history":   {"No move yet.", "Chưa chuyển trạng thái lần nào."},
	"lifecycle.by":           {"by %s", "bởi %s"},
	"lifecycle.by_system":    {"by the system", "bởi hệ thống"},
	"lifecycle.created_as":   {"Created as %s on %s.", "Được tạo với trạng thái %s ngày %s."},
	"lifecycle.edit_hint":    {"The status changes on the partner's page, with a reason.", "Trạng thái được thay đổi trên trang của đối tác, kèm lý do."},
	"lifecycle.refused":      {"A partner that is %s cannot move to %s.", "Đối tác đang ở trạng thái %s không thể chuyển sang %s."},
	"lifecycle.unchanged":    {"The partner is %s already.", "Đối tác đã ở trạng thái %s."},
	"lifecycle.refused_form": {"The status was not changed.", "Trạng thái chưa được thay đổi."},
	"lifecycle.stale":        {"Someone else changed this partner meanwhile, so its status was not changed. Check it as it is now and try again.", "Trong lúc bạn thao tác, người khác đã thay đổi đối tác này nên trạng thái chưa được đổi. Vui lòng xem lại và thử lại."},
	"flash.status_changed":   {"Status changed.", "Đã đổi trạng thái."},

	"rule.lifecycle.reason.required":  {"Say why the partner's status changes.", "Vui lòng nêu lý do đổi trạng thái của đối tác."},
	"rule.lifecycle.reason.too_long":  {"The reason is too long (1,000 characters at most).", "Lý do quá dài (tối đa 1.000 ký tự)."},
	"rule.lifecycle.reason.text":      {"The reason contains characters that cannot be kept.", "Lý do chứa ký tự không hợp lệ."},
	"rule.lifecycle.status.required":  {"Choose the status to move to.", "Vui lòng chọn trạng thái cần chuyển sang."},
	"rule.lifecycle.status.enum":      {"Choose a status from the list.", "Vui lòng chọn trạng thái trong danh sách."},
	"rule.status.use_status_endpoint": {"The status changes on the partner's page, with a reason.", "Trạng thái được thay đổi trên trang của đối tác, kèm lý do."},

	// The award page once the event is awarded.
	"award.result":           {"Award result", "Kết quả trao thầu"},
	"award.awarded_on":       {"Awarded %s", "Trao thầu lúc %s"},
	"award.agreements":       {"Agreements written", "Các thỏa thuận giá đã lập"},
	"award.agreement_status": {"Agreement", "Thỏa thuận giá"},
	"award.none_awarded":     {"No line was awarded.", "Không có dòng nào được trao thầu."},
	"award.all_agreements":   {"All agreements of this event", "Mọi thỏa thuận giá của sự kiện này"},
	"award.already":          {"This event is awarded already: below is the award that was made.", "Sự kiện này đã được trao thầu: kết quả trao thầu ở bên dưới."},
}
