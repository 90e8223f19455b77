package i18n

import (
	"strconv"

	"github.com/mutualsrm/mutual"
)

func init() {
	for k, v := range healthMessages {
		catalog[k] = v
	}
}

// healthMessages are the texts of the relationship health index: its
// bands, its components and the sentences that explain each component's
// score. The glossary's word for the index is "chỉ số sức khỏe quan hệ";
// cadence is "tần suất liên hệ", follow-through "tỷ lệ thực hiện cam kết".
var healthMessages = map[string]message{
	"health.title":       {"Health", "Sức khỏe quan hệ"},
	"health.index":       {"Health index", "Chỉ số sức khỏe quan hệ"},
	"health.column":      {"Health", "Sức khỏe"},
	"health.of_100":      {"%d of 100", "%d/100"},
	"health.badge_title": {"Health index %d of 100, %s", "Chỉ số sức khỏe quan hệ %d/100, %s"},
	"health.no_index":    {"No data", "Chưa có dữ liệu"},
	"health.no_index_text": {"No component has data yet, so there is no index: log interactions and commitments, or give the partner a segment.",
		"Chưa có thành phần nào có dữ liệu nên chưa có chỉ số: hãy ghi nhận tương tác và cam kết, hoặc chọn phân khúc cho đối tác."},
	"health.component_no_data": {"No data", "Chưa có dữ liệu"},
	"health.weight":            {"weight %d%%", "trọng số %d%%"},
	"health.hint": {"The weighted mean of the components that have data: 70 and above is good, 40 to 69 fair, below 40 poor.",
		"Trung bình có trọng số của các thành phần có dữ liệu: từ 70 trở lên là tốt, từ 40 đến 69 là trung bình, dưới 40 là kém."},

	"health.band.good": {"Good", "Tốt"},
	"health.band.fair": {"Fair", "Trung bình"},
	"health.band.poor": {"Poor", "Kém"},

	"health.component.cadence":               {"Cadence", "Tần suất liên hệ"},
	"health.component.follow_through_ours":   {"Our follow-through", "Tỷ lệ thực hiện cam kết của chúng ta"},
	"health.component.follow_through_theirs": {"Their follow-through", "Tỷ lệ thực hiện cam kết của đối tác"},
	"health.component.sentiment":             {"Sentiment", "Cảm nhận"},

	// Pieces of the explanations.
	"health.days":     {"%d days", "%d ngày"},
	"health.days_one": {"1 day", "1 ngày"},
	"health.ago":      {"%s ago", "%s trước"},
	"health.today":    {"today", "hôm nay"},

	// Why a component scores as it does. %s are durations ("41 days") or
	// moments ("41 days ago", "today"); the sentiment average is signed.
	"health.why.touch.any":               {"Last contact %s; the policy allows %s.", "Liên hệ gần nhất %s; tần suất liên hệ cho phép %s."},
	"health.why.touch.visit":             {"Last visit %s; the policy allows %s.", "Lần thăm trực tiếp gần nhất %s; tần suất liên hệ cho phép %s."},
	"health.why.touch.executive":         {"Last executive meeting %s; the policy allows %s.", "Cuộc họp cấp lãnh đạo gần nhất %s; tần suất liên hệ cho phép %s."},
	"health.why.never_touched.any":       {"No contact in the %s since the partner was added; the policy allows %s.", "Chưa có liên hệ nào trong %s kể từ khi thêm đối tác; tần suất liên hệ cho phép %s."},
	"health.why.never_touched.visit":     {"No visit in the %s since the partner was added; the policy allows %s.", "Chưa có lần thăm trực tiếp nào trong %s kể từ khi thêm đối tác; tần suất liên hệ cho phép %s."},
	"health.why.never_touched.executive": {"No executive meeting in the %s since the partner was added; the policy allows %s.", "Chưa có cuộc họp cấp lãnh đạo nào trong %s kể từ khi thêm đối tác; tần suất liên hệ cho phép %s."},
	"health.why.added_today":             {"The partner was added today; the policy allows %s before the first touch.", "Đối tác mới được thêm hôm nay; tần suất liên hệ cho phép %s trước lần liên hệ đầu tiên."},
	"health.why.no_cadence":              {"No cadence applies to this partner: give it a segment or its own cadence.", "Chưa áp dụng tần suất liên hệ nào cho đối tác này: hãy chọn phân khúc hoặc đặt tần suất liên hệ riêng."},
	"health.why.follow_through":          {"%d of %d commitments kept on time in the last 12 months.", "%d trên %d cam kết được thực hiện đúng hạn trong 12 tháng qua."},
	"health.why.nothing_due":             {"No commitment fell due in the last 12 months.", "Không có cam kết nào đến hạn trong 12 tháng qua."},
	"health.why.sentiment":               {"Average sentiment %s (from -2 to +2) over %d rated interactions in the last %d days.", "Cảm nhận trung bình %s (từ -2 đến +2) qua %d tương tác được đánh giá trong %d ngày qua."},
	"health.why.sentiment_one":           {"Sentiment %s (from -2 to +2) in the one rated interaction of the last %d days.", "Cảm nhận %s (từ -2 đến +2) ở tương tác duy nhất được đánh giá trong %d ngày qua."},
	"health.why.no_sentiment":            {"No rated interaction in the last %d days.", "Không có tương tác nào được đánh giá trong %d ngày qua."},
}

