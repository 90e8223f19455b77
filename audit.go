package mutual

import (
	"context"
	"encoding/json"
	"time"
)

// AuditRecord is one change to business data. Records form a chain: Hash is
// SHA-256 over PrevHash and the record's own fields, so an altered or missing
// record breaks the chain from there on.
type AuditRecord struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	UserID   ID              `json:"user_id"` // null for the system
	UserName string          `json:"user_name"`
	Action   string          `json:"action"` // create, update, delete, login, ...
	Entity   string          `json:"entity"` // partner, contact, user, ...
	EntityID ID              `json:"entity_id"`
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
	// Withheld names the fields of After not shown: the plain digests and
	// sizes that records written before bids were salted hold of a sealed
	// bid, until its bids are opened. Hash covers the record as stored.
	Withheld []string `json:"withheld,omitempty"`
}

// AuditFilter selects audit records, newest first.
type AuditFilter struct {
	Entity   string
	EntityID ID
	UserID   ID
	Cursor   string
	Limit    int
}

// AuditVerification is the result of checking the audit chain.
type AuditVerification struct {
	Intact      bool   `json:"intact"`
	Records     int64  `json:"records"`
	Head        string `json:"head"`
	FirstBroken *int64 `json:"first_broken,omitempty"` // seq of the first altered or missing record
}

// AuditService reads and verifies the audit log. Only admins; EFORBIDDEN otherwise.
type AuditService interface {
	// FindAuditRecords returns a page of records, newest first, and the next cursor.
	FindAuditRecords(ctx context.Context, filter AuditFilter) ([]*AuditRecord, string, error)
	// VerifyAudit walks the whole chain and reports the first break.
	VerifyAudit(ctx context.Context) (*AuditVerification, error)
}
