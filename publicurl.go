package mutual

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// DefaultPublicURL is where links point when the operator names no public
// address: `mutual serve`'s default listen address.
const DefaultPublicURL = "http://127.0.0.1:8080"

// PublicURL is the address people reach Mutual at. Every link Mutual hands
// out (calendar feeds, links in them, later emails) starts with it, never
// with the Host header of a request, which the client chooses. The zero
// value is DefaultPublicURL.
type PublicURL struct{ u *url.URL }

// ParsePublicURL checks s: an absolute http or https URL with a host,
// without user, query or fragment. A path is kept (Mutual behind a proxy
// under a prefix); a trailing slash is dropped. EINVALID names the field
// "public_url".
func ParsePublicURL(s string) (PublicURL, error) {
	bad := func(msg string) (PublicURL, error) {
		return PublicURL{}, &Error{Code: EINVALID, Message: "Some fields are not valid.", Fields: []FieldError{{Field: "public_url", Rule: "url", Message: msg}}}
	}
	u, err := url.Parse(strings.TrimSpace(s))
	switch {
	case err != nil || u.Opaque != "":
		return bad("The public URL is not a URL.")
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("The public URL must start with http:// or https://.")
	case u.Hostname() == "":
		return bad("The public URL must name a host.")
	case u.User != nil:
		return bad("The public URL must not hold a user or password.")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return bad("The public URL must not have a query or a fragment.")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad("The public URL's port must be a number from 1 to 65535.")
		}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	u.Host = strings.ToLower(u.Host)
	return PublicURL{u: u}, nil
}

func (p PublicURL) url() *url.URL {
	if p.u == nil {
		u, _ := url.Parse(DefaultPublicURL)
		return u
	}
	return p.u
}

// IsZero reports whether no address was given (links use DefaultPublicURL).
func (p PublicURL) IsZero() bool { return p.u == nil }

// String returns the address, without a trailing slash.
func (p PublicURL) String() string { return p.url().String() }

// Link returns the absolute address of path, which starts with "/".
func (p PublicURL) Link(path string) string { return p.String() + path }

// MatchesHost reports whether host (a request's Host: name and optional
// port) is the public address's, names compared without case and default
// ports filled in.
func (p PublicURL) MatchesHost(host string) bool {
	u := p.url()
	return hostKey(u.Scheme, host) == hostKey(u.Scheme, u.Host)
}

// CheckHost refuses to make links for a request that came for another
// host than the public address's: ECONFLICT with reason host_mismatch. A
// link for a host the operator did not name could send a user's secret
// (a calendar feed's address) to whoever controls that host.
func (p PublicURL) CheckHost(host string) error {
	if p.MatchesHost(host) {
		return nil
	}
	return Refusef(ECONFLICT, "host_mismatch", "Mutual makes links for %s only, and this request came for another address. Open Mutual at %s (an operator sets the address with --public-url).", p, p)
}

func hostKey(scheme, hostport string) string {
	u := url.URL{Host: hostport}
	host, port := strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return net.JoinHostPort(host, port)
}
