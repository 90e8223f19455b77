package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// homeNotificationsShown is how many unread notifications the buying
// side's home page shows.
const homeNotificationsShown = 10

// notificationRow is one notification in words.
type notificationRow struct {
	N      *mutual.Notification
	Text   string
	URL    string
	Unread bool
}

// notificationBox is the signed-in user's latest notifications, unread
// first, for the home page and the portal's.
type notificationBox struct {
	Notifications []notificationRow
	Unread        int
	ReadUpTo      mutual.ID // the newest notification shown
}

// loadNotifications reads the signed-in user's notifications in f, in
// words in the page's language. One call.
func (h *Handler) loadNotifications(r *http.Request, p *basePage, f mutual.NotificationFilter) (notificationBox, error) {
	var box notificationBox
	notes, _, err := h.svc.Notifications.FindNotifications(r.Context(), f)
	if err != nil {
		return box, err
	}
	for _, n := range notes {
		row := notificationRow{N: n, Unread: n.ReadAt.IsZero(), URL: localPath(n.Link, "")}
		row.Text = n.Subject
		if key := "portal.notification." + string(n.Kind); i18n.Has(key) {
			row.Text = p.T(key, n.Subject)
		}
		if row.Unread {
			box.Unread++
		}
		if box.ReadUpTo == 0 {
			box.ReadUpTo = n.ID // the store lists the newest first
		}
		box.Notifications = append(box.Notifications, row)
	}
	// Unread first, each group newest first as the store gives them.
	sort.SliceStable(box.Notifications, func(i, j int) bool {
		return box.Notifications[i].Unread && !box.Notifications[j].Unread
	})
	return box, nil
}

// handleNotificationsRead marks the user's notifications read, up to the
// newest the page showed, so that one arriving meanwhile stays unread, and
// goes back to the user's start page.
func (h *Handler) handleNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	u := mutual.UserFromContext(r.Context())
	f, err := h.readSmallForm(w, r)
	if err != nil {
		return err
	}
	upTo, err := strconv.ParseInt(f.Text("up_to"), 10, 64)
	if err != nil || upTo <= 0 {
		return mutual.Errorf(mutual.EMALFORMED, "The form could not be read.")
	}
	if err := h.svc.Notifications.MarkNotificationsRead(r.Context(), mutual.ID(upTo)); err != nil {
		return err
	}
	next := "/"
	if u.Role == mutual.RoleSupplier {
		next = "/portal"
	}
	return h.redirectFlash(w, r, next, "flash.notifications_read")
}
