package i18n

func init() {
	for k, v := range formMessages {
		catalog[k] = v
	}
}

// formMessages are the texts of the form pipeline: values that do not
// read, and a form too large to read.
var formMessages = map[string]message{
	"form.number_format":       {"Not a number. %s is written like %s or %s.", "Không phải là số. %s được viết như %s hoặc %s."},
	"form.whole_number_format": {"Not a whole number. %s is written like %s.", "Không phải số nguyên. %s được viết như %s."},
	"form.date_format":         {"Not a date. %s is written as %s.", "Không phải ngày hợp lệ. %s được viết theo dạng %s."},
	"form.too_large":           {"The form is too large (at most %s), so nothing was saved. Shorten the longest texts and send it again.", "Biểu mẫu quá lớn (tối đa %s) nên chưa có gì được lưu. Hãy rút ngắn các đoạn văn bản dài nhất rồi gửi lại."},
	"form.files_too_large":     {"The form is too large (at most %s a file), so nothing was saved. Choose a smaller file and send it again.", "Biểu mẫu quá lớn (tối đa %s mỗi tệp) nên chưa có gì được lưu. Hãy chọn tệp nhỏ hơn rồi gửi lại."},
	"form.date_placeholder":    {"yyyy-mm-dd", "dd/mm/yyyy"},
}
