package web_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
	"github.com/mutualsrm/mutual/web"
)

// hcm is the company's time zone in the tests, the default.
var hcm = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
}()

// local writes t as a datetime-local input value in the company's zone.
func local(t time.Time) string { return t.In(hcm).Format("2006-01-02T15:04") }

// newAppAt starts the pages over db with the pages' clock at now.
func newAppAt(tb testing.TB, db *store.DB, now func() time.Time) *app {
	tb.Helper()
	h, err := web.NewHandler(db.Services(), web.Options{Now: now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatalf("NewHandler: %v", err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return &app{db: db, srv: srv}
}

// relPartner creates a strategic partner with two contacts.
func relPartner(tb testing.TB, a *app, name string) *mutual.Partner {
	tb.Helper()
	return storetest.MustCreatePartner(tb, a.db, &mutual.Partner{Name: name, Segment: "strategic", Status: "active",
		Contacts: []*mutual.Contact{{Name: "Lê Thị Hồng"}, {Name: "Trần Văn An"}}})
}

// interactionForm is a valid form logging a visit two days ago.
func interactionForm(start time.Time) url.Values {
	return url.Values{
		"kind": {"visit"}, "level": {"executive"}, "status": {"done"},
		"occurred_at": {local(start)}, "ends_at": {local(start.Add(90 * time.Minute))},
		"subject": {"Quarterly business review"}, "location": {"Nhà máy Bắc Ninh"},
		"outcome": {"Agreed on a 3% price cut"}, "sentiment": {"1"},
	}
}

func TestInteractionLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { testInteractionLog(t, newAppOn(t, db)) })
}

func testInteractionLog(t *testing.T, a *app) {
	b, buyer := a.signIn(t, mutual.RoleBuyer, 0)
	p := relPartner(t, a, "Công ty Cổ phần Thép Hòa Phát")
	base := fmt.Sprintf("/partners/%d", p.ID)
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)

	t.Run("Form", func(t *testing.T) {
		resp := b.get(base + "/interactions/new")
		if resp.status != http.StatusOK {
			t.Fatalf("status %d", resp.status)
		}
		mustContain(t, resp.body, `type="datetime-local" id="occurred_at"`, `name="our_attendees" value="`+buyer.ID.String()+`"`,
			`name="their_attendees" value="`+p.Contacts[0].ID.String()+`"`, `name="commitments[2].title"`,
			`<option value="c:`+p.Contacts[1].ID.String()+`">Trần Văn An</option>`, `name="sentiment" value="-2"`)
	})

	t.Run("OK", func(t *testing.T) {
		form := interactionForm(start)
		form.Set("our_attendees", buyer.ID.String())
		form.Set("their_attendees", p.Contacts[0].ID.String())
		// The first follow-up row is left empty: the second one is created.
		form.Set("commitments[1].title", "Send the revised price list")
		form.Set("commitments[1].side", "theirs")
		form.Set("commitments[1].owner", "c:"+p.Contacts[1].ID.String())
		form.Set("commitments[1].due_on", time.Now().AddDate(0, 0, 20).Format("2006-01-02"))
		resp := b.post(base+"/interactions/new", form)
		if resp.status != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", resp.status, resp.body)
		}
		page := b.get(base)
		mustContain(t, page.body, "Interaction saved.", `id="timeline"`, "Quarterly business review", "Nhà máy Bắc Ninh",
			"Agreed on a 3% price cut", `class="badge level-executive">Executive`, ">Visit<", "1 h 30 min",
			buyer.Name, "Lê Thị Hồng", `sentiment sentiment-v1`, "Positive", local(start)[11:],
			"Send the revised price list", `class="badge side-theirs">Theirs`, "Trần Văn An", `class="badge cstatus-open">Open`)
		// The visit counts for the cadence: every required touch is on track.
		mustNotContain(t, page.body, "Overdue by")
	})

	t.Run("ErrEndBeforeStart", func(t *testing.T) {
		form := interactionForm(start)
		form.Set("ends_at", local(start.Add(-time.Hour)))
		form.Set("notes", "Bring the new catalogue")
		form.Set("commitments[0].title", "Share the forecast")
		resp := b.post(base+"/interactions/new", form)
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Some fields need your attention.", "The end must be after the start.",
			`value="Quarterly business review"`, "Bring the new catalogue", `value="Share the forecast"`, `value="visit" checked`)
		errAt := strings.Index(resp.body, "The end must be after the start.")
		if !(strings.Index(resp.body, `id="ends_at"`) < errAt && errAt < strings.Index(resp.body, `id="subject"`)) {
			t.Errorf("the message is not under the end field")
		}
		// The follow-up without a due date has its message under its own row.
		dueAt := strings.Index(resp.body, "Due date is required.")
		if !(strings.Index(resp.body, `id="fu0-due"`) < dueAt && dueAt < strings.Index(resp.body, `id="fu1-title"`)) {
			t.Errorf("the due date message is not under the first row")
		}
	})

	t.Run("ErrFollowUpRow", func(t *testing.T) {
		form := interactionForm(start)
		form.Set("commitments[2].title", "Visit the plant")
		form.Set("commitments[2].side", "ours")
		form.Set("commitments[2].owner", "u:"+buyer.ID.String())
		form.Set("commitments[2].due_on", "31/12/2026")
		resp := b.post(base+"/interactions/new", form)
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		errAt := strings.Index(resp.body, "Not a date.")
		if errAt < strings.Index(resp.body, `id="fu2-due"`) {
			t.Errorf("the date message is not under the third row")
		}
		mustContain(t, resp.body, `value="31/12/2026"`, `<option value="u:`+buyer.ID.String()+`" selected>`)
	})

	t.Run("ErrEndBeforeStartVietnamese", func(t *testing.T) {
		vb, _ := a.signIn(t, mutual.RoleBuyer, 0)
		vb.header.Set("Accept-Language", "vi")
		form := interactionForm(start)
		form.Set("ends_at", local(start.Add(-time.Hour)))
		resp := vb.post(base+"/interactions/new", form)
		mustContain(t, resp.body, "Thời điểm kết thúc phải sau thời điểm bắt đầu.", "Cam kết tiếp theo", "Thăm trực tiếp")
	})

	t.Run("Paging", func(t *testing.T) {
		ctx := storetest.Context(buyer)
		for i := 0; i < 30; i++ {
			in := &mutual.Interaction{PartnerID: p.ID, Kind: "call", OccurredAt: time.Now().Add(-time.Duration(100+i) * time.Hour), Subject: fmt.Sprintf("Paging call %02d", i)}
			if err := a.db.Services().Interactions.CreateInteraction(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		next, pages := base+"?kind=call", 0
		for next != "" {
			pages++
			resp := b.get(next)
			for _, m := range regexp.MustCompile(`Paging call \d\d`).FindAllString(resp.body, -1) {
				if seen[m] {
					t.Fatalf("page %d repeats %s", pages, m)
				}
				seen[m] = true
			}
			if strings.Contains(resp.body, "Quarterly business review") {
				t.Errorf("the kind filter lets a visit through")
			}
			next = ""
			if m := regexp.MustCompile(`href="(/partners/\d+\?[^"]*cursor=[^"#]*)#timeline" rel="next"`).FindStringSubmatch(resp.body); m != nil {
				next = strings.ReplaceAll(m[1], "&amp;", "&")
			}
		}
		if got, want := len(seen), 30; got != want {
			t.Errorf("saw %d calls over %d pages, want %d", got, pages, want)
		}
		resp := b.get(base + "?cursor=nonsense")
		mustContain(t, resp.body, "This link is out of date.")
	})
}

func TestInteractionPlanThenDone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAppOn(t, db)
		b, buyer := a.signIn(t, mutual.RoleManager, 0)
		p := relPartner(t, a, "Minh Long Packaging")
		base := fmt.Sprintf("/partners/%d", p.ID)

		resp := b.get(base + "/interactions/new?planned=1")
		mustContain(t, resp.body, "Plan meeting", `<option value="planned" selected>`, `value="meeting" checked`)

		form := url.Values{"kind": {"meeting"}, "level": {"management"}, "status": {"planned"},
			"occurred_at": {local(time.Now().Add(72 * time.Hour))}, "subject": {"Annual price talks"},
			"our_attendees": {buyer.ID.String()}}
		if resp := b.post(base+"/interactions/new", form); resp.status != http.StatusSeeOther {
			t.Fatalf("plan: status %d\n%s", resp.status, resp.body)
		}
		list, _, err := a.db.Services().Interactions.FindInteractions(storetest.Context(buyer), mutual.InteractionFilter{PartnerID: p.ID})
		if err != nil || len(list) != 1 {
			t.Fatalf("interactions = %v, %v", list, err)
		}
		in := list[0]
		page := b.get(base)
		editURL := fmt.Sprintf("%s/interactions/%d/edit", base, in.ID)
		mustContain(t, page.body, `class="entry entry-planned"`, `class="badge istatus-planned">Planned`,
			`href="`+editURL+`?done=1">Mark done`, fmt.Sprintf(`action="%s/interactions/%d/cancel"`, base, in.ID))

		resp = b.get(editURL + "?done=1")
		mustContain(t, resp.body, "Mark done: what happened?", `<option value="done" selected>`, `value="Annual price talks"`,
			fmt.Sprintf(`name="our_attendees" value="%d" checked`, buyer.ID))

		done := url.Values{"kind": {"meeting"}, "level": {"management"}, "status": {"done"}, "version": {"1"},
			"occurred_at": {local(time.Now().Add(-2 * time.Hour))}, "subject": {"Annual price talks"},
			"our_attendees": {buyer.ID.String()}, "outcome": {"Prices held for 2027"}, "sentiment": {"2"},
			"commitments[0].title": {"Confirm volumes"}, "commitments[0].side": {"ours"},
			"commitments[0].owner": {"u:" + buyer.ID.String()}, "commitments[0].due_on": {time.Now().AddDate(0, 0, 3).Format("2006-01-02")}}
		if resp := b.post(editURL, done); resp.status != http.StatusSeeOther {
			t.Fatalf("done: status %d\n%s", resp.status, resp.body)
		}
		page = b.get(base)
		mustContain(t, page.body, "Prices held for 2027", "Very positive", "Confirm volumes", `commitment commitment-open due-soon`, "Due within 7 days")
		mustNotContain(t, page.body, `entry-planned`, `>Mark done</a>`)

		t.Run("ErrStale", func(t *testing.T) {
			done.Set("outcome", "Someone else's outcome")
			done.Del("commitments[0].title")
			done.Del("commitments[0].due_on")
			done.Del("commitments[0].owner")
			resp := b.post(editURL, done) // still version 1
			if got, want := resp.status, http.StatusConflict; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			mustContain(t, resp.body, "Someone else changed this", "Saved meanwhile: Prices held for 2027", "Someone else&#39;s outcome", `name="version" value="2"`)
		})

		t.Run("Cancel", func(t *testing.T) {
			plan := &mutual.Interaction{PartnerID: p.ID, Kind: "video", Status: "planned", OccurredAt: time.Now().Add(96 * time.Hour), Subject: "Logistics sync"}
			if err := a.db.Services().Interactions.CreateInteraction(storetest.Context(buyer), plan); err != nil {
				t.Fatal(err)
			}
			cancelURL := fmt.Sprintf("%s/interactions/%d/cancel", base, plan.ID)
			if resp := b.post(cancelURL, url.Values{"version": {"7"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("stale cancel: status %d", resp.status)
			}
			mustContain(t, b.get(base).body, "was not cancelled", `class="entry entry-planned"`)
			if resp := b.post(cancelURL, url.Values{"version": {"1"}}); resp.status != http.StatusSeeOther {
				t.Fatalf("cancel: status %d", resp.status)
			}
			mustContain(t, b.get(base).body, "Meeting cancelled.", `class="entry entry-cancelled"`, `class="badge istatus-cancelled">Cancelled`)
		})

		t.Run("ErrOtherPartner", func(t *testing.T) {
			other := relPartner(t, a, "Other Co")
			if got, want := b.get(fmt.Sprintf("/partners/%d/interactions/%d/edit", other.ID, in.ID)).status, http.StatusNotFound; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
		})
	})
}

