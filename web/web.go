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

// route is one line of the route table of the pages: the pattern, what
// the route needs (public: nothing, not even a signed-in user) and the
// handler.
type route struct {
	pattern string // ServeMux pattern: "METHOD /path"
	need    need
	handle  handlerFunc
}

// need lists the permissions (mutual.Perm, permission.go) a page or form
// needs, checked in order before its handler runs: the first the user
// lacks answers, 404 or 403 as the permission table says. A
// partner-scoped permission is checked against the partner in the path
// (/partners/{id}). The store checks each object again.
type need []mutual.Perm

// public is what a page needs that anyone may open, signed in or not.
var public need

// routes returns the mux of the route table, with the static files.
func (h *Handler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/{file}", http.HandlerFunc(h.serveAsset))
	mux.Handle("GET /favicon.ico", http.HandlerFunc(h.serveFavicon))
	for _, rt := range h.routeTable() {
		if len(rt.need) == 0 {
			mux.Handle(rt.pattern, h.public(rt.handle))
		} else {
			mux.Handle(rt.pattern, h.page(rt))
		}
	}
	return mux
}

// routeTable is the route table of the pages. The access test walks it.
func (h *Handler) routeTable() []route {
	return append(append([]route{
		{"GET /login", public, h.handleLoginForm},
		{"POST /login", public, h.handleLogin},
		{"POST /logout", public, h.handleLogout},
		{"POST /locale", public, h.handleLocale},

		{"GET /{$}", need{mutual.PermSignedIn}, h.handleHome},
		{"GET /partners", need{mutual.PermSignedIn}, h.handlePartnerList},
		{"GET /partners/new", need{mutual.PermWritePartners}, h.handlePartnerNew},
		{"POST /partners/new", need{mutual.PermWritePartners}, h.handlePartnerCreate},
		{"GET /partners/import", need{mutual.PermWritePartners}, h.handlePartnerImportForm},
		{"POST /partners/import", need{mutual.PermWritePartners}, h.handlePartnerImport},
		{"GET /partners/export.csv", need{mutual.PermSignedIn}, h.handlePartnerExport},
		{"GET /partners/{id}", need{mutual.PermReadPartner}, h.handlePartnerShow},
		{"GET /partners/{id}/edit", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handlePartnerEdit},
		{"POST /partners/{id}/edit", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handlePartnerUpdate},
		{"POST /partners/{id}/status", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handlePartnerStatus},

		{"GET /partners/{id}/contacts/new", need{mutual.PermWriteContacts}, h.handleContactNew},
		{"POST /partners/{id}/contacts/new", need{mutual.PermWriteContacts}, h.handleContactCreate},
		{"GET /partners/{id}/contacts/{cid}/edit", need{mutual.PermWriteContacts}, h.handleContactEdit},
		{"POST /partners/{id}/contacts/{cid}/edit", need{mutual.PermWriteContacts}, h.handleContactUpdate},
		{"POST /partners/{id}/contacts/{cid}/delete", need{mutual.PermWriteContacts}, h.handleContactDelete},

		{"GET /partners/{id}/interactions/new", need{mutual.PermReadInteractions, mutual.PermWriteInteractions}, h.handleInteractionNew},
		{"POST /partners/{id}/interactions/new", need{mutual.PermReadInteractions, mutual.PermWriteInteractions}, h.handleInteractionCreate},
		{"GET /partners/{id}/interactions/{iid}/edit", need{mutual.PermReadInteractions, mutual.PermWriteInteractions}, h.handleInteractionEdit},
		{"POST /partners/{id}/interactions/{iid}/edit", need{mutual.PermReadInteractions, mutual.PermWriteInteractions}, h.handleInteractionUpdate},
		{"POST /partners/{id}/interactions/{iid}/cancel", need{mutual.PermReadInteractions, mutual.PermWriteInteractions}, h.handleInteractionCancel},

		{"GET /partners/{id}/commitments/new", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handleCommitmentNew},
		{"POST /partners/{id}/commitments/new", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handleCommitmentCreate},
		{"POST /partners/{id}/commitments/{cid}/done", need{mutual.PermReadPartner, mutual.PermChange}, h.handleCommitmentDone},
		{"POST /partners/{id}/commitments/{cid}/cancel", need{mutual.PermReadPartner, mutual.PermChange}, h.handleCommitmentCancel},
		{"GET /commitments", need{mutual.PermReadInternal}, h.handleMyCommitments},

		{"GET /partners/{id}/cadence", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handlePartnerCadenceForm},
		{"POST /partners/{id}/cadence", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handlePartnerCadenceSet},
		{"GET /cadences", need{mutual.PermReadInternal}, h.handleCadenceList},
		{"POST /cadences/{segment}", need{mutual.PermSetPolicies}, h.handleCadenceUpdate},

		{"GET /partners/{id}/team", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handleTeamEdit},
		{"POST /partners/{id}/team", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handleTeamUpdate},
		{"GET /calendar", need{mutual.PermReadInternal}, h.handleCalendar},
		{"POST /calendar", need{mutual.PermReadInternal}, h.handleCalendarCreate},
		{"POST /calendar/revoke", need{mutual.PermReadInternal}, h.handleCalendarRevoke},
		{"GET /partners/{id}/interactions/{iid}/ics", need{mutual.PermReadInteractions}, h.handleInteractionICS},

		{"GET /partners/{id}/gifts/new", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handleGiftNew},
		{"POST /partners/{id}/gifts/new", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handleGiftCreate},
		{"POST /partners/{id}/gifts/{gid}/approve", need{mutual.PermReadInternal, mutual.PermDecideGifts}, h.handleGiftApprove},
		{"POST /partners/{id}/gifts/{gid}/reject", need{mutual.PermReadInternal, mutual.PermDecideGifts}, h.handleGiftReject},
		{"GET /gifts", need{mutual.PermReadInternal}, h.handleGiftList},
		{"GET /gift-policy", need{mutual.PermReadInternal}, h.handleGiftPolicy},
		{"POST /gift-policy", need{mutual.PermReadInternal, mutual.PermSetPolicies}, h.handleGiftPolicyUpdate},

		{"GET /owners", need{mutual.PermReadInternal, mutual.PermReassign}, h.handleOwnerList},
		{"POST /owners/reassign", need{mutual.PermReadInternal, mutual.PermReassign}, h.handleOwnerReassign},
	}, h.sourcingRoutes()...), // events, bids, award, agreements, negotiations, savings: web/sourcing.go
		[]route{
			// The supplier portal (web/portal*.go): supplier users only.
			{"GET /portal", need{mutual.PermUsePortal}, h.handlePortalHome},
			{"POST /notifications/read", need{mutual.PermSignedIn}, h.handleNotificationsRead},
			{"GET /portal/events", need{mutual.PermUsePortal}, h.handlePortalEvents},
			{"GET /portal/events/{id}", need{mutual.PermUsePortal}, h.handlePortalEvent},
			{"POST /portal/events/{id}/bid", need{mutual.PermUsePortal}, h.handlePortalBid},
			{"POST /portal/events/{id}/withdraw", need{mutual.PermUsePortal}, h.handlePortalWithdraw},
			{"GET /portal/events/{id}/documents/{did}", need{mutual.PermUsePortal}, h.handlePortalDocument},
			{"GET /portal/negotiations", need{mutual.PermUsePortal}, h.handlePortalNegotiations},
			{"GET /portal/negotiations/{id}", need{mutual.PermUsePortal}, h.handlePortalNegotiation},
			{"POST /portal/negotiations/{id}/offer", need{mutual.PermUsePortal}, h.handlePortalOffer},
			{"POST /portal/negotiations/{id}/accept", need{mutual.PermUsePortal}, h.handlePortalAccept},
			{"GET /portal/company", need{mutual.PermUsePortal}, h.handlePortalCompany},

			{"/", need{mutual.PermSignedIn}, h.handleNotFound},
		}...)
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
