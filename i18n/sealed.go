package i18n

func init() {
	for k, v := range sealedMessages {
		catalog[k] = v
	}
}

// sealedMessages are the texts of a bid revision's seal: the digest the
// audit log kept of it, shown with its salt once the bids are open, so
// that anyone can recompute it.
var sealedMessages = map[string]message{
	"bid.seal_keyed":  {"Digest in the audit log (HMAC-SHA256 of the revision, keyed with its salt)", "Mã băm trong nhật ký kiểm toán (HMAC-SHA256 của lần nộp, khóa là chuỗi muối của nó)"},
	"bid.seal_plain":  {"Digest in the audit log (plain SHA-256: submitted before bids were salted)", "Mã băm trong nhật ký kiểm toán (SHA-256 không có muối: nộp trước khi hồ sơ được thêm muối)"},
	"bid.seal_salt":   {"Salt", "Chuỗi muối"},
	"bid.seal_verify": {"Recompute the digest from the revision's document (GET /api/v1/events/%s/bids/revisions) and its salt: it must be the one the audit log kept when the bid was submitted.", "Tính lại mã băm từ tài liệu của lần nộp (GET /api/v1/events/%s/bids/revisions) và chuỗi muối của nó: kết quả phải trùng với mã băm nhật ký kiểm toán đã ghi khi hồ sơ được nộp."},
}
