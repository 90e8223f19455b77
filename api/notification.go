package api

import (
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
)

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
	items, next, err := h.svc.Notifications.FindNotifications(r.Context(), f)
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
	if err := h.svc.Notifications.MarkNotificationsRead(r.Context(), *upTo); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
