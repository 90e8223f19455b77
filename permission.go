package mutual

// Permissions. Who may do what is decided here and nowhere else: each
// capability is one Perm, the table below names the roles that hold it,
// and Allowed answers for a user. The store asks it inside its
// transactions for each object; the route tables of the API and of the
// pages (the supplier portal included) declare the Perms each route needs,
// so that a request is refused early, with the right status, before any
// handler runs.
//
// To add a permission: add a Perm constant, give it a line in perms, and a
// line in the role table of permission_test.go. A route needing it names
// it in its route table (api/api.go, web/web.go).

// Perm is one capability: reading a partner, deciding gifts, and so on.
type Perm string

// The permissions. A partner-scoped one (see perms) is held by a supplier
// user for its own partner only.
const (
	// PermSignedIn is held by every active user: the user's own profile,
	// the lists each user sees a part of (the store filters them).
	PermSignedIn Perm = "signed_in"
	// PermChange is held by every active user but viewers: change
	// something of one's own side. The store checks each object (a
	// supplier user bids, posts offers and edits its own partner's
	// contacts; the buying side runs the rest).
	PermChange Perm = "change"
	// PermReadPartner: see a partner, its contacts and commitments.
	PermReadPartner Perm = "read_partner"
	// PermWritePartners: create, import and edit partners, their
	// commitments, teams and status.
	PermWritePartners Perm = "write_partners"
	// PermWriteContacts: add, edit and remove a partner's contacts.
	PermWriteContacts Perm = "write_contacts"
	// PermManageUsers: list, create and change users.
	PermManageUsers Perm = "manage_users"
	// PermReadAudit: read and verify the audit log.
	PermReadAudit Perm = "read_audit"
	// PermSetPolicies: change the company's policies (cadences, gifts).
	PermSetPolicies Perm = "set_policies"
	// PermReadInternal: see the buying side's own records (timelines,
	// cadences, gifts, owners, tabulations, savings). To supplier users
	// they do not exist.
	PermReadInternal Perm = "read_internal"
	// PermReadInternalNotes: read the notes the buying side writes for
	// itself on what a supplier user can also read.
	PermReadInternalNotes Perm = "read_internal_notes"
	// PermReadInteractions: read partners' timelines.
	PermReadInteractions Perm = "read_interactions"
	// PermWriteInteractions: log and change interactions.
	PermWriteInteractions Perm = "write_interactions"
	// PermWriteEvents: create and run sourcing events and negotiations.
	PermWriteEvents Perm = "write_events"
	// PermOpenBids: open the sealed bids of a closed event.
	PermOpenBids Perm = "open_bids"
	// PermSitOnCommittee: be named to an event's opening committee.
	PermSitOnCommittee Perm = "sit_on_committee"
	// PermDecideGifts: approve or reject gifts.
	PermDecideGifts Perm = "decide_gifts"
	// PermReassign: move partners between key account managers in bulk.
	PermReassign Perm = "reassign"
	// PermOwnRelationships: be a partner's key account manager or on its
	// relationship team. Owning one means keeping its record, so only
	// those who write may.
	PermOwnRelationships Perm = "own_relationships"
	// PermSponsor: be a partner's executive sponsor. Sponsoring gives no
	// right in Mutual; viewers may be sponsors.
	PermSponsor Perm = "sponsor"
	// PermWatchCadences: have the cadence policies in the navigation
	// (administrators edit them, managers watch them; the page itself
	// needs PermReadInternal).
	PermWatchCadences Perm = "watch_cadences"
	// PermUsePortal: the supplier portal. To anyone else it does not exist.
	PermUsePortal Perm = "use_portal"
)

// grant says who holds a Perm and how a refusal is answered.
type grant struct {
	roles []string
	// scoped: a supplier user holds it for its own partner only.
	scoped bool
	// notFound: to those who do not hold it, what it guards does not
	// exist (404), not even that there is something they may not see.
	notFound bool
	// refusal is the message of a 403.
	refusal string
}

var (
	internalRoles = []string{RoleAdmin, RoleManager, RoleBuyer, RoleViewer}
	writerRoles   = []string{RoleAdmin, RoleManager, RoleBuyer}
	managerRoles  = []string{RoleAdmin, RoleManager}
	adminRoles    = []string{RoleAdmin}
)

