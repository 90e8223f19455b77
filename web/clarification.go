package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mutualsrm/mutual"
)

// handleClarificationAdd publishes a clarification to every invitee of
// an open event.
func (h *Handler) handleClarificationAdd(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.clarification_added", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		return "/events/" + e.ID.String() + "#clarifications", h.svc.Clarifications.AddClarification(ctx, &mutual.Clarification{EventID: e.ID, Text: v.Get("text")})
	})
}
