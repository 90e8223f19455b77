package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/mutualsrm/mutual"
)

// maxDocumentBody bounds an upload's request: the largest document and
// room for the multipart framing.
const maxDocumentBody = mutual.MaxDocumentSize + 64<<10

// handleDocumentUpload adds a document to a draft or open event. A file
// above the size limit is refused with the event page saying so.
func (h *Handler) handleDocumentUpload(w http.ResponseWriter, r *http.Request) error {
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	d, err := readDocument(w, r)
	if err == nil {
		d.EventID = e.ID
		err = h.svc.Documents.AddDocument(r.Context(), d)
	}
	if err != nil {
		return h.eventActionFailed(w, r, e.ID, nil, err)
	}
	h.flash(w, "flash.document_added")
	http.Redirect(w, r, "/events/"+e.ID.String()+"#documents", http.StatusSeeOther)
	return nil
}

// readDocument reads the "file" part of a multipart upload.
func readDocument(w http.ResponseWriter, r *http.Request) (*mutual.Document, error) {
	var p mutual.Problems
	r.Body = http.MaxBytesReader(w, r.Body, maxDocumentBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, mutual.Errorf(mutual.EMALFORMED, "The upload could not be read.")
	}
	for {
		part, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case err == io.EOF:
			p.Add("file", "required", "Choose a file.")
			return nil, p.Err()
		case errors.As(err, &tooBig):
			p.Add("file", "too_large", "Files are at most 10 MB.")
			return nil, p.Err()
		case err != nil:
			return nil, mutual.Errorf(mutual.EMALFORMED, "The upload could not be read.")
		}
		if part.FormName() != "file" {
			drain(part)
			continue
		}
		if part.FileName() == "" {
			p.Add("file", "required", "Choose a file.")
			return nil, p.Err()
		}
		content, err := io.ReadAll(io.LimitReader(part, mutual.MaxDocumentSize+1))
		if errors.As(err, &tooBig) || len(content) > mutual.MaxDocumentSize {
			p.Add("file", "too_large", "Files are at most 10 MB.")
			return nil, p.Err()
		} else if err != nil {
			return nil, mutual.Errorf(mutual.EMALFORMED, "The upload could not be read.")
		}
		return &mutual.Document{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Content: content}, nil
	}
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
