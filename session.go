package mutual

import (
	"context"
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

// Login rate limits: failed attempts allowed in LoginWindow.
const (
	LoginWindow        = 15 * time.Minute
	LoginFailuresPerID = 5
	LoginFailuresPerIP = 30
)

// SessionService signs users in and out. Secrets are returned once and
// stored only as hashes.
type SessionService interface {
	// Login checks the credentials and returns the user. EUNAUTHORIZED for a wrong
	// email or password or a disabled user (without saying which), ERATELIMIT
	// after too many failures for the account or the address.
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
