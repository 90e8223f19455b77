package i18n

func init() {
	for k, v := range calendarMessages {
		catalog[k] = v
	}
}

// calendarMessages are the texts of the calendar feed page.
var calendarMessages = map[string]message{
	"nav.calendar":           {"Calendar", "Lịch"},
	"calendar.title":         {"Calendar feed", "Đồng bộ lịch"},
	"calendar.subtitle":      {"Your planned meetings and visits, commitments due and touches due, in your calendar app.", "Các cuộc họp, chuyến thăm đã lên kế hoạch, cam kết đến hạn và các lần liên hệ cần thực hiện, hiện trong ứng dụng lịch của bạn."},
	"calendar.feed":          {"Private feed address", "Địa chỉ lịch riêng"},
	"calendar.copy_now":      {"Copy this address into your calendar app now: it is shown only once.", "Hãy sao chép địa chỉ này vào ứng dụng lịch ngay: địa chỉ chỉ hiện một lần."},
	"calendar.secret_hint":   {"Anyone with the address can read the feed. If it leaks, make a new one or revoke it.", "Ai có địa chỉ này đều xem được lịch. Nếu bị lộ, hãy tạo địa chỉ mới hoặc thu hồi."},
	"calendar.active":        {"Your feed is on. To see its address again, make a new one: the old one stops working.", "Lịch của bạn đang bật. Muốn xem lại địa chỉ, hãy tạo địa chỉ mới: địa chỉ cũ sẽ ngừng hoạt động."},
	"calendar.none":          {"You have no calendar feed.", "Bạn chưa có lịch đồng bộ."},
	"calendar.create":        {"Create feed address", "Tạo địa chỉ lịch"},
	"calendar.new_link":      {"Make a new address", "Tạo địa chỉ mới"},
	"calendar.revoke":        {"Revoke", "Thu hồi"},
	"calendar.ics":           {"Add to calendar", "Thêm vào lịch"},
	"flash.calendar_revoked": {"Your calendar feed was revoked.", "Đã thu hồi lịch đồng bộ của bạn."},
}