// HealthBand returns the label of a health band, or "No data" for none.
func HealthBand(locale, band string) string {
	if band == "" {
		return T(locale, "health.no_index")
	}
	return T(locale, "health.band."+band)
}

// HealthComponent returns the label of a health component; a component
// without one is shown by its name.
func HealthComponent(locale, name string) string {
	key := "health.component." + name
	if !Has(key) {
		return name
	}
	return T(locale, key)
}

// HealthExplanation says in locale why a component of the health index
// scores as it does, with the figures used: "Last contact 41 days ago; the
// policy allows 30 days."
func HealthExplanation(locale string, w mutual.HealthWhy) string {
	days := func(n int) string {
		if n == 1 {
			return T(locale, "health.days_one")
		}
		return T(locale, "health.days", n)
	}
	switch w.Key {
	case mutual.HealthWhyTouch:
		when := T(locale, "health.today")
		if w.Days > 0 {
			when = T(locale, "health.ago", days(w.Days))
		}
		return T(locale, "health.why.touch."+touchKind(w.Kind), when, days(w.GapDays))
	case mutual.HealthWhyNeverTouched:
		if w.Days == 0 {
			return T(locale, "health.why.added_today", days(w.GapDays))
		}
		return T(locale, "health.why.never_touched."+touchKind(w.Kind), days(w.Days), days(w.GapDays))
	case mutual.HealthWhyNoCadence:
		return T(locale, "health.why.no_cadence")
	case mutual.HealthWhyFollowThrough:
		return T(locale, "health.why.follow_through", w.Kept, w.Due)
	case mutual.HealthWhyNothingDue:
		return T(locale, "health.why.nothing_due")
	case mutual.HealthWhySentiment:
		if w.Count == 1 {
			return T(locale, "health.why.sentiment_one", signedTenths(locale, w.SentimentTenths()), w.Window)
		}
		return T(locale, "health.why.sentiment", signedTenths(locale, w.SentimentTenths()), w.Count, w.Window)
	case mutual.HealthWhyNoSentiment:
		return T(locale, "health.why.no_sentiment", w.Window)
	}
	return w.Key
}

// touchKind keeps explanation keys to the known touch kinds.
func touchKind(kind string) string {
	switch kind {
	case mutual.TouchVisit, mutual.TouchExecutive:
		return kind
	}
	return mutual.TouchAny
}

// signedTenths writes a number of tenths with its sign and one decimal in
// the locale's way: +0.7, -1.5, 0.0 in English; +0,7 in Vietnamese.
func signedTenths(locale string, tenths int) string {
	dec, _ := separators(locale)
	sign, n := "+", tenths
	switch {
	case tenths < 0:
		sign, n = "-", -tenths
	case tenths == 0:
		sign = ""
	}
	return sign + strconv.Itoa(n/10) + string(dec) + strconv.Itoa(n%10)
}
