package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/mutualsrm/mutual"
)

// subjects are what demo interactions are about, by kind.
var subjects = map[string][]string{
	"call":    {"Gọi xác nhận lịch giao hàng", "Trao đổi về đơn hàng tháng này", "Follow-up on the delayed shipment", "Kiểm tra tiến độ báo giá"},
	"email":   {"Gửi bảng giá cập nhật", "Xác nhận điều khoản thanh toán", "Quality report for last batch", "Thông báo thay đổi quy cách đóng gói"},
	"meeting": {"Họp đánh giá hiệu quả quý", "Đàm phán hợp đồng khung năm tới", "Quarterly business review", "Họp giải quyết khiếu nại chất lượng"},
	"video":   {"Họp trực tuyến về kế hoạch sản xuất", "Video call: forecast for next quarter", "Trao đổi kỹ thuật qua Teams"},
	"visit":   {"Thăm nhà máy và kiểm tra dây chuyền", "Site visit and plant audit", "Thăm văn phòng đối tác, gặp ban giám đốc"},
}

var outcomes = []string{
	"Đối tác đồng ý giảm 3% nếu tăng sản lượng.", "Agreed to move delivery to the first week of next month.",
	"Cần thêm thông tin kỹ thuật trước khi chốt.", "Both sides satisfied; next review in three months.",
	"Đối tác cam kết cải thiện tỷ lệ giao hàng đúng hạn.",
}

var commitmentTitles = map[string][]string{
	"ours":   {"Gửi dự báo nhu cầu 6 tháng", "Send the signed framework agreement", "Thanh toán hóa đơn tồn đọng", "Share the new packaging specification"},
	"theirs": {"Gửi báo giá sửa đổi", "Send certificates of origin", "Cung cấp kế hoạch khắc phục chất lượng", "Confirm the delivery schedule for Q1"},
}

// seedRelationships gives the partners of the first-run data set a history:
// a year of calls, emails, meetings and visits logged by their key account
// managers, meetings planned for the coming weeks, and commitments on both
// sides, some kept, some late, some missed. A few strategic partners are
// left without recent contact so that cadence has something to flag.
func seedRelationships(ctx context.Context, svc mutual.Services, ps []*mutual.Partner, users map[mutual.ID]*mutual.User, now time.Time) error {
	r := rand.New(rand.NewPCG(7, 11))
	kinds := []string{"call", "call", "call", "email", "email", "meeting", "meeting", "video", "visit"}
	levels := []string{"operational", "operational", "operational", "management", "management", "executive"}
	for i, p := range ps {
		owner := users[p.OwnerID]
		if owner == nil || len(p.Contacts) == 0 {
			continue
		}
		octx := mutual.NewContextWithUser(ctx, owner)
		neglected := i%7 == 3
		n := 3 + r.IntN(6)
		for k := range n {
			kind := kinds[r.IntN(len(kinds))]
			ago := time.Duration(5+r.IntN(380)) * 24 * time.Hour
			if neglected {
				ago += 120 * 24 * time.Hour
			}
			at := now.Add(-ago).Truncate(time.Hour)
			end := at.Add(time.Duration(15+15*r.IntN(8)) * time.Minute)
			sentiment := r.IntN(4) - 1
			in := &mutual.Interaction{
				PartnerID: p.ID, Kind: kind, Level: levels[r.IntN(len(levels))], OccurredAt: at, EndsAt: &end,
				Subject: subjects[kind][r.IntN(len(subjects[kind]))], Outcome: outcomes[r.IntN(len(outcomes))], Sentiment: &sentiment,
				OurAttendees: []mutual.ID{owner.ID}, TheirAttendees: []mutual.ID{p.Contacts[r.IntN(len(p.Contacts))].ID},
			}
			if kind == "visit" {
				in.Location = p.Address
			}
			if k == 0 {
				in.Commitments = demoCommitments(r, p, owner, now)
			}
			if err := svc.Interactions.CreateInteraction(octx, in); err != nil {
				return fmt.Errorf("demo interaction for %s: %w", p.Name, err)
			}
		}
		for range r.IntN(3) {
			if err := demoGift(octx, svc, r, p, mutual.DateOf(now, time.UTC)); err != nil {
				return fmt.Errorf("demo gift for %s: %w", p.Name, err)
			}
		}
		if !neglected && r.IntN(5) < 2 {
			at := now.Add(time.Duration(2+r.IntN(20)) * 24 * time.Hour).Truncate(24 * time.Hour).Add(2 * time.Hour)
			plan := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", Level: "management", Status: "planned", OccurredAt: at,
				Subject: "Họp đánh giá hiệu quả quý", OurAttendees: []mutual.ID{owner.ID}}
			if err := svc.Interactions.CreateInteraction(octx, plan); err != nil {
				return fmt.Errorf("demo planned meeting for %s: %w", p.Name, err)
			}
		}
	}
	return nil
}

