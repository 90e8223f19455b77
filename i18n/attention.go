package i18n

func init() {
	for k, v := range attentionMessages {
		catalog[k] = v
	}
}

// attentionMessages are the texts of the dashboard (the relationships that
// need attention, the KAM's partners and commitments) and of the KAM loads
// page. Words of the product follow the glossary: attention is "cần quan
// tâm", a key account manager "người phụ trách đối tác".
var attentionMessages = map[string]message{
	"nav.home":   {"Home", "Trang chủ"},
	"nav.owners": {"KAMs", "Người phụ trách"},

	// Dashboard
	"home.title":               {"Home", "Trang chủ"},
	"home.subtitle":            {"What needs your attention today, your partners and your commitments.", "Những việc cần quan tâm hôm nay, các đối tác và cam kết của bạn."},
	"home.attention":           {"Needs attention", "Cần quan tâm"},
	"home.scope":               {"Whose partners", "Đối tác của ai"},
	"home.scope_mine":          {"Mine", "Của tôi"},
	"home.scope_everyone":      {"Everyone", "Tất cả"},
	"home.partner":             {"Partner", "Đối tác"},
	"home.kam":                 {"Key account manager", "Người phụ trách đối tác"},
	"home.reasons":             {"Why", "Lý do"},
	"home.attention_none":      {"Nothing needs attention", "Không có quan hệ nào cần quan tâm"},
	"home.attention_none_hint": {"Touches are on schedule and no commitment is due or missed.", "Các lần liên hệ đều đúng tần suất và không có cam kết nào sắp đến hạn hoặc trễ hạn."},
	"home.my_partners":         {"My partners", "Đối tác của tôi"},
	"home.last_contact":        {"Last contact", "Liên hệ gần nhất"},
	"home.my_partners_none":    {"You are not the key account manager of any partner.", "Bạn chưa là người phụ trách đối tác của đối tác nào."},
	"home.all_my_partners":     {"All my partners", "Tất cả đối tác của tôi"},
	"home.at_a_glance":         {"At a glance", "Tình hình"},
	"home.my_commitments":      {"My commitments due soon", "Cam kết sắp đến hạn của tôi"},
	"home.all_commitments":     {"All my commitments", "Tất cả cam kết của tôi"},

	// Reasons a relationship needs attention
	"attention.overdue_any":       {"No contact for %d days past cadence", "Quá hạn liên hệ %d ngày so với tần suất liên hệ"},
	"attention.overdue_visit":     {"Visit overdue by %d days", "Thăm trực tiếp quá hạn %d ngày"},
	"attention.overdue_executive": {"Executive meeting overdue by %d days", "Họp cấp lãnh đạo quá hạn %d ngày"},
	"attention.missed":            {"%d commitments missed", "%d cam kết trễ hạn"},
	"attention.missed_one":        {"1 commitment missed", "1 cam kết trễ hạn"},
	"attention.due":               {"%d commitments due within 7 days", "%d cam kết đến hạn trong 7 ngày"},
	"attention.due_one":           {"1 commitment due within 7 days", "1 cam kết đến hạn trong 7 ngày"},
	"attention.gifts":             {"%d gifts awaiting approval", "%d quà tặng chờ phê duyệt"},
	"attention.gifts_one":         {"1 gift awaiting approval", "1 quà tặng chờ phê duyệt"},
	"attention.no_kam":            {"No key account manager", "Chưa có người phụ trách đối tác"},

	// KAM loads and bulk reassignment
	"owners.title":            {"Key account managers", "Người phụ trách đối tác"},
	"owners.subtitle":         {"Each KAM's partners by segment and open commitments; move partners in bulk, as when a KAM leaves.", "Số đối tác theo phân khúc và cam kết đang mở của từng người phụ trách; chuyển đối tác hàng loạt, ví dụ khi một người phụ trách nghỉ việc."},
	"owners.loads":            {"Load", "Khối lượng phụ trách"},
	"owners.partners":         {"Partners", "Đối tác"},
	"owners.no_segment":       {"No segment", "Chưa phân khúc"},
	"owners.open_commitments": {"Open commitments", "Cam kết đang mở"},
	"owners.none":             {"No key account manager", "Chưa có người phụ trách đối tác"},
	"owners.empty":            {"No partners yet.", "Chưa có đối tác nào."},
	"owners.reassign":         {"Reassign partners", "Chuyển người phụ trách đối tác"},
	"owners.from":             {"From", "Từ"},
	"owners.to":               {"To", "Sang"},
	"owners.which":            {"Which partners", "Những đối tác nào"},
	"owners.scope_all":        {"All their partners", "Tất cả đối tác của người này"},
	"owners.scope_selected":   {"Only the partners selected below", "Chỉ các đối tác được chọn bên dưới"},
	"owners.show_partners":    {"Show their partners", "Xem đối tác"},
	"owners.partners_of":      {"Partners of %s", "Đối tác do %s phụ trách"},
	"owners.more_partners":    {"Only the first 500 are listed; move all, then reassign the few to keep.", "Chỉ liệt kê 500 đối tác đầu tiên; hãy chuyển tất cả rồi chuyển lại những đối tác cần giữ."},
	"owners.no_partners":      {"This person owns no partners.", "Người này không phụ trách đối tác nào."},
	"owners.move":             {"Move partners…", "Chuyển đối tác…"},
	"owners.confirm_all":      {"Move every partner of %s to %s?", "Chuyển tất cả đối tác của %s sang %s?"},
	"owners.confirm_selected": {"Move the %d selected partners to %s?", "Chuyển %d đối tác đã chọn sang %s?"},
	"owners.confirm":          {"Yes, move them", "Đồng ý chuyển"},
	"owners.back":             {"Back", "Quay lại"},
	"owners.moved":            {"%d partners moved to %s.", "Đã chuyển %d đối tác sang %s."},

	"rule.to_owner_id.assignee":   {"The new key account manager must be an active internal user.", "Người phụ trách đối tác mới phải là người dùng nội bộ đang hoạt động."},
	"rule.to_owner_id.required":   {"Choose who takes the partners over.", "Vui lòng chọn người nhận phụ trách các đối tác."},
	"rule.to_owner_id.same":       {"The partners already belong to this person.", "Các đối tác đã do người này phụ trách."},
	"rule.from_owner_id.required": {"Choose whose partners to move, or which partners.", "Vui lòng chọn người có đối tác cần chuyển, hoặc chọn đối tác."},
	"rule.partner_ids.required":   {"Choose the partners to move.", "Vui lòng chọn các đối tác cần chuyển."},
	"rule.partner_ids.exists":     {"A partner no longer exists.", "Có đối tác không còn tồn tại."},
}
