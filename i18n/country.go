package i18n

import (
	"sort"
	"sync"

	"github.com/mutualsrm/mutual"
)

// countryNamesVI are the Vietnamese names of the countries Vietnamese
// buyers meet most; other countries keep their English names.
var countryNamesVI = map[string]string{
	"AE": "Các Tiểu vương quốc Ả Rập Thống nhất", "AR": "Argentina", "AT": "Áo", "AU": "Úc",
	"BD": "Bangladesh", "BE": "Bỉ", "BN": "Brunei", "BR": "Brasil", "CA": "Canada",
	"CH": "Thụy Sĩ", "CL": "Chile", "CN": "Trung Quốc", "CZ": "Séc", "DE": "Đức",
	"DK": "Đan Mạch", "EG": "Ai Cập", "ES": "Tây Ban Nha", "FI": "Phần Lan", "FR": "Pháp",
	"GB": "Vương quốc Anh", "GR": "Hy Lạp", "HK": "Hồng Kông", "HU": "Hungary", "ID": "Indonesia",
	"IE": "Ireland", "IL": "Israel", "IN": "Ấn Độ", "IT": "Ý", "JP": "Nhật Bản",
	"KH": "Campuchia", "KR": "Hàn Quốc", "KP": "Triều Tiên", "LA": "Lào", "LK": "Sri Lanka",
	"MM": "Myanmar", "MO": "Ma Cao", "MX": "Mexico", "MY": "Malaysia", "NL": "Hà Lan",
	"NO": "Na Uy", "NZ": "New Zealand", "PH": "Philippines", "PK": "Pakistan", "PL": "Ba Lan",
	"PT": "Bồ Đào Nha", "RU": "Nga", "SA": "Ả Rập Xê Út", "SE": "Thụy Điển", "SG": "Singapore",
	"TH": "Thái Lan", "TL": "Đông Timor", "TR": "Thổ Nhĩ Kỳ", "TW": "Đài Loan", "UA": "Ukraina",
	"US": "Hoa Kỳ", "VN": "Việt Nam", "ZA": "Nam Phi",
}

// CountryName returns the name of a country code in locale: Vietnamese for
// the common countries, English (mutual.CountryName) otherwise. An unknown
// code is returned as it is.
func CountryName(locale, code string) string {
	if locale == Vietnamese {
		if n, ok := countryNamesVI[code]; ok {
			return n
		}
	}
	if n := mutual.CountryName(code); n != "" {
		return n
	}
	return code
}

var (
	countriesOnce   sync.Once
	countriesByLang map[string][]mutual.Country
)

// Countries returns every country with its name in locale, ordered by that
// name without regard to accents. The slice is shared: do not modify it.
func Countries(locale string) []mutual.Country {
	countriesOnce.Do(func() {
		countriesByLang = map[string][]mutual.Country{}
		for _, l := range Locales {
			list := make([]mutual.Country, 0, len(mutual.Countries()))
			for _, c := range mutual.Countries() {
				list = append(list, mutual.Country{Code: c.Code, Name: CountryName(l, c.Code)})
			}
			sort.SliceStable(list, func(i, j int) bool { return mutual.Fold(list[i].Name) < mutual.Fold(list[j].Name) })
			countriesByLang[l] = list
		}
	})
	if list, ok := countriesByLang[locale]; ok {
		return list
	}
	return countriesByLang[Default]
}
