// Package web serves Mutual's HTML pages: sign-in, the partner list and
// partner pages for the buying side, and the same pages for supplier users
// (the supplier portal), who see only their own partner.
//
// Pages are rendered on the server with html/template; they work without
// JavaScript and use a small script where it helps. Templates and static
// files are embedded and parsed once, when the handler is made.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// Options configure the web handler.
type Options struct {
	// Logger receives the causes of server errors; nil discards them.
	Logger *slog.Logger
	// Secure marks the site as served over TLS: cookies get the Secure flag.
	Secure bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ClientAddr returns the client's address for sign-in rate limits; the
	// connection's address when nil (cmd/mutual reads X-Forwarded-For when
	// it runs behind a proxy).
	ClientAddr func(*http.Request) string
	// PublicURL is the address people reach Mutual at: the links pages
	// hand out start with it, and a page opened at another host makes
	// none. The zero value is mutual.DefaultPublicURL.
	PublicURL mutual.PublicURL
}

// Handler serves the pages. Make one with NewHandler.
type Handler struct {
	svc        mutual.Services
	log        *slog.Logger
	secure     bool
	now        func() time.Time
	clientAddr func(*http.Request) string
	publicURL  mutual.PublicURL
	pages      *pages
	assets     *assets
	root       http.Handler
}

