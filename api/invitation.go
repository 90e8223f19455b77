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
	items, err := h.svc.Events.FindInvitations(r.Context(), id)
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
	items, err := h.svc.Events.Invite(r.Context(), id, ids)
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
	if err := h.svc.Events.Uninvite(r.Context(), id, pid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleClarificationList lists an event's clarifications, oldest first.
func (h *Handler) handleClarificationList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := h.svc.Events.FindClarifications(r.Context(), id)
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
	if err := h.svc.Events.AddClarification(r.Context(), c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// notificationJSON is a notification with read_at null while unread.
type notificationJSON struct {
	*mutual.Notification
	ReadAt *time.Time `json:"read_at"`
}

// handleNotificationList returns the caller's newest notifications;
// unread=true leaves out those read.
func (h *Handler) handleNotificationList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.NotificationFilter{UnreadOnly: q.boolean("unread"), Cursor: q.str("cursor"), Limit: q.limit()}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := h.svc.Events.FindNotifications(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	out := make([]notificationJSON, len(items))
	for i, n := range items {
		out[i] = notificationJSON{Notification: n, ReadAt: nullTime(n.ReadAt)}
	}
	return writeJSON(w, http.StatusOK, newList(out, next))
}

// handleNotificationsRead marks the caller's notifications up to
// {"up_to": id} read.
func (h *Handler) handleNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	o, err := readObject(r)
	if err != nil {
		return err
	}
	upTo := field[mutual.ID](o, "up_to")
	if upTo != nil && *upTo == 0 || upTo == nil && !o.problems.Has("up_to") {
		o.add("up_to", "required", "Give the ID of the newest notification read.")
	}
	if err := o.done(); err != nil {
		return err
	}
	if err := h.svc.Events.MarkNotificationsRead(r.Context(), *upTo); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
