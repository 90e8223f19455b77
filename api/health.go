package api

import (
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// healthJSON is a partner's health index as the API writes it: every
// component with its explanation in English, and the figures behind it
// (why) for clients that say it in another language.
type healthJSON struct {
	PartnerID  mutual.ID             `json:"partner_id"`
	Score      *int                  `json:"score"` // null when no component has data
	Band       *string               `json:"band"`  // good, fair, poor; null with the score
	Components []healthComponentJSON `json:"components"`
	ComputedAt time.Time             `json:"computed_at"`
}

type healthComponentJSON struct {
	Name        string           `json:"name"`
	Score       *int             `json:"score"`
	Weight      int              `json:"weight"`
	Explanation string           `json:"explanation"`
	Why         mutual.HealthWhy `json:"why"`
}

func newHealthJSON(h *mutual.Health) healthJSON {
	out := healthJSON{PartnerID: h.PartnerID, Score: h.Score, ComputedAt: h.ComputedAt, Components: make([]healthComponentJSON, len(h.Components))}
	if h.Band != "" {
		out.Band = &h.Band
	}
	for i, c := range h.Components {
		out.Components[i] = healthComponentJSON{Name: c.Name, Score: c.Score, Weight: c.Weight, Explanation: i18n.HealthExplanation(i18n.English, c.Why), Why: c.Why}
	}
	return out
}

// handlePartnerHealth returns a partner's relationship health index, 0 to
// 100, with every component and why it scores as it does.
func (h *Handler) handlePartnerHealth(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	health, err := h.svc.Health.PartnerHealth(r.Context(), pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newHealthJSON(health))
}