// demoCommitments makes one or three follow-ups: some already kept, some
// due soon, and some whose date has passed without anyone acting.
func demoCommitments(r *rand.Rand, p *mutual.Partner, owner *mutual.User, now time.Time) []*mutual.Commitment {
	today := mutual.DateOf(now, time.UTC)
	var out []*mutual.Commitment
	for range 1 + 2*r.IntN(2) {
		side := mutual.CommitmentSides[r.IntN(2)]
		c := &mutual.Commitment{PartnerID: p.ID, Side: side, Title: commitmentTitles[side][r.IntN(len(commitmentTitles[side]))]}
		if side == "ours" {
			c.OwnerUserID = owner.ID
		} else {
			c.OwnerContactID = p.Contacts[0].ID
		}
		switch r.IntN(4) {
		case 0: // kept on time
			c.DueOn = today.AddDays(-20 - r.IntN(60))
			c.Status, c.DoneOn = "done", c.DueOn.AddDays(-r.IntN(5))
		case 1: // kept late
			c.DueOn = today.AddDays(-30 - r.IntN(60))
			c.Status, c.DoneOn = "done", c.DueOn.AddDays(3+r.IntN(10))
		case 2: // open, due soon
			c.DueOn = today.AddDays(1 + r.IntN(14))
		default: // past due and not done: missed
			c.DueOn = today.AddDays(-3 - r.IntN(30))
		}
		out = append(out, c)
	}
	return out
}

