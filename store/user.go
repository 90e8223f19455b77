package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// UserService manages users.
type UserService DB

const userColumns = `u.id, u.email, u.name, u.role, u.partner_id, u.locale, u.disabled, u.password_reset_at, u.password_reset_by, u.version,
	u.created_at, u.updated_at`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (*mutual.User, error) {
	var u mutual.User
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.Role, idCol{&u.PartnerID}, &u.Locale, &u.Disabled, timeCol{&u.PasswordResetAt},
		idCol{&u.PasswordResetBy}, &u.Version, timeCol{&u.CreatedAt}, timeCol{&u.UpdatedAt}}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	return &u, nil
}

func findUserWithHash(ctx context.Context, tx *Tx, where string, args ...any) (*mutual.User, string, error) {
	var hash string
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE `+where, args...), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", mutual.Errorf(mutual.ENOTFOUND, "User not found.")
	} else if err != nil {
		return nil, "", wrap(err, "find user")
	}
	return u, hash, nil
}

func findUserByID(ctx context.Context, tx *Tx, id mutual.ID) (*mutual.User, error) {
	u, _, err := findUserWithHash(ctx, tx, `u.id = ?`, id)
	return u, err
}

// FindUserByID returns a user: admins see everyone, others only themselves.
func (s *UserService) FindUserByID(ctx context.Context, id mutual.ID) (*mutual.User, error) {
	me := mutual.UserFromContext(ctx)
	if me == nil || (!mutual.CanManageUsers(me) && me.ID != id) {
		return nil, mutual.Errorf(mutual.ENOTFOUND, "User not found.")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) (*mutual.User, error) {
		return findUserByID(ctx, tx, id)
	})
}

// FindUsers returns a page of users ordered by email.
func (s *UserService) FindUsers(ctx context.Context, f mutual.UserFilter) ([]*mutual.User, string, error) {
	if !mutual.CanManageUsers(mutual.UserFromContext(ctx)) {
		return nil, "", mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may list users.")
	}
	limit := mutual.ClampLimit(f.Limit)
	where, args := []string{"1 = 1"}, []any{}
	if f.Role != "" {
		where, args = append(where, "u.role = ?"), append(args, f.Role)
	}
	if f.PartnerID != 0 {
		where, args = append(where, "u.partner_id = ?"), append(args, f.PartnerID)
	}
	if f.Cursor != "" {
		where, args = append(where, "u.email > ?"), append(args, f.Cursor)
	}
	args = append(args, limit+1)
	return readPage(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.User, string, error) {
		users, err := queryUsers(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE `+strings.Join(where, " AND ")+` ORDER BY u.email LIMIT ?`, args...)
		if err != nil {
			return nil, "", err
		}
		users, next := nextPage(users, limit, func(u *mutual.User) string { return u.Email })
		return users, next, nil
	})
}

