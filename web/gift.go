package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// Gift pages read at most this many entries at once.
const (
	giftsPerPage  = 50
	recentGifts   = 5 // entries on a partner page
	giftNoteLimit = 2000
)

// giftFields are the inputs of the gift form, named like the API fields.
var giftFields = []string{"direction", "kind", "description", "value.amount", "value.currency", "occurred_on", "our_people", "their_people"}

// giftRow is one register entry as a list shows it, with the decision
// buttons when the user may press them.
type giftRow struct {
	G          *mutual.Gift
	PartnerURL string
	ActionURL  string // the entry's URL; "/approve" and "/reject" follow
	CanDecide  bool
}

// Badge returns the badge classes of the entry's status.
func (r giftRow) Badge() string {
	switch r.G.Status {
	case "approved":
		return "badge badge-ok gstatus-approved"
	case "rejected":
		return "badge badge-overdue gstatus-rejected"
	}
	return "badge badge-soon gstatus-declared"
}

// giftRows prepares the rows for me: managers and admins decide declared
// entries, never their own.
func giftRows(me *mutual.User, list []*mutual.Gift) []giftRow {
	rows := make([]giftRow, len(list))
	for i, g := range list {
		base := "/partners/" + g.PartnerID.String()
		rows[i] = giftRow{G: g, PartnerURL: base, ActionURL: base + "/gifts/" + g.ID.String(),
			CanDecide: g.State() == mutual.GiftDeclared && mutual.CanDecideGifts(me) && g.DeclaredBy != me.ID}
	}
	return rows
}

// giftYear is one line of a partner's totals: what went each way in a year.
type giftYear struct {
	Year              int
	Given, Received   mutual.Money
	NGiven, NReceived int
}

// giftBox is the "Gifts and hospitality" card of a partner page.
type giftBox struct {
	Years      []giftYear
	Rows       []giftRow
	CanDeclare bool
	DeclareURL string
	MoreURL    string // the partner's whole register, when there is more
}

// loadGiftBox reads a partner's totals and latest entries: two calls.
func (h *Handler) loadGiftBox(r *http.Request, partner *mutual.Partner) (*giftBox, error) {
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	totals, err := h.svc.Gifts.GiftTotals(ctx, partner.ID)
	if err != nil {
		return nil, err
	}
	list, next, err := h.svc.Gifts.FindGifts(ctx, mutual.GiftFilter{PartnerID: partner.ID, Limit: recentGifts})
	if err != nil {
		return nil, err
	}
	b := &giftBox{Rows: giftRows(me, list), CanDeclare: mutual.CanWritePartners(me)}
	b.DeclareURL = "/partners/" + partner.ID.String() + "/gifts/new"
	if next != "" {
		b.MoreURL = "/gifts?partner_id=" + partner.ID.String()
	}
	byYear := map[int]*giftYear{}
	for _, t := range totals {
		y := byYear[t.Year]
		if y == nil {
			y = &giftYear{Year: t.Year}
			byYear[t.Year] = y
		}
		if t.Direction == "given" {
			y.Given, y.NGiven = t.Total, t.Count
		} else {
			y.Received, y.NReceived = t.Total, t.Count
		}
	}
	for _, y := range byYear {
		b.Years = append(b.Years, *y)
	}
	sort.Slice(b.Years, func(i, j int) bool { return b.Years[i].Year > b.Years[j].Year })
	return b, nil
}

// GiftRows returns the partner's latest entries for the shared template.
func (p *partnerPage) GiftRows() []giftRow { return p.Gifts.Rows }

// GiftRows returns the register's page for the shared template.
func (p *giftListPage) GiftRows() []giftRow { return p.Rows }

// ShowPartner reports whether rows name their partner: not on its own page.
func (p *partnerPage) ShowPartner() bool { return false }

// ShowPartner reports whether rows name their partner.
func (p *giftListPage) ShowPartner() bool { return true }

// giftForm is the gift form as the user typed it.
type giftForm struct {
	Direction, Kind, Description string
	Amount, Currency, OccurredOn string
	Ours, Theirs                 []string
}

// HasOur reports whether one of our users is ticked.
func (f *giftForm) HasOur(id mutual.ID) bool { return contains(f.Ours, id.String()) }

// HasTheir reports whether a contact is ticked.
func (f *giftForm) HasTheir(id mutual.ID) bool { return contains(f.Theirs, id.String()) }

