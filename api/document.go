package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
)

// maxUploadBytes is the body limit of the routes that take a file: the
// largest document and room for the multipart envelope around it.
const maxUploadBytes = mutual.MaxDocumentSize + 64<<10

// bodyLimits are the routes whose body may be larger than MaxBodyBytes.
var bodyLimits = map[string]int64{
	"POST /api/v1/events/{id}/documents":   maxUploadBytes,
	"POST /api/v1/events/{id}/attachments": maxUploadBytes,
}

// bodyLimit returns the largest body the route reads.
func (rt route) bodyLimit() int64 {
	if n, ok := bodyLimits[rt.pattern]; ok {
		return n
	}
	return MaxBodyBytes
}

func documentURL(d *mutual.Document) string {
	return eventURL(d.EventID) + "/documents/" + d.ID.String()
}

// handleDocumentList lists an event's documents (not bids' attachments).
func (h *Handler) handleDocumentList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := h.svc.Documents.FindDocuments(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(items, ""))
}

// handleDocumentCreate attaches a specification to a draft or open event:
// multipart/form-data with the file in a part named file.
func (h *Handler) handleDocumentCreate(w http.ResponseWriter, r *http.Request) error {
	return h.upload(w, r, h.svc.Documents.AddDocument)
}

// handleAttachmentCreate stores a file of the caller's company's bid, for a
// file answer to name (supplier users, while the event accepts bids).
func (h *Handler) handleAttachmentCreate(w http.ResponseWriter, r *http.Request) error {
	return h.upload(w, r, h.svc.Bids.AddBidAttachment)
}

func (h *Handler) upload(w http.ResponseWriter, r *http.Request, add func(context.Context, *mutual.Document) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := readUpload(r)
	if err != nil {
		return err
	}
	d.EventID = id
	if err := add(r.Context(), d); err != nil {
		return renameFields(err, map[string]string{"name": "file.name"})
	}
	w.Header().Set("Location", documentURL(d))
	return writeJSON(w, http.StatusCreated, d)
}

// readUpload reads a multipart/form-data body holding one part named
// file, and nothing else.
func readUpload(r *http.Request) (*mutual.Document, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, mutual.Errorf(mutual.EMALFORMED, "Send the file as multipart/form-data, in a part named file.")
	}
	var d *mutual.Document
	var p mutual.Problems
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, uploadError(err)
		}
		name := part.FormName()
		switch {
		case name == "file" && d == nil:
			content, err := io.ReadAll(io.LimitReader(part, mutual.MaxDocumentSize+1))
			if err != nil {
				return nil, uploadError(err)
			}
			if len(content) > mutual.MaxDocumentSize {
				return nil, newProblem(http.StatusRequestEntityTooLarge, mutual.EMALFORMED, fmt.Sprintf("Files are at most %d MB.", mutual.MaxDocumentSize>>20))
			}
			d = &mutual.Document{Name: part.FileName(), ContentType: mediaType(part.Header.Get("Content-Type")), Content: content}
		case name == "file":
			p.Add("body.file", "duplicate", "Send one file per request.")
		default:
			if !utf8.ValidString(name) || len(name) > 100 {
				name = "?"
			}
			p.Add("body."+strings.ToValidUTF8(name, "?"), "unknown", "Unknown field; send the file in a part named file.")
		}
		part.Close()
	}
	if d == nil && !p.Has("body.file") {
		p.Add("body.file", "required", "Attach the file in a part named file.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return newProblem(http.StatusRequestEntityTooLarge, mutual.EMALFORMED, fmt.Sprintf("The request body is larger than %d bytes; files are at most %d MB.", maxUploadBytes, mutual.MaxDocumentSize>>20))
	}
	return mutual.Errorf(mutual.EMALFORMED, "The multipart body could not be read.")
}

// mediaType returns a well-formed media type for a file, or
// application/octet-stream.
func mediaType(s string) string {
	mt, params, err := mime.ParseMediaType(s)
	if err != nil || mt == "" {
		return "application/octet-stream"
	}
	if out := mime.FormatMediaType(mt, params); out != "" {
		return out
	}
	return mt
}

// handleDocumentGet downloads a document: an event's, or a bid's
// attachment to its bidder and, once the bids are open, to the buying side.
func (h *Handler) handleDocumentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	did, err := pathID(r, "document_id")
	if err != nil {
		return err
	}
	d, err := h.svc.Documents.FindDocument(r.Context(), id, did)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Disposition", contentDisposition(d.Name))
	hd.Set("X-Content-Type-Options", "nosniff")
	writeBody(w, http.StatusOK, mediaType(d.ContentType), d.Content)
	return nil
}

// contentDisposition makes a file download under its name: an ASCII
// fallback for old clients and the exact name RFC 6266 and 8187 encoded.
func contentDisposition(name string) string {
	var ascii, enc strings.Builder
	for _, r := range name {
		if r < 0x20 || r >= 0x7f || r == '"' || r == '\\' || r == '%' {
			ascii.WriteByte('_')
		} else {
			ascii.WriteRune(r)
		}
	}
	for _, b := range []byte(strings.ToValidUTF8(name, "_")) {
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// handleDocumentDelete removes a document from a draft event.
func (h *Handler) handleDocumentDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	did, err := pathID(r, "document_id")
	if err != nil {
		return err
	}
	if err := h.svc.Documents.DeleteDocument(r.Context(), id, did); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
