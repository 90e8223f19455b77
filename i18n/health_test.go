package i18n_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

func TestHealthExplanation(t *testing.T) {
	for _, tt := range []struct {
		name   string
		why    mutual.HealthWhy
		en, vi string
	}{
		{"Touch", mutual.HealthWhy{Key: mutual.HealthWhyTouch, Kind: "any", Days: 41, GapDays: 30},
			"Last contact 41 days ago; the policy allows 30 days.", "Liên hệ gần nhất 41 ngày trước; tần suất liên hệ cho phép 30 ngày."},
		{"TouchToday", mutual.HealthWhy{Key: mutual.HealthWhyTouch, Kind: "visit", GapDays: 90},
			"Last visit today; the policy allows 90 days.", "Lần thăm trực tiếp gần nhất hôm nay; tần suất liên hệ cho phép 90 ngày."},
		{"TouchOneDay", mutual.HealthWhy{Key: mutual.HealthWhyTouch, Kind: "executive", Days: 1, GapDays: 1},
			"Last executive meeting 1 day ago; the policy allows 1 day.", "Cuộc họp cấp lãnh đạo gần nhất 1 ngày trước; tần suất liên hệ cho phép 1 ngày."},
		{"Never", mutual.HealthWhy{Key: mutual.HealthWhyNeverTouched, Kind: "visit", Days: 100, GapDays: 90},
			"No visit in the 100 days since the partner was added; the policy allows 90 days.",
			"Chưa có lần thăm trực tiếp nào trong 100 ngày kể từ khi thêm đối tác; tần suất liên hệ cho phép 90 ngày."},
		{"AddedToday", mutual.HealthWhy{Key: mutual.HealthWhyNeverTouched, Kind: "any", GapDays: 14},
			"The partner was added today; the policy allows 14 days before the first touch.",
			"Đối tác mới được thêm hôm nay; tần suất liên hệ cho phép 14 ngày trước lần liên hệ đầu tiên."},
		{"FollowThrough", mutual.HealthWhy{Key: mutual.HealthWhyFollowThrough, Kept: 7, Due: 9, Window: 365},
			"7 of 9 commitments kept on time in the last 12 months.", "7 trên 9 cam kết được thực hiện đúng hạn trong 12 tháng qua."},
		{"Sentiment", mutual.HealthWhy{Key: mutual.HealthWhySentiment, Sum: 4, Count: 6, Window: 180},
			"Average sentiment +0.7 (from -2 to +2) over 6 rated interactions in the last 180 days.",
			"Cảm nhận trung bình +0,7 (từ -2 đến +2) qua 6 tương tác được đánh giá trong 180 ngày qua."},
		{"SentimentNegative", mutual.HealthWhy{Key: mutual.HealthWhySentiment, Sum: -3, Count: 2, Window: 180},
			"Average sentiment -1.5 (from -2 to +2) over 2 rated interactions in the last 180 days.",
			"Cảm nhận trung bình -1,5 (từ -2 đến +2) qua 2 tương tác được đánh giá trong 180 ngày qua."},
		{"SentimentOne", mutual.HealthWhy{Key: mutual.HealthWhySentiment, Sum: 0, Count: 1, Window: 180},
			"Sentiment 0.0 (from -2 to +2) in the one rated interaction of the last 180 days.",
			"Cảm nhận 0,0 (từ -2 đến +2) ở tương tác duy nhất được đánh giá trong 180 ngày qua."},
		{"NoSentiment", mutual.HealthWhy{Key: mutual.HealthWhyNoSentiment, Window: 180},
			"No rated interaction in the last 180 days.", "Không có tương tác nào được đánh giá trong 180 ngày qua."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := i18n.HealthExplanation("en", tt.why); got != tt.en {
				t.Errorf("en = %q, want %q", got, tt.en)
			}
			if got := i18n.HealthExplanation("vi", tt.why); got != tt.vi {
				t.Errorf("vi = %q, want %q", got, tt.vi)
			}
		})
	}
	// Every key the domain can give has a sentence.
	for _, key := range []string{mutual.HealthWhyTouch, mutual.HealthWhyNeverTouched, mutual.HealthWhyNoCadence, mutual.HealthWhyFollowThrough,
		mutual.HealthWhyNothingDue, mutual.HealthWhySentiment, mutual.HealthWhyNoSentiment} {
		for _, kind := range mutual.TouchKinds {
			if got := i18n.HealthExplanation("vi", mutual.HealthWhy{Key: key, Kind: kind, Days: 3, GapDays: 2, Count: 2, Window: 180}); got == key || got == "" {
				t.Errorf("%s %s: no sentence", key, kind)
			}
		}
	}
	for name := range mutual.HealthWeights {
		if got := i18n.HealthComponent("vi", name); got == name {
			t.Errorf("component %s has no label", name)
		}
	}
	for _, band := range mutual.HealthBands {
		if got := i18n.HealthBand("vi", band); got == "health.band."+band {
			t.Errorf("band %s has no label", band)
		}
	}
}
