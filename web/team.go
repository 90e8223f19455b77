package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// teamRow is one internal user on the team form: on the team or not, and
// with what role.
type teamRow struct {
	User    *mutual.User
	Checked bool
	Role    string
	CoOwner bool // shares the ownership of the relationship
	// CanCoOwn offers the co-owner box: to those who may own relationships,
	// and to a co-owner who no longer may, to keep or drop.
	CanCoOwn bool
	Error    string
}

// teamPage edits a partner's relationship team.
type teamPage struct {
	basePage
	Partner *mutual.Partner
	Rows    []teamRow
	Error   string
}

// teamRows lists every active internal user, team members first, and adds
// members who have left since (they may stay on the team).
func teamRows(users []*mutual.User, team []*mutual.TeamMember) []teamRow {
	on := map[mutual.ID]*mutual.TeamMember{}
	for _, m := range team {
		on[m.UserID] = m
	}
	var rows []teamRow
	seen := map[mutual.ID]bool{}
	for _, m := range team {
		u := &mutual.User{ID: m.UserID, Name: m.UserName}
		for _, au := range users {
			if au.ID == m.UserID {
				u = au
			}
		}
		rows = append(rows, teamRow{User: u, Checked: true, Role: m.Role, CoOwner: m.CoOwner, CanCoOwn: m.CoOwner || u.CanOwnRelationships()})
		seen[m.UserID] = true
	}
	for _, u := range users {
		if !seen[u.ID] {
			rows = append(rows, teamRow{User: u, CanCoOwn: u.CanOwnRelationships()})
		}
	}
	return rows
}

func (h *Handler) teamPage(w http.ResponseWriter, r *http.Request) (*teamPage, []*mutual.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	partner, err := h.svc.Partners.FindPartnerByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	users, err := h.svc.Users.FindAssignableUsers(ctx)
	if err != nil {
		return nil, nil, err
	}
	p := &teamPage{basePage: h.newBase(w, r, "team.title", "partners"), Partner: partner}
	return p, users, nil
}

// handleTeamEdit shows the team form.
func (h *Handler) handleTeamEdit(w http.ResponseWriter, r *http.Request) error {
	p, users, err := h.teamPage(w, r)
	if err != nil {
		return err
	}
	team, err := h.svc.Owners.FindTeam(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	p.Rows = teamRows(users, team)
	return h.render(w, r, http.StatusOK, "team_form", p)
}

// handleTeamUpdate saves the team; on a problem the form comes back with
// what was chosen and each row's message.
func (h *Handler) handleTeamUpdate(w http.ResponseWriter, r *http.Request) error {
	p, users, err := h.teamPage(w, r)
	if err != nil {
		return err
	}
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	team, err := h.svc.Owners.FindTeam(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	p.Rows = teamRows(users, team)
	var members []mutual.TeamMember
	index := map[int]int{} // member index -> row index
	for i := range p.Rows {
		row := &p.Rows[i]
		key := row.User.ID.String()
		row.Checked = f.Bool("member_" + key)
		row.Role = f.Text("role_" + key)
		row.CoOwner = f.Bool("co_owner_" + key)
		if row.Checked {
			index[len(members)] = i
			members = append(members, mutual.TeamMember{UserID: row.User.ID, Role: row.Role, CoOwner: row.CoOwner})
		}
	}
	_, err = h.svc.Owners.SetTeam(r.Context(), p.Partner.ID, members)
	if mutual.ErrorCode(err) == mutual.EINVALID {
		for _, f := range mutual.ErrorFields(err) {
			// Fields are named members[i].field.
			rest, ok := strings.CutPrefix(f.Field, "members[")
			n, _, _ := strings.Cut(rest, "]")
			if i, convErr := strconv.Atoi(n); ok && convErr == nil {
				if row, ok := index[i]; ok {
					p.Rows[row].Error = i18n.FieldMessage(p.Locale, f)
					continue
				}
			}
			p.Error = i18n.FieldMessage(p.Locale, f)
		}
		return h.render(w, r, http.StatusUnprocessableEntity, "team_form", p)
	} else if err != nil {
		return err
	}
	h.flash(w, "flash.team_saved")
	http.Redirect(w, r, "/partners/"+p.Partner.ID.String(), http.StatusSeeOther)
	return nil
}