// readGiftForm reads the gift form: what the user typed, to show again,
// and the gift it describes; values that do not read are problems of f.
func readGiftForm(f *form) (giftForm, *mutual.Gift) {
	gf := giftForm{Direction: f.Text("direction"), Kind: f.Text("kind"), Description: f.Text("description"),
		Amount: f.Text("value.amount"), Currency: f.Text("value.currency"), OccurredOn: f.Text("occurred_on"),
		Ours: f.List("our_people"), Theirs: f.List("their_people")}
	g := &mutual.Gift{Direction: gf.Direction, Kind: gf.Kind, Description: gf.Description}
	g.Value = f.Money("value", "gift.value")
	if g.Value.IsZero() {
		g.Value.Currency = strings.ToUpper(strings.TrimSpace(gf.Currency))
		if strings.TrimSpace(gf.Amount) == "" && g.Value.Currency != "" {
			f.Problems.Add("value.amount", "required", "Value is required, with its currency.")
		}
	}
	g.OccurredOn = f.Date("occurred_on", "gift.occurred_on")
	g.OurPeople = f.IDs("our_people")
	g.TheirPeople = f.IDs("their_people")
	return gf, g
}

// giftFormPage is the form to declare a gift.
type giftFormPage struct {
	basePage
	formState
	Form        giftForm
	Action      string
	PartnerID   mutual.ID
	PartnerName string
	Directions  []string
	Kinds       []string
	Currencies  []string
	Users       []*mutual.User
	Contacts    []*mutual.Contact
	Policy      *mutual.GiftPolicy
}

// giftPartner loads the partner of the path for declaring gifts.
func (h *Handler) giftPartner(r *http.Request) (*mutual.Partner, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.svc.Partners.FindPartnerByID(r.Context(), id)
}

func (h *Handler) newGiftFormPage(w http.ResponseWriter, r *http.Request, partner *mutual.Partner) (*giftFormPage, error) {
	ctx := r.Context()
	users, err := h.svc.Users.FindAssignableUsers(ctx)
	if err != nil {
		return nil, err
	}
	policy, err := h.svc.Gifts.FindGiftPolicy(ctx)
	if err != nil {
		return nil, err
	}
	return &giftFormPage{
		basePage:    h.newBase(w, r, "gift.new_title", "gifts"),
		Action:      "/partners/" + partner.ID.String() + "/gifts/new",
		PartnerID:   partner.ID,
		PartnerName: partner.Name,
		Directions:  mutual.GiftDirections,
		Kinds:       mutual.GiftKinds,
		Currencies:  mutual.Currencies(),
		Users:       users,
		Contacts:    partner.Contacts,
		Policy:      policy,
	}, nil
}

// handleGiftNew shows an empty declaration form.
func (h *Handler) handleGiftNew(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.giftPartner(r)
	if err != nil {
		return err
	}
	p, err := h.newGiftFormPage(w, r, partner)
	if err != nil {
		return err
	}
	me := mutual.UserFromContext(r.Context())
	p.Form = giftForm{Direction: "received", Kind: "gift", Currency: p.Policy.BaseCurrency, OccurredOn: h.today().String(), Ours: []string{me.ID.String()}}
	return h.render(w, r, http.StatusOK, "gift_form", p)
}

// handleGiftCreate declares a gift, or shows the form with the problems
// beside their fields.
func (h *Handler) handleGiftCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.giftPartner(r)
	if err != nil {
		return err
	}
	form, g := readGiftForm(f)
	g.PartnerID = partner.ID
	if len(f.Problems) > 0 || f.TooLarge {
		err = f.check(g.Validate())
	} else {
		err = h.svc.Gifts.DeclareGift(r.Context(), g)
	}
	if err != nil {
		p, perr := h.newGiftFormPage(w, r, partner)
		if perr != nil {
			return perr
		}
		p.Form = form
		return h.renderForm(w, r, "gift_form", p, err, "", giftFields)
	}
	flash := "flash.gift_declared"
	if g.State() == mutual.GiftApproved {
		flash = "flash.gift_approved"
	}
	return h.redirectFlash(w, r, "/partners/"+partner.ID.String()+"#gifts", flash)
}

// handleGiftApprove approves a declared gift and goes back where the button was.
func (h *Handler) handleGiftApprove(w http.ResponseWriter, r *http.Request) error {
	return h.decideGift(w, r, true)
}

// handleGiftReject rejects a declared gift; the note says why.
func (h *Handler) handleGiftReject(w http.ResponseWriter, r *http.Request) error {
	return h.decideGift(w, r, false)
}

