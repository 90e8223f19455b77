package web

import (
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

func TestRefusalKeys(t *testing.T) {
	for reason, key := range refusalKeys {
		if !i18n.Has(key) {
			t.Errorf("reason %s: no message %s", reason, key)
		}
		err := mutual.Refusef(mutual.ECONFLICT, reason, "English words.")
		if got := stateMessage(i18n.Vietnamese, err); got != i18n.T(i18n.Vietnamese, key) {
			t.Errorf("reason %s in Vietnamese: %q", reason, got)
		}
		if got := stateMessage(i18n.English, err); got != "English words." {
			t.Errorf("reason %s in English: %q", reason, got)
		}
	}
	unknown := mutual.Refusef(mutual.ECONFLICT, "something_else", "Precise words.")
	if got := stateMessage(i18n.Vietnamese, unknown); got != i18n.T(i18n.Vietnamese, "sourcing.not_now_text") {
		t.Errorf("an unknown reason in Vietnamese: %q", got)
	}
	// Every reason of an event's state has its message.
	for _, s := range mutual.EventStatuses {
		if _, ok := refusalKeys["event_"+s]; !ok {
			t.Errorf("no message for event_%s", s)
		}
	}
}
