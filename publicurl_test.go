package mutual_test

import (
	"testing"

	"github.com/mutualsrm/mutual"
)

func TestParsePublicURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://srm.example.com", "https://srm.example.com"},
		{"https://SRM.example.com/", "https://srm.example.com"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://example.com/mutual/", "https://example.com/mutual"},
		{"http://[::1]:8080", "http://[::1]:8080"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			p, err := mutual.ParsePublicURL(tt.in)
			if err != nil || p.String() != tt.want {
				t.Errorf("got %q, %v; want %q", p, err, tt.want)
			}
		})
	}
	for _, in := range []string{"", "srm.example.com", "/relative", "ftp://srm.example.com", "https://", "https://u:p@srm.example.com",
		"https://srm.example.com/?a=1", "https://srm.example.com/?", "https://srm.example.com/#top", "https://srm.example.com#", "https://srm.example.com:99999", "mailto:a@b.example"} {
		t.Run("Err"+in, func(t *testing.T) {
			if _, err := mutual.ParsePublicURL(in); len(mutual.ErrorFields(err)) != 1 || mutual.ErrorFields(err)[0].Field != "public_url" {
				t.Errorf("%q: err = %v", in, err)
			}
		})
	}
}

func TestPublicURL_CheckHost(t *testing.T) {
	p, _ := mutual.ParsePublicURL("https://srm.example.com")
	for _, host := range []string{"srm.example.com", "SRM.Example.com", "srm.example.com:443", "srm.example.com."} {
		if err := p.CheckHost(host); err != nil {
			t.Errorf("%q: %v", host, err)
		}
	}
	for _, host := range []string{"evil.example", "srm.example.com:8443", "srm.example.com.evil.example", "", "srm.example.com:80"} {
		if err := p.CheckHost(host); mutual.ErrorCode(err) != mutual.ECONFLICT || mutual.ErrorReason(err) != "host_mismatch" {
			t.Errorf("%q: %v", host, err)
		}
	}
	var zero mutual.PublicURL
	if got := zero.Link("/x"); got != mutual.DefaultPublicURL+"/x" {
		t.Errorf("zero value links to %q", got)
	}
	if err := zero.CheckHost("127.0.0.1:8080"); err != nil {
		t.Errorf("zero value: %v", err)
	}
}
