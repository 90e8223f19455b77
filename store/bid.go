package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/mutualsrm/mutual"
)

// BidService keeps bids, scores and the tabulation.
type BidService DB

// bidder returns the partner a supplier user bids for. The partner always
// comes from the signed-in user, never from the request.
func bidder(u *mutual.User) (mutual.ID, error) {
	if u == nil || u.Disabled || u.Role != mutual.RoleSupplier || u.PartnerID == 0 {
		return 0, mutual.Errorf(mutual.EFORBIDDEN, "Only supplier users bid, for their own company.")
	}
	return u.PartnerID, nil
}

// biddableEvent checks, inside a write transaction, that the caller's
// partner may bid on the event now, by the server clock: it is invited and
// the event is open. A close found due is recorded (and committed even
// though the bid is refused: see commitAnyway). It reads only the event's state: its lines
// are fixed once published, so bids are validated before the write lock.
func biddableEvent(ctx context.Context, tx *Tx, u *mutual.User, eventID mutual.ID) (mutual.ID, error) {
	pid, err := bidder(u)
	if err != nil {
		return 0, err
	}
	e := &mutual.Event{ID: eventID}
	var invited int
	err = tx.QueryRowContext(ctx, qBidState, pid, eventID).
		Scan(&e.Status, timeCol{&e.OpensAt}, timeCol{&e.ClosesAt}, &e.Title, &e.Version, &invited)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (invited == 0 || !e.Published())) {
		return 0, notFound("Event")
	} else if err != nil {
		return 0, wrap(err, "event state")
	}
	closed, err := closeDue(ctx, tx, e)
	if err != nil {
		return 0, err
	}
	refused := e.CheckBidsAt(tx.now, tx.db.zone)
	if refused == nil {
		return pid, nil
	}
	// The late bid is refused, and the close it found is recorded.
	if closed {
		return 0, commitAnyway(refused)
	}
	return 0, refused
}

