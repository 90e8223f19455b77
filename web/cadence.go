package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// cadenceFields are the inputs of a cadence: the longest gap in days per touch kind.
var cadenceFields = []string{"any_days", "visit_days", "executive_days"}

// cadenceForm is a cadence as typed; an empty gap means no requirement.
type cadenceForm struct {
	Any, Visit, Executive string
}

func cadenceFormFrom(c mutual.Cadence) cadenceForm {
	s := func(d *int) string {
		if d == nil {
			return ""
		}
		return strconv.Itoa(*d)
	}
	return cadenceForm{Any: s(c.AnyDays), Visit: s(c.VisitDays), Executive: s(c.ExecutiveDays)}
}

func readCadenceForm(f *form) cadenceForm {
	return cadenceForm{Any: f.Text("any_days"), Visit: f.Text("visit_days"), Executive: f.Text("executive_days")}
}

// check returns the cadence of the form, or every problem at once: those
// of reading the posted form pf and those of the domain. Days may be
// grouped the way the user's language writes numbers.
func (f cadenceForm) check(pf *form) (mutual.Cadence, error) {
	var c mutual.Cadence
	var probs mutual.Problems
	for _, in := range []struct {
		field, value string
		dest         **int
	}{{"any_days", f.Any, &c.AnyDays}, {"visit_days", f.Visit, &c.VisitDays}, {"executive_days", f.Executive, &c.ExecutiveDays}} {
		s := strings.TrimSpace(in.value)
		if s == "" {
			continue
		}
		n, ok := parseWholeNumber(pf.locale, s)
		if !ok {
			probs.Add(in.field, "whole_number", "Write a whole number of days, or leave it empty.")
			continue
		}
		*in.dest = &n
	}
	c.Validate("", &probs)
	return c, pf.check(probs.Err())
}

// cadenceBox is where a partner stands against its cadence, with both
// sides' follow-through and the form to override the cadence.
type cadenceBox struct {
	Segment       string
	Override      bool
	Touches       []mutual.TouchStatus
	FollowThrough []mutual.FollowThrough
	Form          cadenceForm
	CanEdit       bool
	Action        string
}

// loadCadenceBox reads a partner's cadence, touches and follow-through in one call.
func (h *Handler) loadCadenceBox(r *http.Request, partner *mutual.Partner) (*cadenceBox, error) {
	pc, err := h.svc.Cadences.PartnerCadence(r.Context(), partner.ID)
	if err != nil {
		return nil, err
	}
	return &cadenceBox{
		Segment:       pc.Segment,
		Override:      pc.Override,
		Touches:       pc.Touches,
		FollowThrough: pc.FollowThrough,
		Form:          cadenceFormFrom(pc.Cadence),
		CanEdit:       mutual.CanWritePartners(mutual.UserFromContext(r.Context())),
		Action:        "/partners/" + partner.ID.String() + "/cadence",
	}, nil
}

// cadenceFormPage is the form to override a partner's cadence, shown when
// the small form on the partner page needs correcting.
type cadenceFormPage struct {
	basePage
	formState
	Form        cadenceForm
	Action      string
	PartnerID   mutual.ID
	PartnerName string
	Segment     string
	Override    bool
}

// handlePartnerCadenceForm shows the form of a partner's cadence.
func (h *Handler) handlePartnerCadenceForm(w http.ResponseWriter, r *http.Request) error {
	partner, err := h.interactionPartner(r)
	if err != nil {
		return err
	}
	pc, err := h.svc.Cadences.PartnerCadence(r.Context(), partner.ID)
	if err != nil {
		return err
	}
	p := h.newCadenceFormPage(w, r, partner, pc)
	p.Form = cadenceFormFrom(pc.Cadence)
	return h.render(w, r, http.StatusOK, "cadence_form", p)
}

func (h *Handler) newCadenceFormPage(w http.ResponseWriter, r *http.Request, partner *mutual.Partner, pc *mutual.PartnerCadence) *cadenceFormPage {
	p := &cadenceFormPage{
		basePage:    h.newBase(w, r, "cadence.partner_title", "partners"),
		Action:      "/partners/" + partner.ID.String() + "/cadence",
		PartnerID:   partner.ID,
		PartnerName: partner.Name,
		Segment:     partner.Segment,
	}
	if pc != nil {
		p.Override = pc.Override
	}
	return p
}

