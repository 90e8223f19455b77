package mutual

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Session kinds: a browser session behind a cookie, or an API token.
const (
	SessionBrowser = "session"
	SessionToken   = "token"
)

// Lifetimes of sessions and tokens.
const (
	SessionLifetime = 14 * 24 * time.Hour
	TokenLifetime   = 90 * 24 * time.Hour
)

// Sign-in limits (README, "Sign-in limits"). Failed attempts count for
// LoginWindow. A wrong password slows down the one account and address
// pair that typed it, and stops an address that fails too often; an
// account never locks out its owner signing in from an address of their
// own.
const (
	LoginWindow = 15 * time.Minute
	// LoginFailuresPerIP failures from one address, on any accounts, stop
	// that address until the oldest of them leaves the window.
	LoginFailuresPerIP = 30
	// LoginFreeFailures failures of one account from one address come
	// without delay; after them each attempt from that pair waits
	// LoginDelay after the pair's last failure, doubled with each further
	// failure, up to LoginDelayMax.
	LoginFreeFailures = 3
	LoginDelay        = time.Second
	LoginDelayMax     = 5 * time.Minute
	// LoginFailuresPerAccount failures of one account, from all addresses,
	// are its ceiling: past it only an address with no failure in the
	// window has its password checked, so a guesser who spreads over many
	// addresses gets one guess from each, and the owner still signs in.
	LoginFailuresPerAccount = 50
)

// LoginFailures are the failed attempts in the window that bear on one
// sign-in attempt of an account (its email, known or not) from an address.
type LoginFailures struct {
	Account int // of the account, from every address
	Address int // from the address, on every account
	Pair    int // of the account from the address
	// The pair's latest failure, and the oldest failure of the account and
	// of the address still in the window.
	LastPair, OldestAccount, OldestAddress time.Time
}

// LoginDelayAfter is how long after its last failure an account and
// address pair with n failures waits before its next attempt.
func LoginDelayAfter(n int) time.Duration {
	if n < LoginFreeFailures {
		return 0
	}
	d := LoginDelay
	for i := LoginFreeFailures; i < n && d < LoginDelayMax; i++ {
		d *= 2
	}
	return min(d, LoginDelayMax)
}

// Check says whether an attempt with these failures may have its password
// checked at now. When not, it returns ERATELIMIT with a reason
// (login_address_limit, login_delay, login_account_limit) and a
// RetryAfter cause saying when to try again. The answer depends only on
// the counts, never on whether the account exists.
func (f LoginFailures) Check(now time.Time) error {
	refuse := func(reason string, until time.Time) error {
		wait := max(until.Sub(now), time.Second).Round(time.Second)
		n, unit := int(wait/time.Second), "second"
		if wait > 90*time.Second {
			n, unit = int((wait+time.Minute-1)/time.Minute), "minute"
		}
		if n != 1 {
			unit += "s"
		}
		return &Error{Code: ERATELIMIT, Reason: reason, Cause: RetryAfter(wait),
			Message: fmt.Sprintf("Too many failed sign-in attempts. Try again in %d %s.", n, unit)}
	}
	switch {
	case f.Address >= LoginFailuresPerIP:
		return refuse("login_address_limit", f.OldestAddress.Add(LoginWindow))
	case f.Pair >= LoginFreeFailures && now.Before(f.LastPair.Add(LoginDelayAfter(f.Pair))):
		return refuse("login_delay", f.LastPair.Add(LoginDelayAfter(f.Pair)))
	case f.Account >= LoginFailuresPerAccount && f.Address > 0:
		return refuse("login_account_limit", f.OldestAccount.Add(LoginWindow))
	}
	return nil
}

// RetryAfter is the cause of a refusal that says how long to wait before
// trying again.
type RetryAfter time.Duration

// Error implements error.
func (d RetryAfter) Error() string { return "retry after " + time.Duration(d).String() }

// ErrorRetryAfter returns how long err says to wait before trying again,
// or 0 when it says nothing.
func ErrorRetryAfter(err error) time.Duration {
	var d RetryAfter
	if errors.As(err, &d) {
		return time.Duration(d)
	}
	return 0
}

// SessionService signs users in and out. Secrets are returned once and
// stored only as hashes.
type SessionService interface {
	// Login checks the credentials and returns the user. EUNAUTHORIZED for a wrong
	// email or password or a disabled user (without saying which), ERATELIMIT
	// when LoginFailures.Check refuses the attempt.
	Login(ctx context.Context, email, password, addr string) (*User, error)
	// CreateSession starts a session or token of kind for the user and returns its secret.
	CreateSession(ctx context.Context, userID ID, kind string) (string, error)
	// Authenticate returns the user holding the secret of kind. EUNAUTHORIZED when
	// unknown, expired, revoked or the user is disabled.
	Authenticate(ctx context.Context, secret, kind string) (*User, error)
	// RevokeSession ends the session or token with this secret. It is not an error
	// when none exists.
	RevokeSession(ctx context.Context, secret string) error
}
