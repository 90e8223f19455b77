package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mutualsrm/mutual"
)

// handleEventInvite invites the suppliers chosen on the event page.
func (h *Handler) handleEventInvite(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.event_invited", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		ids, ok := parseIDs(v["partner_ids"])
		if !ok {
			var p mutual.Problems
			p.Add("partner_ids", "id", "Choose suppliers from the list.")
			return "", p.Err()
		}
		_, err := h.svc.Invitations.Invite(ctx, e.ID, ids)
		return "", err
	})
}

// handleEventUninvite withdraws an invitation that has no bid.
func (h *Handler) handleEventUninvite(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.event_uninvited", func(ctx context.Context, e *mutual.Event, v url.Values) (string, error) {
		pid, err := pathID(r, "pid")
		if err != nil {
			return "", err
		}
		return "", h.svc.Invitations.Uninvite(ctx, e.ID, pid)
	})
}
