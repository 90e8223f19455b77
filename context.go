package mutual

import "context"

type contextKey int

const userContextKey contextKey = iota

// SystemUser acts for operators at the command line and for background jobs.
// It has the admin role and ID 0; audit records name it "system".
var SystemUser = &User{Name: "system", Role: RoleAdmin}

// NewContextWithUser returns a context that carries the signed-in user.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userContextKey, u)
}

// UserFromContext returns the signed-in user, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userContextKey).(*User)
	return u
}