const (
	viewersRefused = "Viewers may read but not change anything."
	adminsOnly     = "Only administrators may do this."
	managersOnly   = "Only managers and administrators may do this."
)

// perms is the permission table.
var perms = map[Perm]grant{
	PermSignedIn:          {roles: Roles},
	PermChange:            {roles: []string{RoleAdmin, RoleManager, RoleBuyer, RoleSupplier}, refusal: viewersRefused},
	PermReadPartner:       {roles: Roles, scoped: true},
	PermWritePartners:     {roles: writerRoles, refusal: "You may not create or change partners."},
	PermWriteContacts:     {roles: append(append([]string{}, writerRoles...), RoleSupplier), scoped: true, refusal: viewersRefused},
	PermManageUsers:       {roles: adminRoles, refusal: adminsOnly},
	PermReadAudit:         {roles: adminRoles, refusal: adminsOnly},
	PermSetPolicies:       {roles: adminRoles, refusal: adminsOnly},
	PermReadInternal:      {roles: internalRoles, notFound: true},
	PermReadInternalNotes: {roles: internalRoles, notFound: true},
	PermReadInteractions:  {roles: internalRoles, notFound: true},
	PermWriteInteractions: {roles: writerRoles, refusal: viewersRefused},
	PermWriteEvents:       {roles: writerRoles, refusal: viewersRefused},
	PermOpenBids:          {roles: managerRoles, refusal: managersOnly},
	PermSitOnCommittee:    {roles: managerRoles, refusal: managersOnly},
	PermDecideGifts:       {roles: managerRoles, refusal: managersOnly},
	PermReassign:          {roles: managerRoles, refusal: managersOnly},
	PermOwnRelationships:  {roles: writerRoles, refusal: viewersRefused},
	PermSponsor:           {roles: internalRoles, notFound: true},
	PermWatchCadences:     {roles: managerRoles, refusal: managersOnly},
	PermUsePortal:         {roles: []string{RoleSupplier}, notFound: true},
}

// Perms lists every permission, in no particular order.
func Perms() []Perm {
	out := make([]Perm, 0, len(perms))
	for p := range perms {
		out = append(out, p)
	}
	return out
}

// Scoped reports whether p is held by a supplier user for its own partner
// only: a route needing it names the partner in its path.
func (p Perm) Scoped() bool { return perms[p].scoped }

// Allowed reports whether u holds p for partner partnerID (which matters
// only to supplier users and partner-scoped perms; pass 0 otherwise).
// Disabled users hold nothing, nor does a supplier user without a partner;
// an unknown Perm is held by no one.
func Allowed(u *User, p Perm, partnerID ID) bool {
	g, ok := perms[p]
	if !ok || u == nil || u.Disabled || !oneOf(u.Role, g.roles) {
		return false
	}
	if u.Role == RoleSupplier {
		if u.PartnerID == 0 {
			return false
		}
		if g.scoped {
			return partnerID == u.PartnerID
		}
	}
	return true
}

// Refusal returns nil when u holds p for partner partnerID, else the error
// to answer with: ENOTFOUND when what p guards does not exist for u (a
// supplier user asking about another partner, anyone asking for what only
// others see), EFORBIDDEN otherwise.
func (p Perm) Refusal(u *User, partnerID ID) error {
	if Allowed(u, p, partnerID) {
		return nil
	}
	g := perms[p]
	if u == nil {
		return Errorf(EUNAUTHORIZED, "Sign in first.")
	}
	if g.notFound || (g.scoped && u.Role == RoleSupplier && oneOf(u.Role, g.roles)) {
		return Errorf(ENOTFOUND, "Not found.")
	}
	if g.refusal == "" {
		return Errorf(EFORBIDDEN, "You may not do this.")
	}
	return Errorf(EFORBIDDEN, "%s", g.refusal)
}

// RefusalOfAny returns the refusal (Refusal) of the first of perms u does
// not hold for partnerID, or nil when u holds them all: what a route
// table's list of permissions asks.
func RefusalOfAny(u *User, partnerID ID, perms []Perm) error {
	for _, p := range perms {
		if err := p.Refusal(u, partnerID); err != nil {
			return err
		}
	}
	return nil
}
