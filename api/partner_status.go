package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// lifecycleJSON is a partner's place in its life cycle: its status, the
// moves allowed from it, and the moves recorded, newest first.
type lifecycleJSON struct {
	PartnerID mutual.ID              `json:"partner_id"`
	Status    string                 `json:"status"`
	Version   int                    `json:"version"`
	Allowed   []string               `json:"allowed"`
	History   []*mutual.StatusChange `json:"history"`
}

// handlePartnerStatusGet returns a partner's life cycle: the buying side's
// view, which supplier users do not get (404).
func (h *Handler) handlePartnerStatusGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	changes, err := h.svc.Partners.FindStatusChanges(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := h.svc.Partners.FindPartnerByID(r.Context(), id)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	return writeJSON(w, http.StatusOK, lifecycleJSON{PartnerID: p.ID, Status: p.Status, Version: p.Version, Allowed: p.StatusMoves(), History: changes})
}

// handlePartnerStatusChange moves a partner along its life cycle:
// {"status", "reason"}, with If-Match or "version" to guard against a
// change made meanwhile. A move the life cycle does not allow is 409 with
// its reason; a missing reason or an unknown status is 422.
func (h *Handler) handlePartnerStatusChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	m := mutual.StatusMove{Status: value[string](o, "status"), Reason: value[string](o, "reason")}
	if m.Version, err = expectedVersion(r, o.version()); err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return err
	}
	p, err := h.svc.Partners.ChangePartnerStatus(r.Context(), id, m)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	return writeJSON(w, http.StatusOK, newPartnerJSON(p))
}
