package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// handleAttentionList returns the relationships that need attention now,
// most urgent first, each with its reasons. mine=true keeps the caller's
// partners (those it is the key account manager of).
func (h *Handler) handleAttentionList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.AttentionFilter{Limit: q.limit()}
	if q.boolean("mine") {
		f.OwnerID = mutual.UserFromContext(r.Context()).ID
	}
	if err := q.err(); err != nil {
		return err
	}
	items, err := h.svc.Attention.FindAttention(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newList(items, ""))
}

// boolean returns a parameter that must be true or false (1 or 0); absent
// is false.
func (q *query) boolean(name string) bool {
	switch q.str(name) {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	}
	q.problems.Add("query."+name, "boolean", "Must be true or false.")
	return false
}
