package web

import (
	"bytes"
	"mime"
	"net/http"

	"github.com/mutualsrm/mutual/csv"
)

// handleTabulationCSV sends the tabulation as a CSV file for a
// spreadsheet: one Tabulate call, written by the domain's CSV writer.
func (h *Handler) handleTabulationCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Bids.Tabulate(r.Context(), id)
	if err != nil {
		return err
	}
	// Written to a buffer first, so that a failure is an error page and
	// never half a file.
	var buf bytes.Buffer
	if err := csv.WriteTabulation(&buf, t); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "tabulation-" + id.String() + ".csv"}))
	_, err = w.Write(buf.Bytes())
	return err
}
