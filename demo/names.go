package demo

// Word lists for the demo data. Partner names are built from them so that a
// search for a common word ("nguyen", "thep", "logistics") finds many
// partners and a rare combination finds few. Everything here is fictional;
// domains end in .example, which is reserved for examples.

// weighted is a word with a relative weight.
type weighted struct {
	word   string
	weight int
}

// Vietnamese family names with roughly their share of the population.
var familyNames = []weighted{
	{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9}, {"Phạm", 7}, {"Hoàng", 5}, {"Huỳnh", 4},
	{"Phan", 4}, {"Vũ", 4}, {"Võ", 3}, {"Đặng", 2}, {"Bùi", 2}, {"Đỗ", 2}, {"Hồ", 2},
	{"Ngô", 2}, {"Dương", 1}, {"Lý", 1}, {"Đinh", 1}, {"Trương", 1}, {"Lương", 1}, {"Mai", 1},
}

var (
	maleMiddle   = []string{"Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Hoàng", "Gia"}
	femaleMiddle = []string{"Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Mai", "Kim", "Phương", "Bích"}
	maleGiven    = []string{"Minh", "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Quân", "Sơn", "Thắng",
		"Hiếu", "Phong", "Khoa", "Bảo", "Trung", "Cường", "Đạt", "Vinh", "Tài", "Lộc", "Hưng", "Toàn"}
	femaleGiven = []string{"Lan", "Hương", "Hà", "Trang", "Phương", "Linh", "Thảo", "Yến", "Nga", "Mai",
		"Huyền", "Hạnh", "Ngân", "Vy", "Thủy", "Hằng", "Dung", "Oanh", "Chi", "Nhung", "Quyên", "Tâm"}
)

// brandGiven are the given names that, after a family name, make a brand: "Nguyễn Đức".
var brandGiven = []string{"Đức", "Minh", "Anh", "Phát", "Thành", "Khang", "Tín", "Quốc", "Gia", "Hoàng"}

// Company name parts: brands are given names, pairs of auspicious words or
// family-and-given names ("Nguyễn Đức").
var brandWords = []string{
	"Hòa Phát", "Việt Tiến", "Minh Long", "Thành Công", "An Phát", "Phú Thái", "Đại Dương", "Sao Mai",
	"Hưng Thịnh", "Tân Tiến", "Trường Thịnh", "Phương Nam", "Đông Á", "Hoàng Gia", "Bình Minh", "Kim Long",
	"Toàn Cầu", "Thiên Long", "Vĩnh Phát", "Hải Âu", "Nam Việt", "Bắc Sơn", "Tiến Phát", "Quang Minh",
	"Thịnh Vượng", "Phúc Lộc", "Hồng Hà", "Sông Đà", "Trường Sơn", "Cửu Long", "Ánh Dương", "Đất Việt",
	"Lạc Hồng", "Hoa Sen", "Kim Cương", "Rạng Đông", "Tín Nghĩa", "Song Hành", "Thái Bình", "Hợp Nhất",
}

// industry is a line of business in Vietnamese and English.
type industry struct {
	vi, en string
	weight int
}

var industries = []industry{
	{"Thiết bị", "Equipment", 8}, {"Thép", "Steel", 5}, {"Nhựa", "Plastics", 5}, {"Bao bì", "Packaging", 6},
	{"Điện tử", "Electronics", 5}, {"Cơ khí", "Engineering", 6}, {"Dệt may", "Textile", 4}, {"Thực phẩm", "Food", 5},
	{"Hóa chất", "Chemicals", 4}, {"Dược phẩm", "Pharmaceuticals", 2}, {"Vật liệu Xây dựng", "Building Materials", 4},
	{"Logistics", "Logistics", 6}, {"Vận tải", "Transport", 4}, {"Linh kiện", "Components", 5}, {"Phần mềm", "Software", 2},
	{"Giấy", "Paper", 2}, {"Gỗ", "Wood", 2}, {"Điện lạnh", "Refrigeration", 2}, {"In ấn", "Printing", 2},
	{"Thương mại", "Trading", 8}, {"Dịch vụ Kỹ thuật", "Technical Services", 3}, {"Công nghệ", "Technology", 4},
	{"Năng lượng", "Energy", 2}, {"Môi trường", "Environment", 1}, {"Nông sản", "Agricultural Products", 2},
	{"Cao su", "Rubber", 2}, {"Sơn", "Paint", 2}, {"Văn phòng phẩm", "Office Supplies", 2}, {"Điện", "Electrical", 3},
}