// The statements of a bid submission.
const (
	qBidState = `SELECT e.status, e.opens_at, e.closes_at, e.title, e.version,
		(SELECT count(*) FROM invitations i WHERE i.event_id = e.id AND i.partner_id = ?) FROM events e WHERE e.id = ?`
	qBidUpsert = `INSERT INTO bids (id, event_id, partner_id, revision, status, lines, answers, comments, valid_until, total, submitted_by, submitted_at)
		VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (event_id, partner_id) DO UPDATE SET revision = bids.revision + 1, status = excluded.status, lines = excluded.lines,
			answers = excluded.answers, comments = excluded.comments, valid_until = excluded.valid_until, total = excluded.total,
			submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at
		RETURNING id, revision`
	qBidRevision = `INSERT INTO bid_revisions (bid_id, revision, status, document, digest, salt, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

// Bid lines are kept as text, one line per row: line ID, unit price (in the
// event's currency), lead time in days and the quoted note, separated by
// tabs. A tabulation reads 10,000 of them; this reads ten times faster than
// JSON.
func encodeLines(lines []mutual.BidLine) string {
	var b strings.Builder
	b.Grow(len(lines) * 32)
	for _, l := range lines {
		b.WriteString(strconv.FormatInt(int64(l.LineID), 10))
		b.WriteByte('\t')
		b.WriteString(l.UnitPrice.Amount.String())
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa(l.LeadTimeDays))
		b.WriteByte('\t')
		b.WriteString(strconv.Quote(l.Note))
		b.WriteByte('\n')
	}
	return b.String()
}

func decodeLines(s, currency string) ([]mutual.BidLine, error) {
	out := make([]mutual.BidLine, 0, strings.Count(s, "\n"))
	for row := range strings.Lines(s) {
		f := strings.SplitN(strings.TrimSuffix(row, "\n"), "\t", 4)
		if len(f) != 4 {
			return nil, fmt.Errorf("bid line %q", row)
		}
		id, err1 := strconv.ParseInt(f[0], 10, 64)
		price, ok := mutual.ParseDecimal(f[1])
		lead, err2 := strconv.Atoi(f[2])
		note := ""
		var err3 error
		if f[3] != `""` {
			note, err3 = strconv.Unquote(f[3])
		}
		if err1 != nil || !ok || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("bid line %q", row)
		}
		out = append(out, mutual.BidLine{LineID: mutual.ID(id), UnitPrice: mutual.Money{Amount: price, Currency: currency}, LeadTimeDays: lead, Note: note})
	}
	return out, nil
}

// bidDocument is what a revision keeps, and what its digest covers.
type bidDocument struct {
	Status     mutual.BidStatus `json:"status"`
	Lines      string           `json:"lines"` // as encodeLines writes them
	Answers    []mutual.Answer  `json:"answers"`
	Comments   string           `json:"comments"`
	ValidUntil mutual.Date      `json:"valid_until"`
}

// preparedBid is a bid encoded for storage before the write lock is taken:
// the revision's document, a fresh salt and the document's digest keyed
// with it.
type preparedBid struct {
	lines, answers, doc, salt, digest string
}

func prepareBid(b *mutual.Bid) preparedBid {
	lines := encodeLines(b.Lines)
	answers, _ := json.Marshal(b.Answers)
	doc, _ := json.Marshal(bidDocument{Status: b.Status, Lines: lines, Answers: b.Answers, Comments: b.Comments, ValidUntil: b.ValidUntil})
	salt := newSalt()
	return preparedBid{lines: lines, answers: string(answers), doc: string(doc), salt: hex.EncodeToString(salt), digest: keyedDigest(salt, doc)}
}

// newSalt returns 32 random bytes, the key of one keyed digest. Each
// revision has its own: a key shared by several would show the buying
// side which bids are identical.
func newSalt() []byte {
	salt := make([]byte, 32)
	rand.Read(salt) // crypto/rand never fails (it crashes the program instead)
	return salt
}

// keyedDigest is HMAC-SHA256 of data keyed with salt, in hex. A plain
// SHA-256 of a bid would give its prices away: the document is small and
// predictable, and every guess can be hashed and compared. Without the
// salt no guess can be checked.
func keyedDigest(salt, data []byte) string {
	mac := hmac.New(sha256.New, salt)
	mac.Write(data)
	return hex.EncodeToString(mac.Sum(nil))
}

// eventCache keeps the fixed parts of published events (kind, currency,
// lines, questions): they never change after publish, so bids are checked
// against them without a query. Access and state are checked by the write.
type eventCache struct {
	mu sync.Mutex
	m  map[mutual.ID]*mutual.Event
}

func (c *eventCache) get(id mutual.ID) *mutual.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[id]
}

func (c *eventCache) put(e *mutual.Event) {
	fixed := &mutual.Event{ID: e.ID, Kind: e.Kind, Currency: e.Currency, Lines: e.Lines, Questions: e.Questions}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= 256 {
		c.m = make(map[mutual.ID]*mutual.Event)
	}
	c.m[e.ID] = fixed
}

// biddingTerms returns what a bid on a published event is checked against,
// or nil when the caller cannot see the event or it is a draft.
func (db *DB) biddingTerms(ctx context.Context, u *mutual.User, eventID mutual.ID) (*mutual.Event, error) {
	if e := db.events.get(eventID); e != nil {
		return e, nil
	}
	return readTx(ctx, db, func(tx *Tx) (*mutual.Event, error) {
		e, err := readEvent(ctx, tx, u, eventID)
		if mutual.ErrorCode(err) == mutual.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		db.events.put(e)
		return e, nil
	})
}

// SubmitBid stores a new revision of the caller's partner's bid. The bid is
// checked against the published event's lines and questions before the
// write lock; the write transaction then checks the invitation and the
// event's state by the server clock and upserts the live bid in one
// statement, so concurrent submissions leave one live bid and keep every
// revision.
func (s *BidService) SubmitBid(ctx context.Context, eventID mutual.ID, b *mutual.Bid) error {
	db := (*DB)(s)
	u := mutual.UserFromContext(ctx)
	pid, err := bidder(u)
	if err != nil {
		return err
	}
	e, err := db.biddingTerms(ctx, u, eventID)
	if err != nil {
		return err
	}
	var problems mutual.Problems
	if e != nil {
		for _, f := range mutual.ErrorFields(b.Validate(e, mutual.DateOf(db.now(), db.zone))) {
			problems.Add(f.Field, f.Rule, f.Message)
		}
	}
	b.EventID, b.PartnerID, b.Status, b.SubmittedBy = eventID, pid, mutual.BidSubmitted, u.ID
	prep := prepareBid(b)
	return db.retryPublicID(ctx, func(tx *Tx) error {
		problems := problems
		if _, err := biddableEvent(ctx, tx, u, eventID); err != nil {
			return err
		}
		if err := checkAnswerDocuments(ctx, tx, eventID, pid, b, &problems); err != nil {
			return err
		}
		if err := problems.Err(); err != nil {
			return err
		}
		b.SubmittedAt = tx.now
		return writeBid(ctx, tx, b, prep)
	})
}

// writeBid upserts the live bid and keeps the revision with its salt,
// auditing the revision's keyed digest: never its contents, nor its salt,
// nor anything else the buying side could check a guess against. Once the
// bids are opened, the revision's seal (FindBidRevisions) shows the salt,
// and anyone can recompute the digest the audit record holds.
func writeBid(ctx context.Context, tx *Tx, b *mutual.Bid, prep preparedBid) error {
	// A first revision makes the bid with a random ID; a taken one is a
	// unique violation, the conflict being on (event_id, partner_id), and
	// the caller tries the transaction again.
	if err := tx.QueryRowContext(ctx, qBidUpsert, tx.db.newPublicID(), b.EventID, b.PartnerID, b.Status, prep.lines, prep.answers, b.Comments,
		dateArg(b.ValidUntil), b.Total.Amount.String(), b.SubmittedBy, b.SubmittedAt).Scan(&b.ID, &b.Revision); isUniqueViolation(err) {
		return errPublicIDTaken
	} else if err != nil {
		return wrap(err, "submit bid")
	}
	if _, err := tx.ExecContext(ctx, qBidRevision, b.ID, b.Revision, b.Status, prep.doc, prep.digest, prep.salt, b.SubmittedBy, b.SubmittedAt); err != nil {
		return wrap(err, "keep bid revision")
	}
	action := "submit"
	if b.Status == mutual.BidWithdrawn {
		action = "withdraw"
	}
	return tx.audit(ctx, action, "bid", b.ID, nil, map[string]any{"event_id": b.EventID, "partner_id": b.PartnerID,
		"revision": b.Revision, "hmac_sha256": prep.digest})
}

// checkAnswerDocuments requires file answers to name the bidder's own
// attachments on this event.
func checkAnswerDocuments(ctx context.Context, tx *Tx, eventID, pid mutual.ID, b *mutual.Bid, p *mutual.Problems) error {
	for i, a := range b.Answers {
		if a.DocumentID == 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ? AND event_id = ? AND partner_id = ?`, a.DocumentID, eventID, pid).Scan(&n); err != nil {
			return wrap(err, "answer document")
		}
		if n == 0 {
			p.Add("answers["+itoa(i)+"].document_id", "unknown", "Upload the file to this event first.")
		}
	}
	return nil
}

