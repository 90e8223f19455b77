package i18n

func init() {
	for k, v := range importMessages {
		catalog[k] = v
	}
}

// importMessages are the texts of CSV imports that are bounded: a header or
// a row too long, too many columns or rows, and the problems listed of a
// file that has more than a page of them.
var importMessages = map[string]message{
	"import.more": {"%s of %s problems shown.", "Đang hiển thị %s trên tổng số %s lỗi."},

	"rule.header_too_long":  {"The first line is too long to be a header.", "Dòng đầu tiên quá dài, không thể là dòng tiêu đề."},
	"rule.too_many_columns": {"The header has too many columns (at most 200).", "Dòng tiêu đề có quá nhiều cột (tối đa 200)."},
	"rule.unknown_columns":  {"More unknown columns.", "Còn các cột khác không được hỗ trợ."},
	"rule.row_too_long":     {"This row is too long (at most 256 KB); the file was read no further.", "Dòng này quá dài (tối đa 256 KB); phần còn lại của tệp không được đọc."},
	"rule.too_many_rows":    {"The file has too many rows (at most 500,000); import it in parts.", "Tệp có quá nhiều dòng (tối đa 500.000); hãy chia nhỏ tệp để nhập."},
}
