package web

import (
	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// refusalKeys maps the reason of a refused change of a sourcing event (or
// of its invitations, documents, clarifications, bids and scores) to the
// message that explains it in Vietnamese (English pages show the domain's
// own words, which name the action too).
var refusalKeys = map[string]string{
	mutual.ReasonEventDraft:     "refusal.event_draft",
	mutual.ReasonEventOpen:      "refusal.event_open",
	mutual.ReasonEventClosed:    "refusal.event_closed",
	mutual.ReasonEventAwarded:   "refusal.event_awarded",
	mutual.ReasonEventCancelled: "refusal.event_cancelled",
	mutual.ReasonEventPublished: "refusal.event_published",
	mutual.ReasonNotYetOpen:     "refusal.event_not_yet_open",
	mutual.ReasonBidsSealed:     "refusal.bids_sealed",
	mutual.ReasonInviteeHasBid:  "refusal.has_bid",
	mutual.ReasonScoresFinal:    "refusal.scores_final",
}

// refusalText is the message for err's reason in locale, and whether the
// reason has one.
func refusalText(locale string, err error) (string, bool) {
	key, ok := refusalKeys[mutual.ErrorReason(err)]
	if !ok {
		return "", false
	}
	return i18n.T(locale, key), true
}