// WithdrawBid withdraws the caller's partner's bid while the event accepts bids.
func (s *BidService) WithdrawBid(ctx context.Context, eventID mutual.ID) (*mutual.Bid, error) {
	u := mutual.UserFromContext(ctx)
	var b *mutual.Bid
	err := (*DB)(s).retryPublicID(ctx, func(tx *Tx) error {
		pid, err := biddableEvent(ctx, tx, u, eventID)
		if err != nil {
			return err
		}
		bids, err := queryBids(ctx, tx, `WHERE b.event_id = ? AND b.partner_id = ?`, eventID, pid)
		if err != nil {
			return err
		}
		if len(bids) == 0 || bids[0].Status != mutual.BidSubmitted {
			return mutual.Errorf(mutual.ECONFLICT, "There is no submitted bid to withdraw.")
		}
		b = bids[0]
		b.Status, b.Lines, b.SubmittedBy, b.SubmittedAt = mutual.BidWithdrawn, []mutual.BidLine{}, u.ID, tx.now
		b.Total = mutual.Money{Amount: mutual.NewDecimal(0), Currency: b.Total.Currency}
		return writeBid(ctx, tx, b, prepareBid(b))
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

const bidSelect = `SELECT b.id, b.event_id, b.partner_id, p.name, b.revision, b.status, b.lines, b.answers, b.comments, b.valid_until, b.total,
	b.submitted_by, b.submitted_at, e.currency FROM bids b JOIN partners p ON p.id = b.partner_id JOIN events e ON e.id = b.event_id `

// queryBids loads bids with their lines in one query.
func queryBids(ctx context.Context, tx *Tx, tail string, args ...any) ([]*mutual.Bid, error) {
	rows, err := tx.QueryContext(ctx, bidSelect+tail+` ORDER BY p.sort_key, b.id`, args...)
	if err != nil {
		return nil, wrap(err, "find bids")
	}
	defer rows.Close()
	list := []*mutual.Bid{}
	for rows.Next() {
		var b mutual.Bid
		var lines, answers, total string
		var valid sql.NullString
		if err := rows.Scan(&b.ID, &b.EventID, &b.PartnerID, &b.PartnerName, &b.Revision, &b.Status, &lines, &answers, &b.Comments, &valid, &total,
			idCol{&b.SubmittedBy}, timeCol{&b.SubmittedAt}, &b.Total.Currency); err != nil {
			return nil, err
		}
		var err error
		if b.Lines, err = decodeLines(lines, b.Total.Currency); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(answers), &b.Answers); err != nil || b.Answers == nil {
			b.Answers = []mutual.Answer{}
		}
		b.ValidUntil, _ = mutual.ParseDate(valid.String)
		if b.Total.Amount, err = decimalColumn("bids.total", total); err != nil {
			return nil, err
		}
		list = append(list, &b)
	}
	return list, rows.Err()
}

// FindMyBid returns the caller's partner's bid on an event.
func (s *BidService) FindMyBid(ctx context.Context, eventID mutual.ID) (*mutual.Bid, error) {
	u := mutual.UserFromContext(ctx)
	pid, err := bidder(u)
	if err != nil {
		return nil, notFound("Bid")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.Bid, error) {
		if _, err := readEvent(ctx, tx, u, eventID); err != nil {
			return nil, err
		}
		bids, err := queryBids(ctx, tx, `WHERE b.event_id = ? AND b.partner_id = ?`, eventID, pid)
		if err != nil {
			return nil, err
		}
		if len(bids) == 0 {
			return nil, notFound("Bid")
		}
		return bids[0], nil
	})
}

// visibleEvent loads an event whose bid contents the buying side may read
// now: ECONFLICT while sealed (reason bids_sealed), or a draft. Supplier
// users get ENOTFOUND.
func visibleEvent(ctx context.Context, tx *Tx, u *mutual.User, eventID mutual.ID) (*mutual.Event, error) {
	if !u.IsInternal() || u.Disabled {
		return nil, notFound("Event")
	}
	e, err := readEvent(ctx, tx, u, eventID)
	if err != nil {
		return nil, err
	}
	present(e, u, tx.now)
	if err := e.CheckBidsVisible(); err != nil {
		return nil, err
	}
	return e, nil
}

// FindBids returns an event's bids to the buying side once visible.
func (s *BidService) FindBids(ctx context.Context, eventID mutual.ID) ([]*mutual.Bid, error) {
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Bid, error) {
		if _, err := visibleEvent(ctx, tx, mutual.UserFromContext(ctx), eventID); err != nil {
			return nil, err
		}
		return queryBids(ctx, tx, `WHERE b.event_id = ?`, eventID)
	})
}

