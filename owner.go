package mutual

import "context"

// Reassignment moves partners from one key account manager to another, as
// when a KAM leaves. With no PartnerIDs it moves every partner of FromOwnerID.
type Reassignment struct {
	FromOwnerID ID   `json:"from_owner_id"`
	ToOwnerID   ID   `json:"to_owner_id"`
	PartnerIDs  []ID `json:"partner_ids"`
}

// Validate checks the reassignment names a target and something to move.
func (r *Reassignment) Validate() error {
	var p Problems
	if r.ToOwnerID == 0 {
		p.Add("to_owner_id", "required", "Choose who takes the partners over.")
	}
	if r.FromOwnerID == 0 && len(r.PartnerIDs) == 0 {
		p.Add("from_owner_id", "required", "Choose whose partners to move, or which partners.")
	}
	if r.FromOwnerID != 0 && r.FromOwnerID == r.ToOwnerID {
		p.Add("to_owner_id", "same", "The partners already belong to this person.")
	}
	if len(r.PartnerIDs) > 10000 {
		p.Add("partner_ids", "too_many", "Move at most 10,000 partners at once.")
	}
	return p.Err()
}

// CanReassign reports whether u may move partners between KAMs in bulk.
func CanReassign(u *User) bool { return Allowed(u, PermReassign, 0) }

// OwnerLoad is how many partners a key account manager owns, by segment.
type OwnerLoad struct {
	OwnerID         ID             `json:"owner_id"` // null: partners with no KAM
	OwnerName       string         `json:"owner_name"`
	Partners        int            `json:"partners"`
	BySegment       map[string]int `json:"by_segment"`       // "" for partners without a segment
	OpenCommitments int            `json:"open_commitments"` // our open commitments they own
}

// OwnerService shows and changes who owns which partners.
type OwnerService interface {
	// ReassignPartners moves partners to another KAM in one transaction,
	// auditing each, and returns how many moved. Managers and admins.
	// EINVALID (target not an active internal user), EFORBIDDEN.
	ReassignPartners(ctx context.Context, r Reassignment) (int, error)
	// OwnerLoads returns each KAM's load, busiest first, and the partners
	// without a KAM. Internal users.
	OwnerLoads(ctx context.Context) ([]*OwnerLoad, error)
	// FindTeam returns a partner's relationship team, by name. Internal users;
	// ENOTFOUND for supplier users and unknown partners.
	FindTeam(ctx context.Context, partnerID ID) ([]*TeamMember, error)
	// SetTeam replaces a partner's relationship team. Buyers, managers and
	// admins. EINVALID (members must be active internal users), ENOTFOUND, EFORBIDDEN.
	SetTeam(ctx context.Context, partnerID ID, members []TeamMember) ([]*TeamMember, error)
}
