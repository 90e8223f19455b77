package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// handleAuditList returns a page of audit records, newest first.
func (h *Handler) handleAuditList(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := mutual.AuditFilter{
		Entity:   q.str("entity"),
		EntityID: q.id("entity_id"),
		UserID:   q.id("user_id"),
		Cursor:   q.str("cursor"),
		Limit:    q.limit(),
	}
	if err := q.err(); err != nil {
		return err
	}
	records, next, err := h.svc.Audit.FindAuditRecords(r.Context(), f)
	if err != nil {
		return inQuery(err)
	}
	return writeJSON(w, http.StatusOK, newList(records, next))
}

// handleAuditVerify walks the audit chain and reports whether it is intact,
// and if not, the first altered or missing record.
func (h *Handler) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.Audit.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}
