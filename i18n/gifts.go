package i18n

func init() {
	for k, v := range giftMessages {
		catalog[k] = v
	}
}

// giftMessages are the texts of the gifts and hospitality register and its
// policy. Words of the product follow the glossary.
var giftMessages = map[string]message{
	"nav.gifts": {"Gifts", "Quà tặng"},

	"gift.title":        {"Gifts and hospitality", "Quà tặng và tiếp khách"},
	"gift.declare":      {"Declare", "Khai báo"},
	"gift.new_title":    {"Declare a gift or hospitality", "Khai báo quà tặng hoặc tiếp khách"},
	"gift.policy_hint":  {"Entries above %s, or above %s a year with this partner in one direction, wait for a manager's approval.", "Khoản trên %s, hoặc vượt %s mỗi năm với đối tác này theo một chiều, sẽ chờ quản lý phê duyệt."},
	"gift.direction":    {"Given or received", "Tặng hay nhận"},
	"gift.kind":         {"Kind", "Loại"},
	"gift.description":  {"Description", "Mô tả"},
	"gift.value":        {"Value", "Giá trị"},
	"gift.currency":     {"Currency", "Loại tiền"},
	"gift.occurred_on":  {"Date", "Ngày"},
	"gift.people":       {"People involved", "Người liên quan"},
	"gift.our_people":   {"Our people", "Người phía chúng ta"},
	"gift.their_people": {"Their people", "Người phía đối tác"},
	"gift.status":       {"Status", "Trạng thái"},
	"gift.year":         {"Year", "Năm"},
	"gift.none":         {"Nothing declared.", "Chưa có khai báo nào."},
	"gift.all_entries":  {"All entries of this partner", "Mọi khai báo của đối tác này"},
	"gift.declared_by":  {"declared by %s", "do %s khai báo"},
	"gift.note":         {"Note (required to reject)", "Ghi chú (bắt buộc khi từ chối)"},
	"gift.approve":      {"Approve", "Phê duyệt"},
	"gift.reject":       {"Reject", "Từ chối"},

	"gifts.title":    {"Gifts and hospitality register", "Sổ đăng ký quà tặng và tiếp khách"},
	"gifts.subtitle": {"Gifts, meals, events, travel and special discounts given to or received from partners.", "Quà tặng, bữa ăn, sự kiện, chuyến đi và chiết khấu đặc biệt đã tặng hoặc nhận từ đối tác."},
	"gifts.all":      {"All", "Tất cả"},
	"gifts.queue":    {"Awaiting approval", "Chờ phê duyệt"},

	"gift_policy.title":            {"Gift policy", "Chính sách quà tặng"},
	"gift_policy.subtitle":         {"Values at or below the thresholds, in the base currency, are approved on declaration; above either, a manager approves or rejects.", "Giá trị không vượt ngưỡng, tính theo tiền tệ cơ sở, được phê duyệt ngay khi khai báo; vượt một trong hai ngưỡng thì quản lý phê duyệt hoặc từ chối."},
	"gift_policy.base_currency":    {"Base currency", "Tiền tệ cơ sở"},
	"gift_policy.item_threshold":   {"Threshold per entry", "Ngưỡng mỗi khoản"},
	"gift_policy.yearly_threshold": {"Threshold per partner per year, each direction", "Ngưỡng mỗi đối tác mỗi năm, theo từng chiều"},
	"gift_policy.rates":            {"Exchange rates", "Tỷ giá quy đổi"},
	"gift_policy.rates_hint":       {"One a line: units of the base currency per unit, such as USD = 25400. A currency without a rate always needs approval.", "Mỗi dòng một tỷ giá: số đơn vị tiền tệ cơ sở cho một đơn vị, ví dụ USD = 25400. Tiền tệ chưa có tỷ giá luôn cần phê duyệt."},

	"gift_direction.given":    {"Given", "Đã tặng"},
	"gift_direction.received": {"Received", "Đã nhận"},
	"gift_kind.gift":          {"Gift", "Quà tặng"},
	"gift_kind.meal":          {"Meal", "Bữa ăn"},
	"gift_kind.event":         {"Event", "Sự kiện"},
	"gift_kind.travel":        {"Travel", "Chuyến đi"},
	"gift_kind.discount":      {"Special discount", "Chiết khấu đặc biệt"},
	"gift_kind.other":         {"Other", "Khác"},
	"gift_status.declared":    {"Awaiting approval", "Chờ phê duyệt"},
	"gift_status.approved":    {"Approved", "Đã phê duyệt"},
	"gift_status.rejected":    {"Rejected", "Bị từ chối"},

	"flash.gift_approved":          {"Declared and approved: it is within the policy.", "Đã khai báo và được phê duyệt: nằm trong chính sách."},
	"flash.gift_declared":          {"Declared. It is above the policy and waits for a manager's approval.", "Đã khai báo. Khoản này vượt chính sách và đang chờ quản lý phê duyệt."},
	"flash.gift_decided_approved":  {"Gift approved.", "Đã phê duyệt."},
	"flash.gift_decided_rejected":  {"Gift rejected.", "Đã từ chối."},
	"flash.gift_note_required":     {"Write a note to say why the gift is rejected.", "Vui lòng ghi chú lý do từ chối."},
	"flash.gift_stale":             {"Someone else decided on this gift meanwhile. Here it is as it stands now.", "Trong lúc bạn thao tác, người khác đã quyết định khoản này. Dưới đây là trạng thái hiện tại."},
	"flash.gift_policy_saved":      {"Gift policy saved.", "Đã lưu chính sách quà tặng."},
	"rule.value.amount.decimal":    {"Not a number.", "Không phải là số."},
	"rule.value.amount.positive":   {"The value must be more than zero.", "Giá trị phải lớn hơn 0."},
	"rule.value.currency.required": {"Value is required, with its currency.", "Vui lòng nhập giá trị kèm loại tiền."},
	"rule.our_people.attendee":     {"Our people must be active internal users.", "Người phía chúng ta phải là người dùng nội bộ đang hoạt động."},
	"rule.their_people.attendee":   {"Their people must be contacts of this partner.", "Người phía đối tác phải là người liên hệ của đối tác này."},
	"rule.rates.rate_line":         {"Write one rate a line, such as USD = 25400.", "Mỗi dòng ghi một tỷ giá, ví dụ USD = 25400."},
	"rule.description.required":    {"Describe what was given or received.", "Vui lòng mô tả những gì đã tặng hoặc nhận."},
}