func (h *Handler) decideGift(w http.ResponseWriter, r *http.Request, approve bool) error {
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	gid, err := pathID(r, "gid")
	if err != nil {
		return err
	}
	ctx := r.Context()
	g, err := h.svc.Gifts.FindGiftByID(ctx, gid)
	if err != nil {
		return err
	}
	if g.PartnerID != id {
		return mutual.Errorf(mutual.ENOTFOUND, "Gift not found.")
	}
	version := f.Version()
	note := f.Text("note")
	if len([]rune(note)) > giftNoteLimit {
		note = string([]rune(note)[:giftNoteLimit])
	}
	_, err = h.svc.Gifts.DecideGift(ctx, g.ID, mutual.GiftDecision{Approve: approve, Note: note, Version: version})
	switch mutual.ErrorCode(err) {
	case "":
		if approve {
			h.flash(w, "flash.gift_decided_approved")
		} else {
			h.flash(w, "flash.gift_decided_rejected")
		}
	case mutual.EINVALID:
		h.flash(w, "flash.gift_note_required")
	case mutual.EPRECONDITION, mutual.ECONFLICT:
		h.flash(w, "flash.gift_stale")
	default:
		return err
	}
	return h.redirectFlash(w, r, f.Next("/gifts?status=declared"), "")
}

// giftListPage is the register across partners, with its filters.
type giftListPage struct {
	basePage
	Rows        []giftRow
	StatusLinks []filterLink
	Status      string
	Direction   string
	Year        int
	PartnerID   mutual.ID
	PartnerName string
	CanDecide   bool
	NextURL     string
	FirstURL    string
	Message     string
}

// handleGiftList shows a page of the register: every partner's, or one's;
// the declared entries are the approval queue.
func (h *Handler) handleGiftList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := mutual.UserFromContext(ctx)
	q := r.URL.Query()
	f := mutual.GiftFilter{Cursor: q.Get("cursor"), Limit: giftsPerPage}
	if v := q.Get("status"); contains(mutual.GiftStatuses, v) {
		f.Status = v
	}
	if v := q.Get("direction"); contains(mutual.GiftDirections, v) {
		f.Direction = v
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1990 && y <= 2200 {
		f.Year = y
	}
	if id, ok := mutual.ParseID(q.Get("partner_id")); ok {
		f.PartnerID = id
	}
	p := &giftListPage{basePage: h.newBase(w, r, "gifts.title", "gifts"), Status: f.Status, Direction: f.Direction, Year: f.Year,
		PartnerID: f.PartnerID, CanDecide: mutual.CanDecideGifts(me)}
	list, next, err := h.svc.Gifts.FindGifts(ctx, f)
	switch {
	case mutual.ErrorCode(err) == mutual.EINVALID:
		p.Message = p.T("partners.bad_link")
	case err != nil:
		return err
	}
	p.Rows = giftRows(me, list)
	if f.PartnerID != 0 && len(list) > 0 {
		p.PartnerName = list[0].PartnerName
	}
	link := func(status, cursor string) string {
		v := url.Values{}
		for k, s := range map[string]string{"status": status, "direction": f.Direction, "partner_id": f.PartnerID.String(), "cursor": cursor} {
			if s != "" {
				v.Set(k, s)
			}
		}
		if f.Year != 0 {
			v.Set("year", strconv.Itoa(f.Year))
		}
		if len(v) == 0 {
			return "/gifts"
		}
		return "/gifts?" + v.Encode()
	}
	p.StatusLinks = append(p.StatusLinks, filterLink{Label: p.T("gifts.all"), URL: link("", ""), Current: f.Status == ""})
	for _, s := range mutual.GiftStatuses {
		label := p.Label("gift_status", s)
		if s == "declared" {
			label = p.T("gifts.queue")
		}
		p.StatusLinks = append(p.StatusLinks, filterLink{Label: label, URL: link(s, ""), Current: f.Status == s})
	}
	if next != "" {
		p.NextURL = link(f.Status, next)
	}
	if f.Cursor != "" {
		p.FirstURL = link(f.Status, "")
	}
	return h.render(w, r, http.StatusOK, "gift_list", p)
}

// giftPolicyPage shows the policy; administrators edit it in place.
type giftPolicyPage struct {
	basePage
	formState
	Policy     *mutual.GiftPolicy
	CanEdit    bool
	Form       giftPolicyForm
	Currencies []string
}

// giftPolicyForm is the policy form as typed; Rates is one "USD=25400" per line.
type giftPolicyForm struct {
	BaseCurrency, Item, Yearly, Rates string
	Version                           int
}

// giftPolicyFields are the inputs of the policy form.
var giftPolicyFields = []string{"base_currency", "item_threshold.amount", "yearly_threshold.amount", "rates"}