// BenchmarkPartnerTimeline measures the partner page of a partner with
// thousands of interactions and commitments: one page of the timeline,
// the cadence box and the commitments, through the whole handler.
func BenchmarkPartnerTimeline(b *testing.B) {
	a := newApp(b)
	br, buyer := a.signIn(b, mutual.RoleBuyer, 0)
	p := relPartner(b, a, "Công ty Cổ phần Sữa Việt Nam")
	ctx := storetest.Context(buyer)
	svc := a.db.Services()
	kinds := mutual.InteractionKinds
	for i := 0; i < 3000; i++ {
		one := i%5 - 2
		in := &mutual.Interaction{PartnerID: p.ID, Kind: kinds[i%len(kinds)], Level: mutual.InteractionLevels[i%3],
			OccurredAt: time.Now().Add(-time.Duration(i) * 7 * time.Hour), Subject: fmt.Sprintf("Interaction %d", i),
			Outcome: "Agreed next steps", Sentiment: &one, OurAttendees: []mutual.ID{buyer.ID}, TheirAttendees: []mutual.ID{p.Contacts[i%2].ID}}
		if i%10 == 0 {
			in.Commitments = []*mutual.Commitment{{Title: "Follow up", Side: "ours", OwnerUserID: buyer.ID, DueOn: dateIn(i%60 - 30)}}
		}
		if err := svc.Interactions.CreateInteraction(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	u, _ := http.NewRequest(http.MethodGet, a.srv.URL, nil)
	cookies := br.client.Jar.Cookies(u.URL)
	handler := a.srv.Config.Handler
	for _, path := range []string{fmt.Sprintf("/partners/%d", p.ID), fmt.Sprintf("/partners/%d?kind=visit&level=executive", p.ID)} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