// FindAssignableUsers returns the enabled internal users who can own or sponsor partners.
func (s *UserService) FindAssignableUsers(ctx context.Context) ([]*mutual.User, error) {
	if !mutual.UserFromContext(ctx).IsInternal() {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Not available to supplier users.")
	}
	return readTx(ctx, (*DB)(s), func(tx *Tx) ([]*mutual.User, error) {
		return queryUsers(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.role <> 'supplier' AND u.disabled = ? ORDER BY u.name, u.id`, false)
	})
}

func queryUsers(ctx context.Context, tx *Tx, q string, args ...any) ([]*mutual.User, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(err, "find users")
	}
	defer rows.Close()
	var out []*mutual.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateUser stores a new user with an argon2id hash of password. An
// administrator who creates an account knows its first password: it counts
// as set by them (PasswordResetAt), so the new user opens no sealed bids
// for a while. Accounts made at the command line, by the operator who
// holds the database itself, do not.
func (s *UserService) CreateUser(ctx context.Context, u *mutual.User, password string) error {
	db := (*DB)(s)
	me := mutual.UserFromContext(ctx)
	if !mutual.CanManageUsers(me) {
		return mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may create users.")
	}
	err := u.Validate()
	if perr := mutual.ValidatePassword("password", password); perr != nil {
		err = mergeProblems(err, perr)
	}
	if err != nil {
		return err
	}
	hash, err := db.argon.hashPassword(password)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if err := checkUserPartner(ctx, tx, u); err != nil {
			return err
		}
		u.Version, u.CreatedAt, u.UpdatedAt = 1, tx.now, tx.now
		u.PasswordResetAt, u.PasswordResetBy = time.Time{}, 0
		if me.ID != 0 {
			u.PasswordResetAt, u.PasswordResetBy = tx.now, me.ID
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, partner_id, locale, password_hash, disabled, password_reset_at, password_reset_by,
			version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.Name, u.Role, u.PartnerID, u.Locale, hash, u.Disabled, nullTimeArg(u.PasswordResetAt), u.PasswordResetBy,
			u.Version, u.CreatedAt, u.UpdatedAt).Scan(&u.ID)
		if isUniqueViolation(err) {
			return conflict("email", "A user with this email already exists.")
		} else if err != nil {
			return wrap(err, "create user")
		}
		return tx.audit(ctx, "create", "user", u.ID, nil, u)
	})
}

func checkUserPartner(ctx context.Context, tx *Tx, u *mutual.User) error {
	if u.PartnerID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM partners WHERE id = ? AND `+liveRow, u.PartnerID).Scan(&n); err != nil {
		return wrap(err, "check partner")
	}
	if n == 0 {
		return invalid("partner_id", "exists", "No such partner.")
	}
	return nil
}

// UpdateUser changes a user. Admins change anything but their own role and
// disabled flag; others change only their own name, locale and password.
func (s *UserService) UpdateUser(ctx context.Context, id mutual.ID, upd mutual.UserUpdate) (*mutual.User, error) {
	db := (*DB)(s)
	me := mutual.UserFromContext(ctx)
	admin := mutual.CanManageUsers(me)
	if me == nil || (!admin && me.ID != id) {
		return nil, mutual.Errorf(mutual.ENOTFOUND, "User not found.")
	}
	if !admin && (upd.Email != nil || upd.Role != nil || upd.PartnerID != nil || upd.Disabled != nil) {
		return nil, mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may change email, role, partner or access.")
	}
	if admin && me.ID == id && ((upd.Role != nil && *upd.Role != me.Role) || (upd.Disabled != nil && *upd.Disabled)) {
		return nil, mutual.Errorf(mutual.ECONFLICT, "You cannot change your own role or disable yourself; ask another administrator.")
	}
	var hash string
	if upd.Password != nil {
		if err := mutual.ValidatePassword("password", *upd.Password); err != nil {
			return nil, err
		}
		var err error
		if hash, err = db.argon.hashPassword(*upd.Password); err != nil {
			return nil, err
		}
	}
	return writeTx(ctx, db, func(tx *Tx) (*mutual.User, error) {
		u, err := findUserByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if upd.Version != 0 && upd.Version != u.Version {
			return nil, stale("user")
		}
		before := *u
		set(&u.Name, upd.Name)
		set(&u.Email, upd.Email)
		set(&u.Role, upd.Role)
		set(&u.PartnerID, upd.PartnerID)
		set(&u.Locale, upd.Locale)
		set(&u.Disabled, upd.Disabled)
		if upd.Role != nil && *upd.Role != mutual.RoleSupplier && upd.PartnerID == nil {
			u.PartnerID = 0
		}
		if err := u.Validate(); err != nil {
			return nil, err
		}
		if err := checkUserPartner(ctx, tx, u); err != nil {
			return nil, err
		}
		// A password set by anyone but its holder is a reset: whoever set it
		// knows it, so it is recorded, and keeps its holder from opening sealed
		// bids for a while.
		reset := hash != "" && me.ID != u.ID
		if reset {
			u.PasswordResetAt, u.PasswordResetBy = tx.now, me.ID
		}
		u.Version, u.UpdatedAt = u.Version+1, tx.now
		res, err := tx.ExecContext(ctx, `UPDATE users SET email = ?, name = ?, role = ?, partner_id = ?, locale = ?, disabled = ?, password_reset_at = ?,
			password_reset_by = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			u.Email, u.Name, u.Role, u.PartnerID, u.Locale, u.Disabled, nullTimeArg(u.PasswordResetAt), u.PasswordResetBy, u.Version, u.UpdatedAt,
			u.ID, before.Version)
		if isUniqueViolation(err) {
			return nil, conflict("email", "A user with this email already exists.")
		} else if err != nil {
			return nil, wrap(err, "update user")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, stale("user")
		}
		if hash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, u.ID); err != nil {
				return nil, wrap(err, "update password")
			}
		}
		// Disabling a user, changing their password or moving them to another
		// role or partner ends every session and token they hold.
		roleChange := u.Role != before.Role || u.PartnerID != before.PartnerID
		var ended int64
		if hash != "" || u.Disabled || roleChange {
			res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID)
			if err != nil {
				return nil, wrap(err, "end sessions")
			}
			ended, _ = res.RowsAffected()
		}
		if err := auditUserUpdate(ctx, tx, &before, u, hash != "", reset, roleChange, ended); err != nil {
			return nil, err
		}
		return u, nil
	})
}

// auditUserUpdate writes the audit records of a change of a user, the
// audit record's user being who made it: password_reset when someone else
// set the password, password_change when its holder did, role_change when
// the role or partner moved, and update for the rest (or when nothing
// else was recorded). None holds the password or its hash.
func auditUserUpdate(ctx context.Context, tx *Tx, before, u *mutual.User, password, reset, roleChange bool, ended int64) error {
	switch {
	case reset:
		if err := tx.audit(ctx, "password_reset", "user", u.ID,
			map[string]any{"password_reset_at": nullTimeArg(before.PasswordResetAt), "password_reset_by": before.PasswordResetBy},
			map[string]any{"password_reset_at": u.PasswordResetAt, "password_reset_by": u.PasswordResetBy, "sessions_ended": ended}); err != nil {
			return err
		}
	case password:
		if err := tx.audit(ctx, "password_change", "user", u.ID, nil, map[string]any{"sessions_ended": ended}); err != nil {
			return err
		}
	}
	if roleChange {
		if err := tx.audit(ctx, "role_change", "user", u.ID, map[string]any{"role": before.Role, "partner_id": before.PartnerID},
			map[string]any{"role": u.Role, "partner_id": u.PartnerID, "sessions_ended": ended}); err != nil {
			return err
		}
	}
	other := u.Name != before.Name || u.Email != before.Email || u.Locale != before.Locale || u.Disabled != before.Disabled
	if other || (!password && !roleChange) {
		return tx.audit(ctx, "update", "user", u.ID, before, u)
	}
	return nil
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}