func giftPolicyFormFrom(locale string, p *mutual.GiftPolicy) giftPolicyForm {
	codes := make([]string, 0, len(p.Rates))
	for c := range p.Rates {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	lines := make([]string, len(codes))
	for i, c := range codes {
		lines[i] = c + " = " + i18n.InputDecimal(locale, p.Rates[c])
	}
	return giftPolicyForm{BaseCurrency: p.BaseCurrency, Item: i18n.InputDecimal(locale, p.ItemThreshold.Amount), Yearly: i18n.InputDecimal(locale, p.YearlyThreshold.Amount),
		Rates: strings.Join(lines, "\n"), Version: p.Version}
}

// readGiftPolicyForm reads the policy form: what the user typed, to show
// again, and the policy it describes. Values that do not read are problems
// of f; problems in rates name the line's currency.
func readGiftPolicyForm(f *form) (giftPolicyForm, *mutual.GiftPolicy) {
	gf := giftPolicyForm{BaseCurrency: f.Text("base_currency"), Item: f.Text("item_threshold.amount"), Yearly: f.Text("yearly_threshold.amount"),
		Rates: f.Text("rates"), Version: f.Version()}
	p := &mutual.GiftPolicy{BaseCurrency: strings.ToUpper(strings.TrimSpace(gf.BaseCurrency)), Version: gf.Version, Rates: map[string]mutual.Decimal{}}
	p.ItemThreshold = mutual.Money{Amount: f.Decimal("item_threshold.amount", "gift_policy.item_threshold"), Currency: p.BaseCurrency}
	p.YearlyThreshold = mutual.Money{Amount: f.Decimal("yearly_threshold.amount", "gift_policy.yearly_threshold"), Currency: p.BaseCurrency}
	for _, line := range strings.Split(gf.Rates, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cur, rate, ok := strings.Cut(line, "=")
		d, valid := parseNumber(f.locale, rate)
		if !ok || !valid {
			f.Problems.Add("rates", "rate_line", "Write one rate a line, such as USD = 25400.")
			continue
		}
		p.Rates[strings.ToUpper(strings.TrimSpace(cur))] = d
	}
	return gf, p
}

// ratesField names every problem of a rate as the rates input.
func ratesField(err error) error {
	fields := mutual.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	out := &mutual.Error{Code: mutual.ErrorCode(err), Message: mutual.ErrorMessage(err), Fields: make([]mutual.FieldError, len(fields))}
	for i, fe := range fields {
		if cur, ok := strings.CutPrefix(fe.Field, "rates."); ok {
			fe.Field, fe.Message = "rates", cur+": "+fe.Message
		}
		if fe.Field == "item_threshold.currency" || fe.Field == "yearly_threshold.currency" {
			fe.Field = "base_currency"
		}
		out.Fields[i] = fe
	}
	return out
}

// handleGiftPolicy shows the gift policy.
func (h *Handler) handleGiftPolicy(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pol, err := h.svc.Gifts.FindGiftPolicy(ctx)
	if err != nil {
		return err
	}
	p := &giftPolicyPage{basePage: h.newBase(w, r, "gift_policy.title", "gifts"), Policy: pol,
		CanEdit: mutual.CanManageUsers(mutual.UserFromContext(ctx)), Form: giftPolicyFormFrom(localeFrom(ctx), pol), Currencies: mutual.Currencies()}
	return h.render(w, r, http.StatusOK, "gift_policy", p)
}

// handleGiftPolicyUpdate saves the policy (administrators), or shows the
// form with the problems.
func (h *Handler) handleGiftPolicyUpdate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form, pol := readGiftPolicyForm(f)
	if len(f.Problems) > 0 || f.TooLarge {
		probe := *pol
		err = f.check(probe.Validate())
	} else {
		_, err = h.svc.Gifts.UpdateGiftPolicy(ctx, pol)
	}
	if err == nil {
		return h.redirectFlash(w, r, "/gift-policy", "flash.gift_policy_saved")
	}
	cur, cerr := h.svc.Gifts.FindGiftPolicy(ctx)
	if cerr != nil {
		return cerr
	}
	p := &giftPolicyPage{basePage: h.newBase(w, r, "gift_policy.title", "gifts"), Policy: cur, CanEdit: true, Form: form, Currencies: mutual.Currencies()}
	if mutual.ErrorCode(err) == mutual.EPRECONDITION {
		p.Form.Version = cur.Version
	}
	return h.renderForm(w, r, "gift_policy", p, ratesField(err), "", giftPolicyFields)
}

// ShowGiftsNav reports whether the header links the register: internal users.
func (p *basePage) ShowGiftsNav() bool { return mutual.CanReadInteractions(p.User) }
