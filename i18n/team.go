package i18n

func init() {
	for k, v := range teamMessages {
		catalog[k] = v
	}
}

// teamMessages are the texts of the relationship team.
var teamMessages = map[string]message{
	"team.title":       {"Relationship team", "Nhóm phụ trách quan hệ"},
	"team.subtitle":    {"Our people who work with this partner beside the key account manager and the executive sponsor.", "Những người của chúng ta làm việc với đối tác này, bên cạnh người phụ trách đối tác và lãnh đạo phụ trách."},
	"team.member":      {"On the team", "Trong nhóm"},
	"team.role":        {"Role", "Vai trò"},
	"team.role_hint":   {"e.g. quality, logistics", "ví dụ: chất lượng, hậu cần"},
	"flash.team_saved": {"The relationship team was saved.", "Đã lưu nhóm phụ trách quan hệ."},
}
