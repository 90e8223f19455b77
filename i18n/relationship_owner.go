package i18n

func init() {
	for k, v := range relationshipOwnerMessages {
		catalog[k] = v
	}
}

// relationshipOwnerMessages say that only users who can write own
// relationships (mutual.User.CanOwnRelationships).
var relationshipOwnerMessages = map[string]message{
	"rule.writer": {"Must be able to write: an administrator, manager or buyer, not a viewer.",
		"Phải là người có quyền ghi dữ liệu: quản trị viên, quản lý hoặc nhân viên mua hàng, không phải người xem."},
	"rule.owner_id.writer": {"The key account manager must be able to write: an admin, manager or buyer, not a viewer.",
		"Người phụ trách đối tác phải có quyền ghi dữ liệu: quản trị viên, quản lý hoặc nhân viên mua hàng, không phải người xem."},
	"rule.to_owner_id.writer": {"The new key account manager must be able to write: an admin, manager or buyer, not a viewer.",
		"Người phụ trách đối tác mới phải có quyền ghi dữ liệu: quản trị viên, quản lý hoặc nhân viên mua hàng, không phải người xem."},
	"rule.co_owner.writer": {"A co-owner must be able to write: an admin, manager or buyer, not a viewer.",
		"Người đồng phụ trách phải có quyền ghi dữ liệu: quản trị viên, quản lý hoặc nhân viên mua hàng, không phải người xem."},
	"team.co_owner":        {"Co-owner", "Đồng phụ trách"},
	"team.co_owner_viewer": {"A viewer may be on the team but not share its ownership.", "Người xem có thể ở trong nhóm nhưng không thể đồng phụ trách."},
}
