package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// handleOwnerList returns each key account manager's load, busiest first,
// and the partners without a KAM (owner_id null).
func (h *Handler) handleOwnerList(w http.ResponseWriter, r *http.Request) error {
	loads, err := h.svc.Owners.OwnerLoads(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(loads, ""))
}

// reassignResult is the answer to a bulk reassignment.
type reassignResult struct {
	Moved int `json:"moved"`
}

// handlePartnerReassign moves partners to another KAM in bulk: every
// partner of from_owner_id, or those in partner_ids. Managers and admins.
func (h *Handler) handlePartnerReassign(w http.ResponseWriter, r *http.Request) error {
	// The route table answers who may do this before what was sent is wrong.
	o, err := readObject(r)
	if err != nil {
		return err
	}
	re := mutual.Reassignment{
		FromOwnerID: value[mutual.ID](o, "from_owner_id"),
		ToOwnerID:   value[mutual.ID](o, "to_owner_id"),
		PartnerIDs:  value[[]mutual.ID](o, "partner_ids"),
	}
	if err := o.done(); err != nil {
		return withValidation(err, re.Validate())
	}
	n, err := h.svc.Owners.ReassignPartners(r.Context(), re)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reassignResult{Moved: n})
}
