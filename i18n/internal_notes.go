package i18n

func init() {
	for k, v := range internalNoteMessages {
		catalog[k] = v
	}
}

// internalNoteMessages explain to a supplier user why it may not write what
// the buying side keeps for itself.
var internalNoteMessages = map[string]message{
	"rule.notes.internal":   {"Notes are kept by the buying side; leave them out.", "Ghi chú do bên mua lưu giữ; vui lòng để trống."},
	"rule.segment.internal": {"The segment is the buying side's own; you cannot filter by it.", "Phân khúc là thông tin riêng của bên mua; bạn không thể lọc theo phân khúc."},
}
