package mutual_test

import (
	"slices"
	"testing"

	"github.com/mutualsrm/mutual"
)

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Công ty TNHH Thiết bị Nguyễn Đức", "cong ty tnhh thiet bi nguyen duc"},
		{"ĐỨC", "duc"},
		{"đức", "duc"},
		{"NGUYEN", "nguyen"},
		{"  Phở -- Hà Nội!! ", "pho ha noi"},
		{"lan.tran@abc.vn", "lan tran abc vn"},
		{"0100233488-001", "0100233488 001"},
		{"Müller & Söhne GmbH", "muller sohne gmbh"},
		{"Straße", "strasse"},
		{"", ""},
	} {
		if got := mutual.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchTerms(t *testing.T) {
	if got, want := mutual.SearchTerms(" Nguyễn  đức "), []string{"nguyen", "duc"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
