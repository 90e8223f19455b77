package i18n

func init() {
	for k, v := range refusalMessages {
		catalog[k] = v
	}
}

// refusalMessages say why a change of a sourcing event, or of what hangs
// on it, was refused: one message per reason the domain gives
// ("refusal.<reason>"; see mutual.Reason*). Vietnamese pages show them;
// English pages show the domain's own message, which is as precise.
var refusalMessages = map[string]message{
	"refusal.event_draft": {"This event is still a draft: publish it first.",
		"Sự kiện mua sắm này vẫn là bản nháp: hãy công bố trước."},
	"refusal.event_open": {"This event is open: it is published already and takes bids until it closes.",
		"Sự kiện mua sắm này đang mở: đã được công bố và nhận hồ sơ chào giá cho đến khi kết thúc."},
	"refusal.event_closed": {"This event is closed: it takes no more bids, invitations, documents or clarifications, and its closing time no longer moves.",
		"Sự kiện mua sắm này đã kết thúc: không nhận thêm hồ sơ chào giá, lời mời, tài liệu hay nội dung làm rõ, và thời hạn kết thúc không thể thay đổi."},
	"refusal.event_awarded": {"This event is awarded: it is final and can no longer change.",
		"Sự kiện mua sắm này đã trao thầu: kết quả là cuối cùng và không thể thay đổi."},
	"refusal.event_cancelled": {"This event is cancelled: it is final and can no longer change.",
		"Sự kiện mua sắm này đã bị hủy: không thể thay đổi nữa."},
	"refusal.event_published": {"This event is published: suppliers have seen its lines, questions, terms and documents, so they stay. Publish a clarification instead.",
		"Sự kiện mua sắm này đã được công bố: nhà cung cấp đã xem các dòng hàng, câu hỏi, điều khoản và tài liệu nên không thể thay đổi. Hãy đăng nội dung làm rõ."},
	"refusal.event_not_yet_open": {"This event does not take bids yet: wait for its opening time.",
		"Sự kiện mua sắm này chưa nhận hồ sơ chào giá: hãy chờ đến thời điểm mở."},
	"refusal.bids_sealed": {"The bids are sealed: their contents show once the event closes and they are opened.",
		"Hồ sơ chào giá đang được niêm phong: nội dung chỉ hiển thị sau khi sự kiện kết thúc và được mở niêm phong."},
	"refusal.has_bid": {"This supplier has bid, so its invitation stays.",
		"Nhà cung cấp này đã nộp hồ sơ chào giá nên lời mời được giữ nguyên."},
	"refusal.scores_final": {"This event is awarded or cancelled: its scores are final.",
		"Sự kiện mua sắm này đã trao thầu hoặc đã hủy: điểm đánh giá là cuối cùng."},
}
