package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/mutualsrm/mutual"
)

// documentTypes are the content types a stored file is served with as
// uploaded; any other file goes out as application/octet-stream, so that
// an uploaded page or script can never run as this site's.
var documentTypes = []string{"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv",
	"application/zip", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}

// documentType returns the content type to serve d with.
func documentType(d *mutual.Document) string {
	mt, _, err := mime.ParseMediaType(d.ContentType)
	if err != nil {
		return "application/octet-stream"
	}
	if contains(documentTypes, mt) || strings.HasPrefix(mt, "application/vnd.openxmlformats-officedocument.") {
		if strings.HasPrefix(mt, "text/") {
			return mt + "; charset=utf-8"
		}
		return mt
	}
	return "application/octet-stream"
}

// writeDocument sends a stored file as a download under its own name.
// The name is encoded by the MIME rules (RFC 2231 for Vietnamese and other
// non-ASCII names), so no name can break out of the header.
func writeDocument(w http.ResponseWriter, d *mutual.Document) error {
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": d.Name})
	if disposition == "" {
		disposition = "attachment"
	}
	hd := w.Header()
	hd.Set("Content-Type", documentType(d))
	hd.Set("Content-Disposition", disposition)
	hd.Set("Content-Length", strconv.Itoa(len(d.Content)))
	hd.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(d.Content)
	return err
}
