package mutual

import "strings"

// TeamMember is one of our people on a partner's relationship team, beside
// the key account manager and the executive sponsor, with what they do for
// the relationship ("quality", "logistics", "finance"). A co-owner shares
// the ownership of the relationship with the key account manager (a deputy
// or backup KAM), so must be able to own relationships
// (User.CanOwnRelationships); any internal user, viewers included, may be
// a member in another part.
type TeamMember struct {
	UserID   ID     `json:"user_id"`
	UserName string `json:"user_name,omitempty"` // joined on reads
	Role     string `json:"role"`
	CoOwner  bool   `json:"co_owner"`
}

// MaxTeam bounds a relationship team.
const MaxTeam = 50

// ValidateTeam normalizes and checks a whole team.
func ValidateTeam(members []TeamMember) error {
	var p Problems
	if len(members) > MaxTeam {
		p.Add("members", "too_many", "A relationship team has at most 50 people.")
		return p.Err()
	}
	seen := map[ID]bool{}
	for i := range members {
		m := &members[i]
		m.Role = strings.TrimSpace(m.Role)
		prefix := "members[" + itoa(i) + "]."
		if m.UserID == 0 {
			p.Add(prefix+"user_id", "required", "Choose a person.")
		} else if seen[m.UserID] {
			p.Add(prefix+"user_id", "duplicate", "This person is on the team already.")
		}
		seen[m.UserID] = true
		if len([]rune(m.Role)) > 100 {
			p.Add(prefix+"role", "too_long", "Role is too long (100 characters at most).")
		}
		checkText(&p, prefix+"role", m.Role, false)
	}
	return p.Err()
}