// handlePartnerCadenceSet overrides a partner's cadence, or with
// reset=1 returns it to its segment's.
func (h *Handler) handlePartnerCadenceSet(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	partner, err := h.interactionPartner(r)
	if err != nil {
		return err
	}
	form := readCadenceForm(f)
	if f.Text("reset") == "1" && !f.TooLarge {
		_, err = h.svc.Cadences.SetPartnerCadence(r.Context(), partner.ID, nil)
	} else {
		var c mutual.Cadence
		if c, err = form.check(f); err == nil {
			_, err = h.svc.Cadences.SetPartnerCadence(r.Context(), partner.ID, &c)
		}
	}
	if err != nil {
		p := h.newCadenceFormPage(w, r, partner, nil)
		p.Form, p.Override = form, true
		return h.renderForm(w, r, "cadence_form", p, err, "", cadenceFields)
	}
	return h.redirectFlash(w, r, "/partners/"+partner.ID.String()+"#cadence", "flash.cadence_saved")
}

// cadenceListPage shows the cadence policy of each segment; administrators edit them.
type cadenceListPage struct {
	basePage
	formState
	Rows       []cadenceRow
	CanEdit    bool
	ErrSegment string // the segment whose form comes back with problems
}

// cadenceRow is one segment's policy.
type cadenceRow struct {
	Segment   string
	Form      cadenceForm
	Version   int
	UpdatedAt string
}

// RowErr returns the message of a field of segment's row, when that row
// was the one posted.
func (p *cadenceListPage) RowErr(segment, field string) string {
	if segment != p.ErrSegment {
		return ""
	}
	return p.Err(field)
}

// RowCur returns what someone else saved in a field of segment's row.
func (p *cadenceListPage) RowCur(segment, field string) string {
	if segment != p.ErrSegment {
		return ""
	}
	return p.Cur(field)
}

func (h *Handler) newCadenceListPage(w http.ResponseWriter, r *http.Request) (*cadenceListPage, error) {
	me := mutual.UserFromContext(r.Context())
	policies, err := h.svc.Cadences.FindCadences(r.Context())
	if err != nil {
		return nil, err
	}
	p := &cadenceListPage{basePage: h.newBase(w, r, "cadences.title", "cadences"), CanEdit: mutual.CanManageUsers(me)}
	for _, pol := range policies {
		p.Rows = append(p.Rows, cadenceRow{Segment: pol.Segment, Form: cadenceFormFrom(pol.Cadence), Version: pol.Version, UpdatedAt: p.DateTime(pol.UpdatedAt)})
	}
	return p, nil
}

// handleCadenceList shows the segment policies.
func (h *Handler) handleCadenceList(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newCadenceListPage(w, r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "cadence_list", p)
}

// handleCadenceUpdate saves one segment's policy. When someone else saved
// it meanwhile, the row comes back with what the user typed and what is
// saved now.
func (h *Handler) handleCadenceUpdate(w http.ResponseWriter, r *http.Request) error {
	f, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	segment := r.PathValue("segment")
	if !contains(mutual.Segments, segment) {
		return mutual.Errorf(mutual.ENOTFOUND, "No such segment.")
	}
	form := readCadenceForm(f)
	version := f.Version()
	c, err := form.check(f)
	if err == nil {
		_, err = h.svc.Cadences.UpdateCadence(r.Context(), segment, c, version)
	}
	if err == nil {
		return h.redirectFlash(w, r, "/cadences", "flash.cadence_saved")
	}
	p, perr := h.newCadenceListPage(w, r)
	if perr != nil {
		return perr
	}
	p.ErrSegment = segment
	for i, row := range p.Rows {
		if row.Segment != segment {
			continue
		}
		saved := row.Form
		p.Rows[i].Form = form
		if mutual.ErrorCode(err) == mutual.EPRECONDITION {
			p.Current = cadenceDifferences(&p.basePage, form, saved)
		} else {
			p.Rows[i].Version = version
		}
	}
	return h.renderForm(w, r, "cadence_list", p, err, "", cadenceFields)
}

// cadenceDifferences describes what is saved now where it differs from what was typed.
func cadenceDifferences(p *basePage, typed, saved cadenceForm) map[string]string {
	out := map[string]string{}
	for _, d := range []struct{ field, typed, saved string }{
		{"any_days", typed.Any, saved.Any}, {"visit_days", typed.Visit, saved.Visit}, {"executive_days", typed.Executive, saved.Executive},
	} {
		if strings.TrimSpace(d.typed) != d.saved {
			shown := d.saved
			if shown == "" {
				shown = p.T("cadence.no_requirement")
			}
			out[d.field] = p.T("form.saved_value", shown)
		}
	}
	return out
}