// companyForm is a Vietnamese legal form and its English name.
type companyForm struct {
	vi, en string
	weight int
}

var companyForms = []companyForm{
	{"Công ty TNHH", "Company Limited", 55}, {"Công ty Cổ phần", "Joint Stock Company", 30},
	{"Công ty TNHH MTV", "One Member Company Limited", 10}, {"Doanh nghiệp tư nhân", "Private Enterprise", 5},
}

// city is a Vietnamese province or city with what addresses and codes need.
type city struct {
	name     string
	taxCode  string // the province prefix of tax codes
	phone    string // area code
	weight   int
	places   []string // districts
	streets  []string
	industry []string // industrial parks, addressed by lot
}

var cities = []city{
	{"Hà Nội", "01", "24", 28, []string{"Hoàn Kiếm", "Ba Đình", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Long Biên", "Thanh Xuân"},
		[]string{"Lý Thường Kiệt", "Trần Hưng Đạo", "Xuân Thủy", "Láng Hạ", "Nguyễn Chí Thanh", "Phạm Hùng", "Kim Mã"}, []string{"KCN Thăng Long", "KCN Quang Minh"}},
	{"TP. Hồ Chí Minh", "03", "28", 32, []string{"Quận 1", "Quận 3", "Quận 7", "Bình Thạnh", "Tân Bình", "Thủ Đức", "Gò Vấp"},
		[]string{"Lê Lợi", "Nguyễn Huệ", "Điện Biên Phủ", "Nguyễn Văn Linh", "Cộng Hòa", "Võ Văn Ngân", "Nguyễn Thị Minh Khai"}, []string{"KCX Tân Thuận", "KCN Tân Bình"}},
	{"Đà Nẵng", "04", "236", 7, []string{"Hải Châu", "Thanh Khê", "Sơn Trà", "Liên Chiểu"},
		[]string{"Bạch Đằng", "Nguyễn Văn Linh", "Điện Biên Phủ", "Tôn Đức Thắng"}, []string{"KCN Hòa Khánh"}},
	{"Hải Phòng", "02", "225", 7, []string{"Hồng Bàng", "Lê Chân", "Ngô Quyền", "Hải An"},
		[]string{"Lạch Tray", "Điện Biên Phủ", "Lê Hồng Phong", "Trần Phú"}, []string{"KCN Đình Vũ", "KCN VSIP Hải Phòng"}},
	{"Bình Dương", "37", "274", 9, []string{"Thủ Dầu Một", "Dĩ An", "Thuận An", "Bến Cát"},
		[]string{"Đại lộ Bình Dương", "Nguyễn Văn Tiết", "Yersin"}, []string{"KCN VSIP I", "KCN Mỹ Phước", "KCN Sóng Thần"}},
	{"Đồng Nai", "36", "251", 5, []string{"Biên Hòa", "Nhơn Trạch", "Long Thành"},
		[]string{"Phạm Văn Thuận", "Đồng Khởi"}, []string{"KCN Amata", "KCN Biên Hòa II"}},
	{"Bắc Ninh", "23", "222", 4, []string{"TP. Bắc Ninh", "Từ Sơn", "Yên Phong"},
		[]string{"Lý Thái Tổ", "Nguyễn Gia Thiều"}, []string{"KCN Yên Phong", "KCN Quế Võ"}},
	{"Cần Thơ", "18", "292", 3, []string{"Ninh Kiều", "Bình Thủy", "Cái Răng"},
		[]string{"Hòa Bình", "Trần Hưng Đạo", "30 Tháng 4"}, []string{"KCN Trà Nóc"}},
	{"Long An", "11", "272", 2, []string{"Tân An", "Đức Hòa", "Bến Lức"}, []string{"Hùng Vương"}, []string{"KCN Tân Đức"}},
	{"Quảng Ninh", "57", "203", 2, []string{"Hạ Long", "Cẩm Phả", "Móng Cái"}, []string{"Trần Hưng Đạo", "Hạ Long"}, []string{"KCN Cái Lân"}},
	{"Khánh Hòa", "42", "258", 1, []string{"Nha Trang", "Cam Ranh"}, []string{"Trần Phú", "Lê Thánh Tôn"}, []string{"KCN Suối Dầu"}},
}

// Job titles of contacts at Vietnamese partners, with the contact role.
var viTitles = []struct{ title, role string }{
	{"Giám đốc kinh doanh", "account_executive"}, {"Chuyên viên kinh doanh", "sales"}, {"Trưởng phòng kinh doanh", "account_executive"},
	{"Giám đốc", "owner"}, {"Tổng Giám đốc", "owner"}, {"Phó Giám đốc", "owner"}, {"Kế toán trưởng", "finance"},
	{"Trưởng phòng kỹ thuật", "technical"}, {"Kỹ sư ứng dụng", "technical"}, {"Trưởng phòng xuất nhập khẩu", "logistics"},
	{"Điều phối giao nhận", "logistics"}, {"Trợ lý Giám đốc", "other"}, {"Chăm sóc khách hàng", "sales"},
}

// foreignCountry holds name parts for the partners of one country.
type foreignCountry struct {
	code, currency string
	weight         int
	prefixes       []string // first words of company names
	suffixes       []string // legal forms
	places         []string // addresses after the street line
	phone          string   // a format of two numbers, under 1,000 and under 10,000
	first, last    []string // contact names: first given, then family
	familyFirst    bool     // names are written family name first
	industryNames  []string // used instead of the English industry words, when set
}

var foreignCountries = []foreignCountry{
	{"JP", "JPY", 30, []string{"Nippon", "Tokyo", "Osaka", "Yamato", "Sakura", "Fuji", "Kansai", "Chubu", "Hokuriku", "Tohoku"},
		[]string{"Co., Ltd.", "Corporation", "K.K."}, []string{"Minato-ku, Tokyo 105-0011", "Chuo-ku, Osaka 541-0041", "Naka-ku, Nagoya 460-0008", "Kohoku-ku, Yokohama 222-0033"},
		"+81 3 5%03d %04d", []string{"Hiroshi", "Yuki", "Kenji", "Akiko", "Takeshi", "Naoko", "Daisuke", "Emi"},
		[]string{"Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi"}, true, nil},
	{"KR", "USD", 20, []string{"Hanil", "Daesung", "Samhwa", "Hankook", "Dongyang", "Seorim", "Busan", "Gyeonggi"},
		[]string{"Co., Ltd.", "Corporation"}, []string{"Gangnam-gu, Seoul 06164", "Haeundae-gu, Busan 48058", "Yeongtong-gu, Suwon 16677"},
		"+82 2 3%03d %04d", []string{"Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Dong-hyun", "Soo-jin"},
		[]string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang"}, true, nil},
	{"DE", "EUR", 15, []string{"Müller", "Schneider", "Becker", "Rhein", "Bayern", "Hansa", "Nord", "Schwarzwald"},
		[]string{"GmbH", "AG", "GmbH & Co. KG"}, []string{"80331 München", "70173 Stuttgart", "20095 Hamburg", "40213 Düsseldorf"},
		"+49 89 3%03d %04d", []string{"Jonas", "Anna", "Lukas", "Julia", "Stefan", "Katrin"},
		[]string{"Weber", "Fischer", "Wagner", "Hoffmann", "Schäfer", "Koch"}, false,
		[]string{"Antriebstechnik", "Maschinenbau", "Verpackung", "Elektronik", "Logistik", "Chemie", "Präzisionsteile"}},
	{"US", "USD", 12, []string{"Pacific", "Atlas", "Summit", "Liberty", "Great Lakes", "Keystone", "Redwood", "Lone Star"},
		[]string{"Inc.", "LLC", "Corp."}, []string{"San Jose, CA 95113", "Houston, TX 77002", "Chicago, IL 60601", "Seattle, WA 98101"},
		"+1 408 %03d %04d", []string{"Michael", "Jennifer", "David", "Sarah", "Robert", "Emily"},
		[]string{"Johnson", "Miller", "Davis", "Garcia", "Wilson", "Anderson"}, false, nil},
	{"SG", "USD", 10, []string{"Lion City", "Straits", "Marina", "Orchard", "Jurong", "Keppel Bay"},
		[]string{"Pte. Ltd."}, []string{"Singapore 018989", "Singapore 609602", "Singapore 238859"},
		"+65 6%03d %04d", []string{"Wei Ming", "Hui Ling", "Rajesh", "Siti", "Jun Jie", "Mei Ling"},
		[]string{"Tan", "Lim", "Lee", "Ng", "Wong", "Kumar"}, false, nil},
	{"CN", "USD", 8, []string{"Shenzhen Huaxin", "Guangzhou Xinda", "Suzhou Tianhe", "Dongguan Jiali", "Xiamen Hongyu", "Ningbo Jinhai"},
		[]string{"Co., Ltd."}, []string{"Nanshan District, Shenzhen", "Tianhe District, Guangzhou", "Suzhou Industrial Park, Jiangsu"},
		"+86 755 2%03d %04d", []string{"Wei", "Fang", "Lei", "Jing", "Tao", "Yan"},
		[]string{"Wang", "Li", "Zhang", "Liu", "Chen", "Zhou"}, true, nil},
	{"TH", "USD", 5, []string{"Siam", "Bangkok", "Chao Phraya", "Rayong", "Eastern Seaboard", "Lanna"},
		[]string{"Co., Ltd.", "Public Company Limited"}, []string{"Bang Rak, Bangkok 10500", "Pluak Daeng, Rayong 21140", "Si Racha, Chonburi 20230"},
		"+66 2 %03d %04d", []string{"Somchai", "Nattaya", "Anan", "Kanya", "Prasert", "Ploy"},
		[]string{"Srisuk", "Wongsa", "Chaiyaporn", "Boonmee", "Rattana", "Saetang"}, false, nil},
}

// foreignTitles are job titles at international partners, with the role.
var foreignTitles = []struct{ title, role string }{
	{"Sales Manager", "account_executive"}, {"Key Account Manager", "account_executive"}, {"Managing Director", "owner"},
	{"Sales Engineer", "technical"}, {"Export Coordinator", "logistics"}, {"Finance Manager", "finance"}, {"Area Sales Representative", "sales"},
}

// flagship is a hand-written partner of the first-run data set. For
// Vietnamese partners tax holds the first nine digits of the tax code; the
// check digit is computed. owner and sponsor index staff (0 for none).
type flagship struct {
	name, legal, country, tax, roles, segment, status string
	address, phone, domain, spend, currency, notes    string
	owner, sponsor                                    int
	contacts                                          []flagshipContact
}

type flagshipContact struct{ name, title, role string }

var flagships = []flagship{
	{"Công ty TNHH Thiết bị Nguyễn Đức", "Nguyen Duc Equipment Company Limited", "VN", "010345678", "supplier", "strategic", "active",
		"12 Xuân Thủy, Cầu Giấy, Hà Nội", "+84 24 3754 1234", "nguyenduc", "18500000000", "VND", "Nhà cung cấp chính máy nén khí và thiết bị đo lường. Hợp đồng khung 2025–2027.", 4, 2,
		[]flagshipContact{{"Nguyễn Thị Lan", "Giám đốc kinh doanh", "account_executive"}, {"Trần Văn Minh", "Kỹ sư ứng dụng", "technical"},
			{"Nguyễn Đức Thắng", "Giám đốc", "owner"}, {"Lê Thu Hà", "Kế toán trưởng", "finance"}}},
	{"Công ty Cổ phần Thép Hòa Phát Đà Nẵng", "Hoa Phat Da Nang Steel Joint Stock Company", "VN", "040067123", "supplier", "strategic", "active",
		"Lô B4, KCN Hòa Khánh, Liên Chiểu, Đà Nẵng", "+84 236 3731 888", "hoaphat-danang", "42000000000", "VND", "Thép cuộn cán nóng; giá điều chỉnh theo quý.", 5, 2,
		[]flagshipContact{{"Phạm Quốc Hưng", "Trưởng phòng kinh doanh", "account_executive"}, {"Võ Thị Ngọc Yến", "Điều phối giao nhận", "logistics"}}},
	{"Công ty TNHH Bao bì Phương Nam", "Phuong Nam Packaging Company Limited", "VN", "031234567", "supplier", "leverage", "active",
		"215 Nguyễn Văn Linh, Quận 7, TP. Hồ Chí Minh", "+84 28 3775 2468", "baobiphuongnam", "6200000000", "VND", "", 6, 0, nil},
	{"Công ty Cổ phần Nhựa Tân Tiến", "Tan Tien Plastics Joint Stock Company", "VN", "110456789", "supplier", "leverage", "active",
		"Lô C12, KCN Tân Đức, Đức Hòa, Long An", "+84 272 3761 552", "nhuatantien", "3800000000", "VND", "", 4, 0, nil},
	{"Công ty TNHH Logistics Cửu Long", "Cuu Long Logistics Company Limited", "VN", "180234567", "supplier", "bottleneck", "active",
		"88 Hòa Bình, Ninh Kiều, Cần Thơ", "+84 292 3812 345", "cuulonglogistics", "2400000000", "VND", "Vận chuyển lạnh duy nhất ở miền Tây đạt chuẩn GDP.", 5, 3, nil},
	{"Công ty Cổ phần Điện tử Rạng Đông Bắc Ninh", "Rang Dong Bac Ninh Electronics Joint Stock Company", "VN", "230345677", "supplier;customer", "strategic", "active",
		"Lô A2, KCN Yên Phong, Yên Phong, Bắc Ninh", "+84 222 3699 100", "rangdong-bacninh", "27000000000", "VND", "", 4, 3, nil},
	{"Công ty TNHH Hóa chất Đông Á", "Dong A Chemicals Company Limited", "VN", "370234567", "supplier", "bottleneck", "active",
		"Lô D7, KCN VSIP I, Thuận An, Bình Dương", "+84 274 3767 321", "hoachatdonga", "4100000000", "VND", "", 6, 2, nil},
	{"Công ty Cổ phần Siêu thị Điện máy Sao Mai", "Sao Mai Electronics Retail Joint Stock Company", "VN", "030456789", "customer;supplier", "strategic", "active",
		"146 Cộng Hòa, Tân Bình, TP. Hồ Chí Minh", "+84 28 3811 6868", "dienmaysaomai", "1200000000", "VND", "Khách hàng lớn nhất của chúng ta; đồng thời cung cấp máy tính văn phòng.", 2, 1, nil},
	{"Công ty TNHH Phân phối Hưng Thịnh", "Hung Thinh Distribution Company Limited", "VN", "010678901", "distributor", "strategic", "active",
		"54 Láng Hạ, Đống Đa, Hà Nội", "+84 24 3562 7788", "hungthinh", "", "", "Nhà phân phối độc quyền khu vực phía Bắc.", 3, 2, nil},
	{"Công ty TNHH Cơ khí Chính xác Vĩnh Phát", "Vinh Phat Precision Engineering Company Limited", "VN", "020345678", "supplier", "bottleneck", "onboarding",
		"Lô E3, KCN Đình Vũ, Hải An, Hải Phòng", "+84 225 3769 456", "cokhivinhphat", "900000000", "VND", "", 5, 0, nil},
	{"Công ty Cổ phần Vận tải Biển Hải Âu", "Hai Au Shipping Joint Stock Company", "VN", "020456789", "supplier", "leverage", "active",
		"27 Điện Biên Phủ, Hồng Bàng, Hải Phòng", "+84 225 3842 900", "haiaushipping", "5500000000", "VND", "", 6, 0, nil},
	{"Công ty TNHH MTV Văn phòng phẩm Hồng Hà", "Hong Ha Office Supplies One Member Company Limited", "VN", "010123456", "supplier", "routine", "active",
		"25 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội", "+84 24 3826 2255", "vpphongha", "350000000", "VND", "", 6, 0, nil},
	{"Công ty TNHH Phần mềm Quang Minh", "Quang Minh Software Company Limited", "VN", "040123456", "supplier", "routine", "prospect",
		"112 Bạch Đằng, Hải Châu, Đà Nẵng", "+84 236 3822 147", "quangminhsoft", "", "", "Đang chào giá phần mềm quản lý kho.", 4, 0, nil},
	{"Công ty Cổ phần Dệt may Thành Công Sài Gòn", "Thanh Cong Saigon Textile Joint Stock Company", "VN", "030567890", "customer", "leverage", "active",
		"36 Tây Thạnh, Tân Phú, TP. Hồ Chí Minh", "+84 28 3815 3962", "detmaythanhcong", "", "", "", 3, 0, nil},
	{"Doanh nghiệp tư nhân Gỗ Phúc Lộc", "Phuc Loc Wood Private Enterprise", "VN", "370345678", "supplier", "routine", "suspended",
		"Lô F9, KCN Mỹ Phước, Bến Cát, Bình Dương", "+84 274 3553 210", "gophucloc", "200000000", "VND", "Tạm ngừng do giao hàng trễ hai quý liên tiếp.", 5, 0, nil},
	{"Công ty TNHH Thực phẩm Bình Minh", "Binh Minh Food Company Limited", "VN", "360234567", "customer;distributor", "leverage", "active",
		"Lô 12, KCN Amata, Biên Hòa, Đồng Nai", "+84 251 3991 212", "thucphambinhminh", "", "", "", 3, 1, nil},
	{"Công ty TNHH Dịch vụ Kỹ thuật Trường Sơn", "Truong Son Technical Services Company Limited", "VN", "030678901", "supplier", "bottleneck", "offboarded",
		"210 Võ Văn Ngân, Thủ Đức, TP. Hồ Chí Minh", "+84 28 3896 4411", "kythuattruongson", "", "", "Chấm dứt hợp đồng bảo trì từ tháng 3.", 0, 0, nil},
	{"Sakura Precision Co., Ltd.", "Sakura Precision Co., Ltd.", "JP", "T5010401098765", "supplier", "strategic", "active",
		"2-4-1 Shibakoen, Minato-ku, Tokyo 105-0011", "+81 3 5401 2230", "sakura-precision", "98000000", "JPY", "Ổ bi chính xác cho dây chuyền lắp ráp.", 2, 1,
		[]flagshipContact{{"Tanaka Hiroshi", "Key Account Manager", "account_executive"}, {"Nguyễn Thị Mai", "Điều phối giao nhận", "logistics"}}},
	{"Hanil Electronics Co., Ltd.", "Hanil Electronics Co., Ltd.", "KR", "214-87-65432", "supplier", "leverage", "active",
		"521 Teheran-ro, Gangnam-gu, Seoul 06164", "+82 2 3453 7700", "hanil-electronics", "1250000", "USD", "", 4, 0, nil},
	{"Müller Antriebstechnik GmbH", "Müller Antriebstechnik GmbH", "DE", "DE811234567", "supplier", "bottleneck", "active",
		"Leopoldstraße 28, 80802 München", "+49 89 3816 2040", "mueller-antrieb", "420000", "EUR", "Sole source for the servo drives of line 3.", 3, 1, nil},
	{"Pacific Packaging Solutions Inc.", "Pacific Packaging Solutions Inc.", "US", "94-3287651", "supplier", "routine", "onboarding",
		"1850 Gateway Drive, San Mateo, CA 94404", "+1 650 555 0142", "pacificpack", "310000.50", "USD", "", 6, 0, nil},
	{"Lion City Logistics Pte. Ltd.", "Lion City Logistics Pte. Ltd.", "SG", "201912345K", "supplier;distributor", "leverage", "active",
		"10 Anson Road, #22-02 International Plaza, Singapore 079903", "+65 6220 3481", "lioncity-logistics", "560000", "USD", "", 5, 0, nil},
	{"Shenzhen Huaxin Components Co., Ltd.", "Shenzhen Huaxin Components Co., Ltd.", "CN", "91440300MA5F8K2X1B", "supplier", "leverage", "active",
		"Keji South 12th Road, Nanshan District, Shenzhen", "+86 755 2671 9800", "huaxin-components", "2100000", "USD", "", 4, 0, nil},
	{"Siam Rubber Industry Co., Ltd.", "Siam Rubber Industry Co., Ltd.", "TH", "0105551234567", "supplier", "routine", "prospect",
		"99 Moo 4, Pluak Daeng, Rayong 21140", "+66 38 955 120", "siamrubber", "", "", "", 0, 0, nil},
}