// FindBidRevisions returns every revision of a partner's bid, newest
// first, each with its seal: to its own supplier users, and to the buying
// side once visible.
func (s *BidService) FindBidRevisions(ctx context.Context, eventID, partnerID mutual.ID) ([]*mutual.Bid, error) {
	u := mutual.UserFromContext(ctx)
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.Bid, error) {
		var err error
		var e *mutual.Event
		if u.IsInternal() {
			e, err = visibleEvent(ctx, tx, u, eventID)
		} else if pid, perr := bidder(u); perr != nil || pid != partnerID {
			return nil, notFound("Bid")
		} else {
			e, err = readEvent(ctx, tx, u, eventID)
		}
		if err != nil {
			return nil, err
		}
		currency := e.Currency
		rows, err := tx.QueryContext(ctx, `SELECT b.id, b.partner_id, p.name, r.revision, r.document, r.digest, r.salt, r.submitted_by, r.submitted_at FROM bid_revisions r
			JOIN bids b ON b.id = r.bid_id JOIN partners p ON p.id = b.partner_id
			WHERE b.event_id = ? AND b.partner_id = ? ORDER BY r.revision DESC`, eventID, partnerID)
		if err != nil {
			return nil, wrap(err, "bid revisions")
		}
		defer rows.Close()
		list := []*mutual.Bid{}
		for rows.Next() {
			var b mutual.Bid
			var doc, digest string
			var salt sql.NullString
			if err := rows.Scan(&b.ID, &b.PartnerID, &b.PartnerName, &b.Revision, &doc, &digest, &salt, idCol{&b.SubmittedBy}, timeCol{&b.SubmittedAt}); err != nil {
				return nil, err
			}
			b.Seal = &mutual.BidSeal{Algorithm: mutual.SealHMACSHA256, Salt: salt.String, Digest: digest, Document: doc}
			if !salt.Valid {
				b.Seal.Algorithm = mutual.SealSHA256 // kept before salts
			}
			var d bidDocument
			if err := json.Unmarshal([]byte(doc), &d); err != nil {
				return nil, wrap(err, "bid revision")
			}
			if b.Lines, err = decodeLines(d.Lines, currency); err != nil {
				return nil, err
			}
			b.EventID, b.Status, b.Answers, b.Comments, b.ValidUntil = eventID, d.Status, d.Answers, d.Comments, d.ValidUntil
			if b.Answers == nil {
				b.Answers = []mutual.Answer{}
			}
			b.Total = bidTotal(e, b.Lines)
			list = append(list, &b)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return nil, notFound("Bid")
		}
		return list, nil
	})
}

