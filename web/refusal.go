package web

import (
	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// refusalKeys maps every reason the domain gives a refusal to the message
// that explains it on the pages, in English and Vietnamese alike: a
// sourcing event's state and what hangs on it ("refusal.<reason>"), the
// opening of sealed bids ("opening.reason.<reason>"), a negotiation's turn
// ("negotiation.reason.<reason>"), a partner's life cycle and whether we
// may source from it. Each message reads without arguments; pages that
// know more (the negotiation's status, who reset a password) say it with
// their area's own message first. TestRefusalKeysCoverEveryReason fails
// on a reason of the domain without a message here.
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

	mutual.ReasonNotOpener:             "opening.reason.not_opener",
	mutual.ReasonNotSealed:             "opening.reason.not_sealed",
	mutual.ReasonNotClosed:             "opening.reason.not_closed",
	mutual.ReasonBidsOpen:              "opening.reason.bids_open",
	mutual.ReasonNotCommittee:          "opening.reason.not_committee",
	mutual.ReasonOpenedAlready:         "opening.reason.opened_already",
	mutual.ReasonPasswordRecentlyReset: "refusal.password_recently_reset",
	mutual.ReasonWrongPassword:         "opening.reason.wrong_password",
	mutual.ReasonCommitteeFixed:        "opening.reason.committee_fixed",

	mutual.ReasonNegotiationClosed: "refusal.negotiation_closed",
	mutual.ReasonNotYourTurn:       "negotiation.reason.not_your_turn",
	mutual.ReasonNoOffer:           "negotiation.reason.no_offer",
	mutual.ReasonNoOfferToAccept:   "negotiation.reason.no_offer_to_accept",
	mutual.ReasonAcceptOrCounter:   "negotiation.reason.accept_or_counter",

	mutual.ReasonStatusMoveNotAllowed: "refusal.status_move_not_allowed",
	mutual.ReasonStatusUnchanged:      "refusal.status_unchanged",
	mutual.ReasonPartnerNotSupplier:   "refusal.partner_not_supplier",
	mutual.ReasonPartnerSuspended:     "refusal.partner_suspended",
	mutual.ReasonPartnerOffboarded:    "refusal.partner_offboarded",

	"host_mismatch": "refusal.host_mismatch", // mutual.PublicURL.CheckHost
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

// stateMessage is what to say about a refusal for the state of what was
// to change: the message of its reason in the user's language; for a
// refusal without one (none of the domain's), the domain's words in
// English and a general sentence in Vietnamese.
func stateMessage(locale string, err error) string {
	if text, ok := refusalText(locale, err); ok {
		return text
	}
	if locale == i18n.Vietnamese {
		return i18n.T(locale, "sourcing.not_now_text")
	}
	return mutual.ErrorMessage(err)
}
