package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// handleClarificationList lists an event's clarifications, oldest first.
func (h *Handler) handleClarificationList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := h.svc.Clarifications.FindClarifications(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, ""))
}

// handleClarificationCreate publishes {"text"} to every invitee of an open event.
func (h *Handler) handleClarificationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	c := &mutual.Clarification{EventID: id, Text: value[string](o, "text")}
	o.reject("Set by the server.", "event_id", "created_by")
	if err := o.done(); err != nil {
		return err
	}
	if err := h.svc.Clarifications.AddClarification(r.Context(), c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}
