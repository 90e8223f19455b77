package mutual

// Access rules. The store calls them inside its transactions, so every path
// (API, pages, CLI, exports) enforces the same rules. Each is a shorthand
// for Allowed and one Perm of the permission table (permission.go).

// CanReadPartner reports whether u may see partner id. A supplier user sees
// only its own partner.
func CanReadPartner(u *User, id ID) bool { return Allowed(u, PermReadPartner, id) }

// CanWritePartners reports whether u may create and edit partners.
func CanWritePartners(u *User) bool { return Allowed(u, PermWritePartners, 0) }

// CanWriteContacts reports whether u may add, edit and remove contacts of
// partner id: those who write partners, and the partner's own supplier users.
func CanWriteContacts(u *User, id ID) bool { return Allowed(u, PermWriteContacts, id) }

// CanManageUsers reports whether u may list, create and change users.
func CanManageUsers(u *User) bool { return Allowed(u, PermManageUsers, 0) }

// CanReadAudit reports whether u may read and verify the audit log.
func CanReadAudit(u *User) bool { return Allowed(u, PermReadAudit, 0) }

// CanReadInternalNotes reports whether u may read what the buying side
// writes for itself on the things a supplier user can also read: the notes
// on partners and contacts and commitments, the partner's segment and
// expected spend, why a negotiation ended. Supplier users never see them,
// and never change them either: a supplier's edit keeps what it cannot see.
func CanReadInternalNotes(u *User) bool { return Allowed(u, PermReadInternalNotes, 0) }
