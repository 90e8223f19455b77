package mutual

import (
	"context"
	"strings"
	"time"
)

// Document is a file: an event's specification, or a bid's attachment.
type Document struct {
	ID          ID        `json:"id"`
	EventID     ID        `json:"event_id"`
	PartnerID   ID        `json:"partner_id,omitempty"` // bid attachments: the bidder
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  ID        `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
	Content     []byte    `json:"-"`
}

// Validate checks a file before it is stored.
func (d *Document) Validate() error {
	var p Problems
	d.Name = strings.TrimSpace(d.Name)
	if i := strings.LastIndexAny(d.Name, `/\`); i >= 0 {
		d.Name = d.Name[i+1:]
	}
	requiredText(&p, "name", d.Name, 255, false)
	if len(d.Content) == 0 {
		p.Add("file", "required", "The file is empty.")
	} else if len(d.Content) > MaxDocumentSize {
		p.Add("file", "too_large", "Files are at most 10 MB.")
	}
	d.ContentType = strings.TrimSpace(d.ContentType)
	var ct Problems
	checkText(&ct, "content_type", d.ContentType, false)
	if d.ContentType == "" || len(d.ContentType) > 200 || ct.Err() != nil {
		d.ContentType = "application/octet-stream"
	}
	d.Size = int64(len(d.Content))
	return p.Err()
}

// DocumentService keeps the files of sourcing events: specifications, and
// bid attachments as their bids' sealing allows.
type DocumentService interface {
	// FindDocuments returns an event's documents, without content; a
	// supplier user also gets its own company's bid attachments (PartnerID
	// set), never another's.
	FindDocuments(ctx context.Context, eventID ID) ([]*Document, error)
	// FindDocument returns a document with its content. Bid attachments
	// follow the sealing of their bid.
	FindDocument(ctx context.Context, eventID, id ID) (*Document, error)
	AddDocument(ctx context.Context, d *Document) error
	DeleteDocument(ctx context.Context, eventID, id ID) error
}
