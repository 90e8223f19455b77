package mutual_test

import (
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
)

// negotiationWith returns a negotiation in status with one round per side
// given, in order.
func negotiationWith(status mutual.NegotiationStatus, sides ...mutual.Side) *mutual.Negotiation {
	n := &mutual.Negotiation{Status: string(status), Currency: "VND",
		Lines: []mutual.NegotiationLine{{ID: 1, Item: "HRC-3", Quantity: mutual.NewDecimal(4), Unit: "t"}}}
	for i, s := range sides {
		n.Rounds = append(n.Rounds, mutual.Round{Number: i + 1, Side: string(s),
			Lines: []mutual.RoundLine{{LineID: 1, UnitPrice: mutual.Money{Amount: mutual.NewDecimal(100), Currency: "VND"}}}})
	}
	return n
}

// TestNegotiation_Turn: sides take turns; either opens; nobody's turn once closed.
func TestNegotiation_Turn(t *testing.T) {
	ours, theirs := mutual.SideOurs, mutual.SideTheirs
	for _, tt := range []struct {
		name   string
		n      *mutual.Negotiation
		want   mutual.Side
		listed string // LastSide as lists carry it, without rounds
	}{
		{"NoRound", negotiationWith(mutual.NegotiationOpen), "", ""},
		{"AfterOurs", negotiationWith(mutual.NegotiationOpen, ours), theirs, ""},
		{"AfterTheirs", negotiationWith(mutual.NegotiationOpen, ours, theirs), ours, ""},
		{"ListedAfterOurs", negotiationWith(mutual.NegotiationOpen), theirs, "ours"},
		{"Agreed", negotiationWith(mutual.NegotiationAgreed, ours), "", ""},
		{"Failed", negotiationWith(mutual.NegotiationFailed, theirs), "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.n.LastSide = tt.listed
			if got := tt.n.Turn(); got != tt.want {
				t.Errorf("Turn() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNegotiation_Refusals tries each predicate in each state: every
// refusal carries its code and reason.
func TestNegotiation_Refusals(t *testing.T) {
	ours, theirs := mutual.SideOurs, mutual.SideTheirs
	open := func(sides ...mutual.Side) *mutual.Negotiation {
		return negotiationWith(mutual.NegotiationOpen, sides...)
	}
	for _, tt := range []struct {
		name   string
		err    error
		code   string
		reason string
	}{
		{"OfferFirstOurs", open().CanOffer(ours), "", ""},
		{"OfferFirstTheirs", open().CanOffer(theirs), "", ""},
		{"OfferAfterOther", open(theirs).CanOffer(ours), "", ""},
		{"OfferTwiceOurs", open(ours).CanOffer(ours), mutual.ECONFLICT, mutual.ReasonNotYourTurn},
		{"OfferTwiceTheirs", open(ours, theirs).CanOffer(theirs), mutual.ECONFLICT, mutual.ReasonNotYourTurn},
		{"OfferClosed", negotiationWith(mutual.NegotiationAgreed, ours).CanOffer(theirs), mutual.ECONFLICT, mutual.ReasonNegotiationClosed},
		{"OfferCancelled", negotiationWith(mutual.NegotiationCancelled).CanOffer(ours), mutual.ECONFLICT, mutual.ReasonNegotiationClosed},
		{"AgreeNoOffer", open().CanAgree(ours), mutual.ECONFLICT, mutual.ReasonNoOffer},
		{"AgreeOnOurs", open(ours).CanAgree(ours), "", ""},
		{"AgreeOnTheirs", open(ours, theirs).CanAgree(ours), "", ""},
		{"AcceptOurs", open(ours).CanAgree(theirs), "", ""},
		{"AcceptNoOffer", open().CanAgree(theirs), mutual.ECONFLICT, mutual.ReasonNoOfferToAccept},
		{"AcceptOwn", open(ours, theirs).CanAgree(theirs), mutual.ECONFLICT, mutual.ReasonNoOfferToAccept},
		{"AcceptClosed", negotiationWith(mutual.NegotiationFailed, ours).CanAgree(theirs), mutual.ECONFLICT, mutual.ReasonNegotiationClosed},
		{"FailOurs", open(theirs).CanFail(ours), "", ""},
		{"FailTheirs", open(ours).CanFail(theirs), mutual.EFORBIDDEN, mutual.ReasonAcceptOrCounter},
		{"FailClosedTheirs", negotiationWith(mutual.NegotiationAgreed).CanFail(theirs), mutual.ECONFLICT, mutual.ReasonNegotiationClosed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := mutual.ErrorCode(tt.err), tt.code; got != want {
				t.Fatalf("code = %q, want %q (%v)", got, want, tt.err)
			}
			if got, want := mutual.ErrorReason(tt.err), tt.reason; got != want {
				t.Errorf("reason = %q, want %q", got, want)
			}
			if tt.reason != "" && !contains(mutual.NegotiationReasons, tt.reason) {
				t.Errorf("reason %q missing from NegotiationReasons", tt.reason)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestNegotiation_Close: agreeing returns the last round; failing needs an
// outcome; refusals leave the negotiation open.
func TestNegotiation_Close(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	t.Run("Agree", func(t *testing.T) {
		n := negotiationWith(mutual.NegotiationOpen, mutual.SideOurs, mutual.SideTheirs)
		last, err := n.Close(mutual.SideOurs, mutual.NegotiationClose{Agreed: true}, now)
		if err != nil || last == nil || last.Number != 2 {
			t.Fatalf("Close = %v, %v", last, err)
		}
		if n.State() != mutual.NegotiationAgreed || !n.ClosedAt.Equal(now) {
			t.Errorf("status %q closed %v", n.Status, n.ClosedAt)
		}
	})
	t.Run("Fail", func(t *testing.T) {
		n := negotiationWith(mutual.NegotiationOpen, mutual.SideOurs)
		last, err := n.Close(mutual.SideOurs, mutual.NegotiationClose{Outcome: "  Too dear. "}, now)
		if err != nil || last != nil {
			t.Fatalf("Close = %v, %v", last, err)
		}
		if n.State() != mutual.NegotiationFailed || n.Outcome != "Too dear." {
			t.Errorf("status %q outcome %q", n.Status, n.Outcome)
		}
	})
	t.Run("ErrOutcomeRequired", func(t *testing.T) {
		n := negotiationWith(mutual.NegotiationOpen, mutual.SideOurs)
		_, err := n.Close(mutual.SideOurs, mutual.NegotiationClose{}, now)
		if f := mutual.ErrorFields(err); len(f) != 1 || f[0].Field != "outcome" || f[0].Rule != "required" {
			t.Fatalf("err = %v", err)
		}
		if !n.IsOpen() {
			t.Errorf("status %q after a refusal", n.Status)
		}
	})
	t.Run("ErrNotYourTurnLeavesOpen", func(t *testing.T) {
		n := negotiationWith(mutual.NegotiationOpen, mutual.SideTheirs)
		_, err := n.Close(mutual.SideTheirs, mutual.NegotiationClose{Agreed: true}, now)
		if mutual.ErrorReason(err) != mutual.ReasonNoOfferToAccept || !n.IsOpen() {
			t.Fatalf("err = %v, status %q", err, n.Status)
		}
	})
	t.Run("OfferSetsSide", func(t *testing.T) {
		n := negotiationWith(mutual.NegotiationOpen, mutual.SideOurs)
		r := &mutual.Round{Side: "ours", Lines: []mutual.RoundLine{{LineID: 1, UnitPrice: mutual.Money{Amount: mutual.NewDecimal(90), Currency: "VND"}}}}
		if err := n.Offer(mutual.SideTheirs, r); err != nil || r.Side != "theirs" {
			t.Fatalf("Offer = %v, side %q", err, r.Side)
		}
	})
}