// generateActivity gives generated partners a history through
// ImportInteractions, in batches of about twenty thousand interactions, and
// declares a gift or meal for about one partner in five.
func generateActivity(ctx context.Context, svc mutual.Services, ps []*mutual.Partner, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 17))
	now := time.Now()
	today := mutual.DateOf(now, time.UTC)
	kinds := []string{"call", "call", "call", "email", "email", "meeting", "meeting", "video", "visit"}
	levels := []string{"operational", "operational", "operational", "management", "management", "executive"}
	var batch []*mutual.Interaction
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := svc.Interactions.ImportInteractions(ctx, batch)
		batch = batch[:0]
		return err
	}
	for _, p := range ps {
		if len(p.Contacts) == 0 {
			continue
		}
		neglected := r.IntN(100) < 15
		n := 2 + r.IntN(17) // 2..18, about ten on average
		for range n {
			days := 1 + r.IntN(730)
			if neglected {
				days = 200 + r.IntN(530)
			}
			kind := kinds[r.IntN(len(kinds))]
			at := now.Add(-time.Duration(days)*24*time.Hour - time.Duration(r.IntN(600))*time.Minute).Truncate(time.Minute)
			end := at.Add(time.Duration(15+15*r.IntN(8)) * time.Minute)
			sentiment := r.IntN(5) - 2
			in := &mutual.Interaction{PartnerID: p.ID, Kind: kind, Level: levels[r.IntN(len(levels))], OccurredAt: at, EndsAt: &end,
				Subject: subjects[kind][r.IntN(len(subjects[kind]))], Outcome: outcomes[r.IntN(len(outcomes))], Sentiment: &sentiment,
				TheirAttendees: []mutual.ID{p.Contacts[r.IntN(len(p.Contacts))].ID}}
			if p.OwnerID != 0 {
				in.OurAttendees = []mutual.ID{p.OwnerID}
			}
			if r.IntN(5) == 0 {
				in.Commitments = []*mutual.Commitment{generatedCommitment(r, p, at, today)}
			}
			batch = append(batch, in)
		}
		if r.IntN(5) == 0 {
			if err := demoGift(ctx, svc, r, p, today); err != nil {
				return fmt.Errorf("demo gift for %s: %w", p.Name, err)
			}
		}
		if !neglected && r.IntN(20) == 0 {
			at := now.Add(time.Duration(1+r.IntN(30)) * 24 * time.Hour).Truncate(time.Hour)
			plan := &mutual.Interaction{PartnerID: p.ID, Kind: "meeting", Level: "management", Status: "planned", OccurredAt: at, Subject: "Họp đánh giá hiệu quả quý"}
			if p.OwnerID != 0 {
				plan.OurAttendees = []mutual.ID{p.OwnerID}
			}
			batch = append(batch, plan)
		}
		if len(batch) >= 20000 {
			if err := flush(); err != nil {
				return fmt.Errorf("demo activity: %w", err)
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("demo activity: %w", err)
	}
	return nil
}

// generatedCommitment is a follow-up made at an interaction: due two to six
// weeks later; half kept on time, some late, the rest open or missed.
func generatedCommitment(r *rand.Rand, p *mutual.Partner, at time.Time, today mutual.Date) *mutual.Commitment {
	side := mutual.CommitmentSides[r.IntN(2)]
	c := &mutual.Commitment{Side: side, Title: commitmentTitles[side][r.IntN(len(commitmentTitles[side]))],
		DueOn: mutual.DateOf(at, time.UTC).AddDays(14 + r.IntN(30))}
	if side == "ours" {
		c.OwnerUserID = p.OwnerID
	} else {
		c.OwnerContactID = p.Contacts[0].ID
	}
	if c.DueOn.Before(today) {
		switch k := r.IntN(100); {
		case k < 60:
			c.Status, c.DoneOn = "done", c.DueOn.AddDays(-r.IntN(7))
		case k < 80:
			c.Status, c.DoneOn = "done", c.DueOn.AddDays(1+r.IntN(14))
		default: // missed: left open, the job marks it
		}
	}
	return c
}

// giftDescriptions are typical entries of the register, by kind.
var giftDescriptions = map[string][]string{
	"gift":     {"Giỏ quà Tết", "Bộ ấm chén Bát Tràng", "Rượu vang nhân dịp khai trương", "Corporate gift set"},
	"meal":     {"Ăn trưa sau buổi họp đánh giá quý", "Dinner after the plant audit", "Tiệc tất niên của đối tác"},
	"event":    {"Vé dự hội chợ triển lãm ngành", "Golf tournament invitation", "Hội nghị khách hàng thường niên"},
	"travel":   {"Chuyến tham quan nhà máy tại Bình Dương (vé máy bay, khách sạn)", "Factory visit trip to Osaka"},
	"discount": {"Chiết khấu thêm 2% cho đơn hàng cá nhân", "Staff discount on personal purchases"},
}

// demoGift declares something given to or received from p, worth a little
// or enough to need a manager's approval.
func demoGift(ctx context.Context, svc mutual.Services, r *rand.Rand, p *mutual.Partner, today mutual.Date) error {
	kind := mutual.GiftKinds[r.IntN(5)]
	amounts := []string{"150000", "350000", "450000", "800000", "1500000", "4500000"}
	value := mutual.Money{Currency: "VND"}
	value.Amount, _ = mutual.ParseDecimal(amounts[r.IntN(len(amounts))])
	if p.Country != "VN" && r.IntN(2) == 0 {
		value.Currency = "USD"
		value.Amount, _ = mutual.ParseDecimal([]string{"25", "60", "120", "300"}[r.IntN(4)])
	}
	g := &mutual.Gift{PartnerID: p.ID, Direction: mutual.GiftDirections[r.IntN(2)], Kind: kind,
		Description: giftDescriptions[kind][r.IntN(len(giftDescriptions[kind]))], Value: value,
		OccurredOn: today.AddDays(-r.IntN(300)), TheirPeople: []mutual.ID{p.Contacts[0].ID}}
	if p.OwnerID != 0 {
		g.OurPeople = []mutual.ID{p.OwnerID}
	}
	return svc.Gifts.DeclareGift(ctx, g)
}
