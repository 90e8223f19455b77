package store

import (
	"strconv"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// Lists are read a row past the page (LIMIT limit+1): that row, when it
// comes, says there is a next page.

// nextPage cuts list, read with one row more than limit, to the page, and
// returns the cursor of the next page: cursor of the page's last item, or
// "" when there is no next page.
func nextPage[T any](list []T, limit int, cursor func(T) string) ([]T, string) {
	if len(list) <= limit {
		return list, ""
	}
	list = list[:limit]
	return list, cursor(list[limit-1])
}

// timeIDCursor reads a cursor of a list newest first by a time and then
// ID: the previous page's last item's time and ID, as timeCursor writes
// them.
func timeIDCursor(cursor string) (time.Time, int64, error) {
	at, id, ok := strings.Cut(cursor, "_")
	t, err := time.Parse(time.RFC3339Nano, at)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || err2 != nil || n <= 0 {
		return time.Time{}, 0, badCursor()
	}
	return t, n, nil
}

// timeCursor is the cursor after an item at t with id.
func timeCursor(t time.Time, id mutual.ID) string {
	return t.UTC().Format(time.RFC3339Nano) + "_" + id.String()
}
