package i18n

func init() {
	for k, v := range openingMessages {
		catalog[k] = v
	}
}

// openingMessages are the texts of opening sealed bids: the opening
// committee, the password confirmation and why an opening is refused (one
// message per reason, "opening.reason.<reason>").
var openingMessages = map[string]message{
	"event.committee":        {"Opening committee", "Hội đồng mở thầu"},
	"event.committee_hint":   {"For two-person opening: at least two managers or administrators, not the event's buyer (its creator). Two different members open the bids. Fixed when the event is published.", "Dành cho mở thầu hai người: ít nhất hai quản lý hoặc quản trị viên, không gồm người tạo sự kiện. Hai thành viên khác nhau mở niêm phong. Cố định khi công bố sự kiện."},
	"event.committee_none":   {"Not named yet: name at least two before publishing.", "Chưa chỉ định: cần chỉ định ít nhất hai người trước khi công bố."},
	"event.committee_legacy": {"None (published before opening committees): any two different managers or administrators.", "Không có (công bố trước khi có hội đồng mở thầu): hai quản lý hoặc quản trị viên khác nhau bất kỳ."},
	"event.committee_is":     {"Opening committee: %s.", "Hội đồng mở thầu: %s."},
	"event.sealed_until_committee": {"Bid contents are sealed until %s and two members of the opening committee open them: you see which suppliers have submitted, not what.",
		"Nội dung hồ sơ chào giá được niêm phong đến %s và cho đến khi hai thành viên hội đồng mở thầu mở niêm phong: bạn chỉ thấy nhà cung cấp nào đã nộp, không thấy nội dung."},
	"event.sealed_closed_committee": {"The event is closed; the bids stay sealed until two members of the opening committee open them.",
		"Sự kiện đã kết thúc; hồ sơ chào giá vẫn niêm phong cho đến khi hai thành viên hội đồng mở thầu mở niêm phong."},

	"opening.password":          {"Your password", "Mật khẩu của bạn"},
	"opening.password_hint":     {"Confirm the opening with your own password; it is recorded under your name.", "Xác nhận việc mở niêm phong bằng mật khẩu của chính bạn; việc mở niêm phong được ghi nhận dưới tên bạn."},
	"opening.password_required": {"Type your password to open the bids.", "Nhập mật khẩu của bạn để mở niêm phong."},
	"opening.refused":           {"The bids were not opened.", "Chưa mở niêm phong hồ sơ chào giá."},
	"opening.someone_else":      {"someone else", "người khác"},

	"opening.reason.not_opener":     {"Only managers and administrators open sealed bids.", "Chỉ quản lý và quản trị viên được mở niêm phong hồ sơ chào giá."},
	"opening.reason.not_sealed":     {"This event is not sealed: its bids are visible as they arrive.", "Sự kiện này không niêm phong: hồ sơ chào giá hiển thị ngay khi được nộp."},
	"opening.reason.not_closed":     {"Bids are opened only after the event closes.", "Chỉ được mở niêm phong sau khi sự kiện kết thúc."},
	"opening.reason.bids_open":      {"The bids are open already.", "Hồ sơ chào giá đã được mở niêm phong."},
	"opening.reason.not_committee":  {"Only the members of this event's opening committee open its bids; you are not one of them.", "Chỉ thành viên hội đồng mở thầu của sự kiện này được mở niêm phong hồ sơ chào giá; bạn không thuộc hội đồng này."},
	"opening.reason.opened_already": {"You have opened these bids already; a second, different person must open them too.", "Bạn đã mở niêm phong rồi; cần thêm một người khác mở niêm phong."},
	"opening.reason.password_recently_reset": {"Your password was set by %s on %s. Whoever sets a password knows it, so you may open sealed bids again from %s. If you did not ask for it, tell another administrator.",
		"Mật khẩu của bạn đã được %s đặt lại lúc %s. Người đặt lại mật khẩu biết mật khẩu đó, vì vậy bạn chỉ được mở niêm phong hồ sơ chào giá lại từ %s. Nếu bạn không yêu cầu việc này, hãy báo cho một quản trị viên khác."},
	"opening.reason.wrong_password":  {"The password is wrong. Wrong passwords count as failed sign-ins.", "Mật khẩu không đúng. Mỗi lần nhập sai được tính như một lần đăng nhập thất bại."},
	"opening.reason.committee_fixed": {"The opening committee was fixed when the event was published; it cannot change.", "Hội đồng mở thầu đã được cố định khi công bố sự kiện; không thể thay đổi."},

	"rule.event.committee.too_few":         {"Name at least two managers or administrators, other than the event's buyer, to open the bids together.", "Cần chỉ định ít nhất hai quản lý hoặc quản trị viên, không gồm người tạo sự kiện, để cùng mở niêm phong."},
	"rule.event.committee.buyer":           {"The event's buyer may not sit on its opening committee.", "Người tạo sự kiện không được là thành viên hội đồng mở thầu."},
	"rule.event.committee.member":          {"Members of the opening committee must be active managers or administrators.", "Thành viên hội đồng mở thầu phải là quản lý hoặc quản trị viên đang hoạt động."},
	"rule.event.committee.two_person_only": {"Only a sealed event with two-person opening has an opening committee.", "Chỉ sự kiện niêm phong có mở thầu hai người mới có hội đồng mở thầu."},
	"rule.event.committee.too_many":        {"An opening committee has at most 20 members.", "Hội đồng mở thầu có tối đa 20 thành viên."},
	"rule.event.committee.id":              {"Choose the committee from the list.", "Hãy chọn thành viên hội đồng từ danh sách."},
}
