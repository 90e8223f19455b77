package i18n

func init() {
	for k, v := range negotiationReasonMessages {
		catalog[k] = v
	}
}

// negotiationReasonMessages say why a negotiation refused an offer, an
// agreement or its end: one message per mutual.NegotiationReasons
// ("negotiation.reason.<reason>"), on the buying side's page and the
// portal alike. negotiation_closed takes the status as shown.
var negotiationReasonMessages = map[string]message{
	"negotiation.reason.negotiation_closed": {"This negotiation has ended: %s. Offers and agreement are no longer possible.",
		"Cuộc đàm phán đã kết thúc: %s. Không thể gửi đề nghị hay thỏa thuận nữa."},
	"negotiation.reason.not_your_turn": {"The last offer is already yours; wait for the other side's answer before making another.",
		"Đề nghị gần nhất đã là của bạn; hãy chờ bên kia trả lời trước khi đưa ra đề nghị mới."},
	"negotiation.reason.no_offer": {"There is no offer yet: prices are agreed on an offer, so make or record one first.",
		"Chưa có đề nghị nào: giá được thỏa thuận dựa trên một đề nghị, vì vậy hãy đưa ra hoặc ghi nhận một đề nghị trước."},
	"negotiation.reason.no_offer_to_accept": {"The last offer is not the buyer's, so there is nothing to accept; wait for the buyer's answer.",
		"Đề nghị gần nhất không phải của bên mua nên không có gì để chấp nhận; hãy chờ bên mua trả lời."},
	"negotiation.reason.accept_or_counter": {"A supplier does not end a negotiation: answer with a counter-offer, or accept the buyer's offer.",
		"Nhà cung cấp không kết thúc cuộc đàm phán: hãy gửi đề nghị đối ứng hoặc chấp nhận đề nghị của bên mua."},
}
