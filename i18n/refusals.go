package i18n

func init() {
	for k, v := range refusalMessages {
		catalog[k] = v
	}
}

// refusalMessages say why a change was refused, for the reasons the
// domain gives (mutual.Reason*) that have no message of their area
// (opening.reason.*, negotiation.reason.*) or whose area's message needs
// what only its page knows: "refusal.<reason>". The pages show them in
// either language (web/refusal.go says which message each reason has).
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

	"refusal.negotiation_closed": {"This negotiation has ended: offers and agreement are no longer possible.",
		"Cuộc đàm phán đã kết thúc: không thể gửi đề nghị hay thỏa thuận nữa."},
	"refusal.password_recently_reset": {"Your password was set by someone else lately. Whoever sets a password knows it, so you may open sealed bids again only after a while. If you did not ask for it, tell another administrator.",
		"Mật khẩu của bạn vừa được người khác đặt lại. Người đặt lại mật khẩu biết mật khẩu đó, vì vậy bạn chỉ được mở niêm phong hồ sơ chào giá lại sau một thời gian. Nếu bạn không yêu cầu việc này, hãy báo cho một quản trị viên khác."},
	"refusal.status_move_not_allowed": {"The partner cannot move to this status from the one it has now. Prospect → onboarding → active ⇄ suspended → offboarded; an offboarded partner returns through onboarding.",
		"Đối tác không thể chuyển sang trạng thái này từ trạng thái hiện tại. Tiềm năng → đang tiếp nhận → đang hợp tác ⇄ tạm ngừng → đã chấm dứt; đối tác đã chấm dứt muốn quay lại phải qua bước đang tiếp nhận."},
	"refusal.status_unchanged": {"The partner has this status already.",
		"Đối tác đã ở trạng thái này."},
	"refusal.partner_not_supplier": {"This partner is not a supplier: give it the supplier role before inviting it to events or negotiating with it.",
		"Đối tác này không phải là nhà cung cấp: hãy thêm vai trò nhà cung cấp trước khi mời tham gia sự kiện mua sắm hoặc đàm phán."},
	"refusal.partner_suspended": {"This partner is suspended: no new events or negotiations with it until it is active again.",
		"Đối tác này đang tạm ngừng: không thể mời tham gia sự kiện mua sắm hay đàm phán mới cho đến khi đối tác hợp tác trở lại."},
	"refusal.partner_offboarded": {"This partner is offboarded: the relationship has ended, so no new events or negotiations with it.",
		"Đối tác này đã chấm dứt: mối quan hệ đã kết thúc nên không thể mời tham gia sự kiện mua sắm hay đàm phán mới."},
	"refusal.host_mismatch": {"Mutual makes links for its public address only, and this page was opened at another address. Open Mutual at its public address.",
		"Mutual chỉ tạo liên kết cho địa chỉ công khai của mình, nhưng trang này được mở ở một địa chỉ khác. Hãy mở Mutual tại địa chỉ công khai."},
}
