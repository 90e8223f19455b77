package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/mutualsrm/mutual"
)

// SessionService signs users in and out.
type SessionService DB

var errBadLogin = mutual.Errorf(mutual.EUNAUTHORIZED, "Wrong email or password.")

// Login checks credentials under the sign-in limits of mutual.LoginFailures.
// The failures live in the database so that every process sees them. Each
// attempt is first recorded as a failure in a short write transaction, then
// the slow password check runs outside any transaction (so it never holds
// the write lock), and a success removes the record again. Attempts made in
// parallel therefore count against the limits before any of them is
// checked. An email that names no account is counted and checked the same
// way, so neither the time taken nor the limits tell whether it exists.
func (s *SessionService) Login(ctx context.Context, email, password, addr string) (*mutual.User, error) {
	db := (*DB)(s)
	email = strings.ToLower(strings.TrimSpace(email))
	attempt, u, hash, err := db.claimLoginAttempt(ctx, email, addr)
	if err != nil {
		return nil, err
	}
	ok := false
	if u != nil {
		ok = checkPassword(hash, password) && !u.Disabled
	} else {
		// Spend the same time as for a real account so timing tells nothing.
		checkPassword(db.dummyHash, password)
	}
	if !ok {
		return nil, errBadLogin
	}
	return writeTx(ctx, db, func(tx *Tx) (*mutual.User, error) {
		// The owner's own slips from this address are forgiven; the failures
		// of the account from elsewhere still count against its ceiling.
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE id = ? OR (email = ? AND addr = ?)`, attempt, email, addr); err != nil {
			return nil, wrap(err, "clear login failures")
		}
		return u, nil
	})
}

// claimLoginAttempt refuses the attempt when the limits say so, and
// otherwise records it as a failure up front. It returns the record and the
// account, if one has this email.
func (db *DB) claimLoginAttempt(ctx context.Context, email, addr string) (int64, *mutual.User, string, error) {
	var id int64
	var u *mutual.User
	var hash string
	err := db.write(ctx, func(tx *Tx) error {
		// Attempts on one account, then on one address, take turns across
		// connections and processes; always in this order, so never a deadlock.
		if err := tx.serialize(ctx, "login:"+email); err != nil {
			return err
		}
		if err := tx.serialize(ctx, "login-addr:"+addr); err != nil {
			return err
		}
		f, err := loginFailures(ctx, tx, email, addr)
		if err != nil {
			return err
		}
		if err := f.Check(tx.now); err != nil {
			return err
		}
		u, hash, err = findUserWithHash(ctx, tx, `u.email = ?`, email)
		if err != nil && mutual.ErrorCode(err) != mutual.ENOTFOUND {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (email, addr, at) VALUES (?, ?, ?) RETURNING id`, email, addr, tx.now).Scan(&id); err != nil {
			return wrap(err, "record login attempt")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, tx.now.Add(-24*mutual.LoginWindow)); err != nil {
			return wrap(err, "prune login failures")
		}
		return nil
	})
	if err != nil {
		return 0, nil, "", err
	}
	return id, u, hash, nil
}

// loginFailures counts the failures in the window of the account, of the
// address and of the pair, in one statement.
func loginFailures(ctx context.Context, tx *Tx, email, addr string) (mutual.LoginFailures, error) {
	var f mutual.LoginFailures
	err := tx.QueryRowContext(ctx, `SELECT
		count(CASE WHEN email = ? THEN 1 END), min(CASE WHEN email = ? THEN at END),
		count(CASE WHEN addr = ? THEN 1 END), min(CASE WHEN addr = ? THEN at END),
		count(CASE WHEN email = ? AND addr = ? THEN 1 END), max(CASE WHEN email = ? AND addr = ? THEN at END)
		FROM login_failures WHERE (email = ? OR addr = ?) AND at > ?`,
		email, email, addr, addr, email, addr, email, addr, email, addr, tx.now.Add(-mutual.LoginWindow),
	).Scan(&f.Account, timeCol{&f.OldestAccount}, &f.Address, timeCol{&f.OldestAddress}, &f.Pair, timeCol{&f.LastPair})
	return f, wrap(err, "login failures")
}

// CreateSession starts a browser session or an API token for the user.
func (s *SessionService) CreateSession(ctx context.Context, userID mutual.ID, kind string) (string, error) {
	life := mutual.SessionLifetime
	switch kind {
	case mutual.SessionBrowser:
	case mutual.SessionToken:
		life = mutual.TokenLifetime
	default:
		return "", mutual.Errorf(mutual.EINVALID, "Unknown session kind %q.", kind)
	}
	secret, hash, err := newSecret()
	if err != nil {
		return "", err
	}
	return writeTx(ctx, (*DB)(s), func(tx *Tx) (string, error) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (secret_hash, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hash, userID, kind, tx.now, tx.now.Add(life)); err != nil {
			return "", wrap(err, "create session")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND expires_at < ?`, userID, tx.now); err != nil {
			return "", wrap(err, "prune sessions")
		}
		return secret, nil
	})
}

// Authenticate returns the enabled user holding a live secret of kind.
func (s *SessionService) Authenticate(ctx context.Context, secret, kind string) (*mutual.User, error) {
	db := (*DB)(s)
	if secret == "" {
		return nil, mutual.Errorf(mutual.EUNAUTHORIZED, "Sign in first.")
	}
	// One statement, outside a transaction: every request runs it.
	u, err := scanUser(db.readPool.QueryRowContext(ctx, db.rebind(qAuthenticate), db.args([]any{secretHash(secret), kind, db.now().UTC()})...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mutual.Errorf(mutual.EUNAUTHORIZED, "The session has ended. Sign in again.")
	} else if err != nil {
		return nil, wrap(err, "authenticate")
	}
	if u.Disabled {
		return nil, mutual.Errorf(mutual.EUNAUTHORIZED, "The account is disabled.")
	}
	return u, nil
}

const qAuthenticate = `SELECT ` + userColumns + ` FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.secret_hash = ? AND s.kind = ? AND s.expires_at > ?`

// RevokeSession ends the session or token with this secret.
func (s *SessionService) RevokeSession(ctx context.Context, secret string) error {
	return (*DB)(s).write(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE secret_hash = ?`, secretHash(secret)); err != nil {
			return wrap(err, "revoke session")
		}
		return nil
	})
}
