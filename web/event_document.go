package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mutualsrm/mutual"
)

// handleDocumentUpload adds a document to a draft or open event. A file
// above the size limit is refused with the event page saying so (413 for
// a body over the route's limit).
func (h *Handler) handleDocumentUpload(w http.ResponseWriter, r *http.Request) error {
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	f, err := h.readMultipartForm(w, r, mutual.MaxDocumentSize, 1)
	if err != nil {
		return err
	}
	defer f.close()
	d, err := f.Document("file")
	if err == nil {
		err = f.check(nil)
	}
	if err == nil && d == nil {
		f.Problems.Add("file", "required", "Choose a file.")
		err = f.check(nil)
	}
	if err == nil {
		d.EventID = e.ID
		err = h.svc.Documents.AddDocument(r.Context(), d)
	}
	if err != nil {
		return h.eventActionFailed(w, r, e.ID, nil, err)
	}
	return h.redirectFlash(w, r, "/events/"+e.ID.String()+"#documents", "flash.document_added")
}

// handleDocumentDownload sends a document of the event, or an attachment
// of a visible bid, as a download (writeDocument, shared with the portal).
func (h *Handler) handleDocumentDownload(w http.ResponseWriter, r *http.Request) error {
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	did, err := pathID(r, "did")
	if err != nil {
		return err
	}
	d, err := h.svc.Documents.FindDocument(r.Context(), e.ID, did)
	if err != nil {
		return err
	}
	return writeDocument(w, d)
}

// handleDocumentDelete removes a document from a draft.
func (h *Handler) handleDocumentDelete(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "flash.document_deleted", func(ctx context.Context, e *mutual.Event, _ url.Values) (string, error) {
		did, err := pathID(r, "did")
		if err != nil {
			return "", err
		}
		return "/events/" + e.ID.String() + "#documents", h.svc.Documents.DeleteDocument(ctx, e.ID, did)
	})
}
