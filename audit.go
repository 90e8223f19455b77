package mutual

import (
	"context"
	"encoding/json"
	"time"
)

// AuditRecord is one change to business data. Records form a chain: Hash is
// HMAC-SHA256, under a key the database does not hold, over PrevHash and the
// record's own fields, so an altered or missing record breaks the chain from
// there on, and nobody without the key can compute a chain that verifies.
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
	Intact bool `json:"intact"`
	// Records is the number of records that verified: all of them when the
	// chain is intact, those before the first broken one otherwise.
	Records     int64  `json:"records"`
	Head        string `json:"head"`                   // hash of the last record, when intact
	FirstBroken *int64 `json:"first_broken,omitempty"` // seq of the first altered or missing record
	// Reason says why the chain is not intact, one of the AuditBroken words.
	Reason string `json:"reason,omitempty"`
	// Checkpoint is the latest validly signed checkpoint the chain was
	// checked against (the one with the most records), nil when there is none.
	Checkpoint *AuditCheckpoint `json:"checkpoint"`
	// CheckpointFileAltered says a line of the checkpoint file does not
	// carry a valid signature; AlteredCheckpointLine is the first such line.
	CheckpointFileAltered bool `json:"checkpoint_file_altered"`
	AlteredCheckpointLine int  `json:"altered_checkpoint_line,omitempty"`
}

// AuditCheckpoint is a signed statement, kept outside the database, that at
// At the chain held Records records and the last one had hash Head.
type AuditCheckpoint struct {
	At      time.Time `json:"at"`
	Records int64     `json:"records"`
	Head    string    `json:"head"`
}

// Why an audit chain is not intact (AuditVerification.Reason).
const (
	// A record does not match its hash, its predecessor or its place.
	AuditRecordAltered = "record_altered"
	// The head row does not name the last record.
	AuditHeadAltered = "head_altered"
	// The chain holds fewer records than a checkpoint counted: a cut tail,
	// deleted last records, an emptied log.
	AuditRecordsMissing = "records_missing"
	// The record a checkpoint vouches for has another hash now.
	AuditDiffersFromCheckpoint = "differs_from_checkpoint"
	// A line of the checkpoint file is not validly signed.
	AuditCheckpointAltered = "checkpoint_altered"
	// The head says the chain is not keyed, though the key existed.
	AuditChainUnkeyed = "chain_unkeyed"
	// The chain is keyed with another key than this server's.
	AuditKeyMismatch = "key_mismatch"
)

// AuditService reads and verifies the audit log. Only admins; EFORBIDDEN otherwise.
type AuditService interface {
	// FindAuditRecords returns a page of records, newest first, and the next cursor.
	FindAuditRecords(ctx context.Context, filter AuditFilter) ([]*AuditRecord, string, error)
	// VerifyAudit walks the whole chain and reports the first break.
	VerifyAudit(ctx context.Context) (*AuditVerification, error)
}
