package i18n

func init() {
	for k, v := range labels {
		catalog[k] = v
	}
	for k, v := range rules {
		catalog[k] = v
	}
}

// labels are the names of enumerated values, keyed "kind.value".
var labels = map[string]message{
	"partner_role.supplier":    {"Supplier", "Nhà cung cấp"},
	"partner_role.customer":    {"Customer", "Khách hàng"},
	"partner_role.distributor": {"Distributor", "Nhà phân phối"},

	"segment.strategic":  {"Strategic", "Chiến lược"},
	"segment.leverage":   {"Leverage", "Đòn bẩy"},
	"segment.bottleneck": {"Bottleneck", "Nút thắt"},
	"segment.routine":    {"Routine", "Thông thường"},

	"status.prospect":   {"Prospect", "Tiềm năng"},
	"status.onboarding": {"Onboarding", "Đang tiếp nhận"},
	"status.active":     {"Active", "Đang hợp tác"},
	"status.suspended":  {"Suspended", "Tạm ngừng"},
	"status.offboarded": {"Offboarded", "Đã chấm dứt"},

	"contact_role.account_executive": {"Account executive", "Giám đốc điều hành tài khoản"},
	"contact_role.owner":             {"Owner", "Chủ doanh nghiệp"},
	"contact_role.sales":             {"Sales", "Kinh doanh"},
	"contact_role.technical":         {"Technical", "Kỹ thuật"},
	"contact_role.finance":           {"Finance", "Tài chính"},
	"contact_role.logistics":         {"Logistics", "Hậu cần"},
	"contact_role.other":             {"Other", "Khác"},

	"user_role.admin":    {"Administrator", "Quản trị viên"},
	"user_role.manager":  {"Manager", "Quản lý"},
	"user_role.buyer":    {"Buyer", "Nhân viên mua hàng"},
	"user_role.viewer":   {"Viewer", "Người xem"},
	"user_role.supplier": {"Supplier user", "Người dùng nhà cung cấp"},
}

// rules are the messages of field errors by rule ("rule.required") or by
// field and rule ("rule.roles.required"). English texts are used only when
// an error carries no message of its own.
var rules = map[string]message{
	"rule.invalid":                   {"Not valid.", "Giá trị không hợp lệ."},
	"rule.required":                  {"This field is required.", "Trường này là bắt buộc."},
	"rule.too_long":                  {"Too long.", "Quá dài."},
	"rule.tax_code":                  {"Not a valid Vietnamese tax code: 10 digits with a correct check digit, optionally -NNN for a branch.", "Mã số thuế không hợp lệ: cần 10 chữ số với chữ số kiểm tra đúng, có thể kèm -NNN cho chi nhánh."},
	"rule.country":                   {"Not an ISO 3166 country code (such as VN or US).", "Không phải mã quốc gia ISO 3166 (ví dụ VN hoặc US)."},
	"rule.enum":                      {"Choose one of the listed values.", "Vui lòng chọn một giá trị trong danh sách."},
	"rule.url":                       {"Not a valid web address.", "Địa chỉ trang web không hợp lệ."},
	"rule.email":                     {"Not a valid email address.", "Địa chỉ email không hợp lệ."},
	"rule.currency":                  {"Unknown currency code (ISO 4217, such as VND or USD).", "Mã tiền tệ không hợp lệ (ISO 4217, ví dụ VND hoặc USD)."},
	"rule.negative":                  {"The amount cannot be negative.", "Số tiền không được âm."},
	"rule.money_precision":           {"Too many decimals for this currency.", "Quá nhiều chữ số thập phân so với loại tiền tệ này."},
	"rule.decimal":                   {"Not a number.", "Không phải là số."},
	"rule.id":                        {"Not a valid choice.", "Lựa chọn không hợp lệ."},
	"rule.bool":                      {"Write true or false.", "Vui lòng ghi true hoặc false."},
	"rule.exists":                    {"No such item.", "Mục này không tồn tại."},
	"rule.partner_id.exists":         {"No such partner.", "Không có đối tác này."},
	"rule.interaction_id.exists":     {"No such interaction on this partner.", "Đối tác này không có tương tác này."},
	"rule.partner_tax_code.exists":   {"No partner has this tax code.", "Không có đối tác nào có mã số thuế này."},
	"rule.partner_tax_code.mismatch": {"partner_id and partner_tax_code name different partners; leave one of them empty.", "partner_id và partner_tax_code chỉ tới hai đối tác khác nhau; hãy để trống một trong hai."},
	"rule.assignee":                  {"Must be an active internal user.", "Phải là người dùng nội bộ đang hoạt động."},
	"rule.password_short":            {"Password must be at least 10 characters.", "Mật khẩu phải có ít nhất 10 ký tự."},
	"rule.not_allowed":               {"Not allowed here.", "Không được phép."},
	"rule.duplicate":                 {"This value is already in use.", "Giá trị này đã được sử dụng."},
	"rule.tax_code.duplicate":        {"A partner with this tax code already exists.", "Đã có đối tác với mã số thuế này."},
	"rule.email.duplicate":           {"A user with this email already exists.", "Đã có người dùng với email này."},
	"rule.roles.required":            {"Choose at least one role.", "Vui lòng chọn ít nhất một vai trò."},
	"rule.roles.enum":                {"Roles must be among supplier, customer, distributor.", "Vai trò phải là nhà cung cấp, khách hàng hoặc nhà phân phối."},
	"rule.segment.enum":              {"Choose a segment from the list.", "Vui lòng chọn phân khúc trong danh sách."},
	"rule.status.enum":               {"Choose a status from the list.", "Vui lòng chọn trạng thái trong danh sách."},
	"rule.owner_id.assignee":         {"The key account manager must be an active internal user.", "Người phụ trách đối tác phải là người dùng nội bộ đang hoạt động."},
	"rule.sponsor_id.assignee":       {"The executive sponsor must be an active internal user.", "Lãnh đạo phụ trách phải là người dùng nội bộ đang hoạt động."},
	"rule.name.required":             {"Name is required.", "Vui lòng nhập tên."},
	"rule.country.required":          {"Country is required.", "Vui lòng chọn quốc gia."},

	// Problems of CSV files
	"rule.empty":            {"The file is empty: its first line must name the columns.", "Tệp trống: dòng đầu tiên phải là tên các cột."},
	"rule.csv":              {"This is not valid CSV.", "Dữ liệu không đúng định dạng CSV."},
	"rule.utf8":             {"The file is not UTF-8 text. Save it as “CSV UTF-8”.", "Tệp không phải văn bản UTF-8. Hãy lưu dưới dạng “CSV UTF-8”."},
	"rule.unknown_column":   {"Unknown column.", "Cột không được hỗ trợ."},
	"rule.duplicate_column": {"This column appears twice.", "Cột này xuất hiện hai lần."},
	"rule.required_column":  {"The file needs this column.", "Tệp cần có cột này."},
	"rule.columns":          {"This row does not have as many cells as the header.", "Số ô của dòng này khác với dòng tiêu đề."},
	"rule.unnamed_column":   {"This cell is in a column without a name in the header.", "Ô này nằm trong cột không có tên ở dòng tiêu đề."},
}
