package demo

import (
	"context"
	"fmt"

	"github.com/mutualsrm/mutual"
)

// statusStep is one move of a demo partner's life cycle, with the reason
// in English and in Vietnamese (for Vietnamese partners).
type statusStep struct{ to, en, vi string }

// statusStory is how a demo partner came to its status: the status it was
// created in and the moves since.
type statusStory struct {
	start string
	steps []statusStep
}

var (
	stepScreened  = statusStep{"onboarding", "Passed the first screening and signed the NDA; supplier audit at their plant booked.", "Đạt vòng sơ tuyển, đã ký thỏa thuận bảo mật; đã đặt lịch đánh giá nhà cung cấp tại xưởng."}
	stepQualified = statusStep{"active", "Qualification approved; first order placed.", "Đánh giá năng lực đạt yêu cầu; đã đặt đơn hàng đầu tiên."}
	stepLate      = statusStep{"suspended", "Three late deliveries in a row and a failed quality inspection; no new orders until the corrective action plan is accepted.", "Ba lô hàng giao trễ liên tiếp và một lô không đạt kiểm tra chất lượng; tạm ngừng đặt hàng đến khi kế hoạch khắc phục được duyệt."}
	stepRecovered = statusStep{"active", "Corrective actions verified on site; deliveries on time again.", "Đã kiểm tra tại xưởng các hành động khắc phục; giao hàng đúng hạn trở lại."}
	stepExpired   = statusStep{"suspended", "ISO 9001 certificate expired and was not renewed.", "Chứng chỉ ISO 9001 hết hạn và không được gia hạn."}
	stepEnded     = statusStep{"offboarded", "Framework contract ended and was not renewed; volumes moved to another supplier.", "Hợp đồng khung hết hạn, không gia hạn; sản lượng đã chuyển sang nhà cung cấp khác."}
)

// storyOf returns the life cycle story of the i-th flagship, which ends in
// status; active partners alternate between a plain qualification, a
// suspension they recovered from, and no recorded history.
func storyOf(i int, status string) statusStory {
	switch status {
	case "onboarding":
		return statusStory{"prospect", []statusStep{stepScreened}}
	case "suspended":
		return statusStory{"active", []statusStep{stepLate}}
	case "offboarded":
		return statusStory{"active", []statusStep{stepExpired, stepEnded}}
	case "active":
		switch i % 3 {
		case 0:
			return statusStory{"onboarding", []statusStep{stepQualified}}
		case 1:
			return statusStory{"active", []statusStep{stepLate, stepRecovered}}
		}
	}
	return statusStory{start: status}
}

// startLifecycles sets each flagship partner to the status its story
// starts in, before the partners are stored, and returns the stories.
func startLifecycles(ps []*mutual.Partner) []statusStory {
	stories := make([]statusStory, len(flagships))
	for i, f := range flagships {
		stories[i] = storyOf(i, f.status)
		ps[i].Status = stories[i].start
	}
	return stories
}

// tellLifecycles moves the stored flagship partners along their stories,
// each move made by the partner's key account manager (the system when it
// has none) with its reason, so that they end in their flagship status.
func tellLifecycles(ctx context.Context, svc mutual.Services, ps []*mutual.Partner, stories []statusStory, users map[mutual.ID]*mutual.User) error {
	for i, story := range stories {
		p := ps[i]
		actx := ctx
		if u := users[p.OwnerID]; u != nil && mutual.CanWritePartners(u) {
			actx = mutual.NewContextWithUser(ctx, u)
		}
		for _, s := range story.steps {
			reason := s.en
			if p.Country == "VN" {
				reason = s.vi
			}
			moved, err := svc.Partners.ChangePartnerStatus(actx, p.ID, mutual.StatusMove{Status: s.to, Reason: reason})
			if err != nil {
				return fmt.Errorf("demo status of %s: %w", p.Name, err)
			}
			p.Status, p.Version = moved.Status, moved.Version
		}
	}
	return nil
}
