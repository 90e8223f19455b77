package store

import "strconv"

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

// idCursor reads a cursor that is the ID of the previous page's last item,
// for lists newest first by ID.
func idCursor(cursor string) (int64, error) {
	n, err := strconv.ParseInt(cursor, 10, 64)
	if err != nil || n <= 0 {
		return 0, badCursor()
	}
	return n, nil
}