// NewHandler returns the handler of every page: everything except /api/,
// /healthz and /readyz, which belong to the JSON API. It fails when a
// template or static file is missing or does not parse.
func NewHandler(svc mutual.Services, opts Options) (http.Handler, error) {
	h := &Handler{svc: svc, log: opts.Logger, secure: opts.Secure, now: opts.Now, clientAddr: opts.ClientAddr, publicURL: opts.PublicURL}
	if h.clientAddr == nil {
		h.clientAddr = remoteAddr
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	var err error
	if h.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	h.root = h.securityHeaders(h.crossOriginProtection(h.routes()))
	return h, nil
}

// ServeHTTP serves a page.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.root.ServeHTTP(w, r) }

// routes is the route table of the pages. Handlers wrapped by h.page need a
// signed-in user; h.public ones do not.
func (h *Handler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/{file}", http.HandlerFunc(h.serveAsset))
	mux.Handle("GET /favicon.ico", http.HandlerFunc(h.serveFavicon))

	mux.Handle("GET /login", h.public(h.handleLoginForm))
	mux.Handle("POST /login", h.public(h.handleLogin))
	mux.Handle("POST /logout", h.public(h.handleLogout))
	mux.Handle("POST /locale", h.public(h.handleLocale))

	mux.Handle("GET /{$}", h.page(h.handleHome))
	mux.Handle("GET /partners", h.page(h.handlePartnerList))
	mux.Handle("GET /partners/new", h.page(h.handlePartnerNew))
	mux.Handle("POST /partners/new", h.page(h.handlePartnerCreate))
	mux.Handle("GET /partners/import", h.page(h.handlePartnerImportForm))
	mux.Handle("POST /partners/import", h.page(h.handlePartnerImport))
	mux.Handle("GET /partners/export.csv", h.page(h.handlePartnerExport))
	mux.Handle("GET /partners/{id}", h.page(h.handlePartnerShow))
	mux.Handle("GET /partners/{id}/edit", h.page(h.handlePartnerEdit))
	mux.Handle("POST /partners/{id}/edit", h.page(h.handlePartnerUpdate))
	mux.Handle("POST /partners/{id}/status", h.page(h.handlePartnerStatus))

	mux.Handle("GET /partners/{id}/contacts/new", h.page(h.handleContactNew))
	mux.Handle("POST /partners/{id}/contacts/new", h.page(h.handleContactCreate))
	mux.Handle("GET /partners/{id}/contacts/{cid}/edit", h.page(h.handleContactEdit))
	mux.Handle("POST /partners/{id}/contacts/{cid}/edit", h.page(h.handleContactUpdate))
	mux.Handle("POST /partners/{id}/contacts/{cid}/delete", h.page(h.handleContactDelete))

	mux.Handle("GET /partners/{id}/interactions/new", h.page(h.handleInteractionNew))
	mux.Handle("POST /partners/{id}/interactions/new", h.page(h.handleInteractionCreate))
	mux.Handle("GET /partners/{id}/interactions/{iid}/edit", h.page(h.handleInteractionEdit))
	mux.Handle("POST /partners/{id}/interactions/{iid}/edit", h.page(h.handleInteractionUpdate))
	mux.Handle("POST /partners/{id}/interactions/{iid}/cancel", h.page(h.handleInteractionCancel))

	mux.Handle("GET /partners/{id}/commitments/new", h.page(h.handleCommitmentNew))
	mux.Handle("POST /partners/{id}/commitments/new", h.page(h.handleCommitmentCreate))
	mux.Handle("POST /partners/{id}/commitments/{cid}/done", h.page(h.handleCommitmentDone))
	mux.Handle("POST /partners/{id}/commitments/{cid}/cancel", h.page(h.handleCommitmentCancel))
	mux.Handle("GET /commitments", h.page(h.handleMyCommitments))

	mux.Handle("GET /partners/{id}/cadence", h.page(h.handlePartnerCadenceForm))
	mux.Handle("POST /partners/{id}/cadence", h.page(h.handlePartnerCadenceSet))
	mux.Handle("GET /cadences", h.page(h.handleCadenceList))
	mux.Handle("POST /cadences/{segment}", h.page(h.handleCadenceUpdate))

	mux.Handle("GET /partners/{id}/team", h.page(h.handleTeamEdit))
	mux.Handle("POST /partners/{id}/team", h.page(h.handleTeamUpdate))
	mux.Handle("GET /calendar", h.page(h.handleCalendar))
	mux.Handle("POST /calendar", h.page(h.handleCalendarCreate))
	mux.Handle("POST /calendar/revoke", h.page(h.handleCalendarRevoke))
	mux.Handle("GET /partners/{id}/interactions/{iid}/ics", h.page(h.handleInteractionICS))

	mux.Handle("GET /partners/{id}/gifts/new", h.page(h.handleGiftNew))
	mux.Handle("POST /partners/{id}/gifts/new", h.page(h.handleGiftCreate))
	mux.Handle("POST /partners/{id}/gifts/{gid}/approve", h.page(h.handleGiftApprove))
	mux.Handle("POST /partners/{id}/gifts/{gid}/reject", h.page(h.handleGiftReject))
	mux.Handle("GET /gifts", h.page(h.handleGiftList))
	mux.Handle("GET /gift-policy", h.page(h.handleGiftPolicy))
	mux.Handle("POST /gift-policy", h.page(h.handleGiftPolicyUpdate))

	mux.Handle("GET /owners", h.page(h.handleOwnerList))
	mux.Handle("POST /owners/reassign", h.page(h.handleOwnerReassign))

	h.sourcingRoutes(mux) // events, bids, award, agreements, negotiations, savings: web/sourcing.go

	// The supplier portal (web/portal*.go): supplier users only.
	mux.Handle("GET /portal", h.page(h.handlePortalHome))
	mux.Handle("POST /notifications/read", h.page(h.handleNotificationsRead))
	mux.Handle("GET /portal/events", h.page(h.handlePortalEvents))
	mux.Handle("GET /portal/events/{id}", h.page(h.handlePortalEvent))
	mux.Handle("POST /portal/events/{id}/bid", h.page(h.handlePortalBid))
	mux.Handle("POST /portal/events/{id}/withdraw", h.page(h.handlePortalWithdraw))
	mux.Handle("GET /portal/events/{id}/documents/{did}", h.page(h.handlePortalDocument))
	mux.Handle("GET /portal/negotiations", h.page(h.handlePortalNegotiations))
	mux.Handle("GET /portal/negotiations/{id}", h.page(h.handlePortalNegotiation))
	mux.Handle("POST /portal/negotiations/{id}/offer", h.page(h.handlePortalOffer))
	mux.Handle("POST /portal/negotiations/{id}/accept", h.page(h.handlePortalAccept))
	mux.Handle("GET /portal/company", h.page(h.handlePortalCompany))

	mux.Handle("/", h.page(h.handleNotFound))
	return mux
}

// zone returns the company's time zone, in which dates are shown and read.
func (h *Handler) zone() *time.Location {
	if h.svc.Zone != nil {
		return h.svc.Zone
	}
	return i18n.DefaultZone
}

// today returns the date in the company's time zone.
func (h *Handler) today() mutual.Date { return mutual.DateOf(h.now(), h.zone()) }

// handleNotFound answers paths no route knows.
func (h *Handler) handleNotFound(w http.ResponseWriter, r *http.Request) error {
	return mutual.Errorf(mutual.ENOTFOUND, "Page not found.")
}