// bidTotal is the sum of unit price x quantity over the lines quoted.
func bidTotal(e *mutual.Event, lines []mutual.BidLine) mutual.Money {
	qty := make(map[mutual.ID]mutual.Decimal, len(e.Lines))
	for _, l := range e.Lines {
		qty[l.ID] = l.Quantity
	}
	total := mutual.NewDecimal(0)
	for _, l := range lines {
		total = total.Add(l.UnitPrice.Amount.Mul(qty[l.LineID]))
	}
	return mutual.Money{Amount: total, Currency: e.Currency}
}

// AddBidAttachment stores a file of the caller's partner's bid while the
// event accepts bids; a file answer then names it.
func (s *BidService) AddBidAttachment(ctx context.Context, d *mutual.Document) error {
	u := mutual.UserFromContext(ctx)
	verr := d.Validate()
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		pid, err := biddableEvent(ctx, tx, u, d.EventID)
		if err != nil {
			return err
		}
		if verr != nil {
			return verr
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE event_id = ? AND partner_id = ?`, d.EventID, pid).Scan(&n); err != nil {
			return wrap(err, "attachments")
		}
		if n >= 50 {
			return mutual.Errorf(mutual.ECONFLICT, "A bid has at most 50 attachments.")
		}
		d.PartnerID = pid
		return insertDocument(ctx, tx, d, u.ID)
	})
}
