package api

import (
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
)

// invitationJSON is an invitation with submitted_at null until a bid came.
type invitationJSON struct {
	*mutual.Invitation
	SubmittedAt *time.Time `json:"submitted_at"`
}

func newInvitationList(items []*mutual.Invitation) list[invitationJSON] {
	out := make([]invitationJSON, len(items))
	for i, in := range items {
		out[i] = invitationJSON{Invitation: in, SubmittedAt: nullTime(in.SubmittedAt)}
	}
	return newList(out, "")
}

// handleInvitationList lists an event's invited partners and whether (not
// what) each has bid. Internal users only.
func (h *Handler) handleInvitationList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := h.svc.Invitations.FindInvitations(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newInvitationList(items))
}

// handleInvitationCreate invites {"partner_ids": [...]} and answers the
// whole list; partners invited already stay as they are.
func (h *Handler) handleInvitationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	ids := value[[]mutual.ID](o, "partner_ids")
	if err := o.done(); err != nil {
		return err
	}
	items, err := h.svc.Invitations.Invite(r.Context(), id, ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newInvitationList(items))
}

// handleInvitationDelete withdraws an invitation that has no bid.
func (h *Handler) handleInvitationDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := pathID(r, "partner_id")
	if err != nil {
		return err
	}
	if err := h.svc.Invitations.Uninvite(r.Context(), id, pid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
