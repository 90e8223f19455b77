package i18n

func init() {
	for k, v := range publicURLMessages {
		catalog[k] = v
	}
}

// publicURLMessages explain why no link is made for a page opened at
// another address than the public one (--public-url).
var publicURLMessages = map[string]message{
	"calendar.host_mismatch": {"Mutual makes links for %s only, and this page was opened at another address. Open Mutual at %s to make a feed address.",
		"Mutual chỉ tạo liên kết cho địa chỉ %s, nhưng trang này được mở ở một địa chỉ khác. Hãy mở Mutual tại %s để tạo địa chỉ lịch."},
}
