package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// teamJSON is a partner's relationship team.
type teamJSON struct {
	Members []*mutual.TeamMember `json:"members"`
}

// handleTeamGet returns a partner's relationship team.
func (h *Handler) handleTeamGet(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	team, err := h.svc.Owners.FindTeam(r.Context(), pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, teamJSON{Members: team})
}

// handleTeamSet replaces a partner's relationship team with the members sent.
func (h *Handler) handleTeamSet(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	if !o.has("members") && !o.problems.Has("members") {
		o.add("members", "required", "Send the whole team as members (an empty list clears it).")
	}
	var members []mutual.TeamMember
	for _, m := range objects(o, "members") {
		if m == nil {
			continue
		}
		members = append(members, mutual.TeamMember{UserID: value[mutual.ID](m, "user_id"), Role: value[string](m, "role"), CoOwner: value[bool](m, "co_owner")})
		m.ignore("user_name")
		m.unknown()
	}
	if err := o.done(); err != nil {
		return withValidation(err, mutual.ValidateTeam(members))
	}
	team, err := h.svc.Owners.SetTeam(r.Context(), pid, members)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, teamJSON{Members: team})
}
