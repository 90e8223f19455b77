// Package api serves Mutual's JSON API under /api/v1, its OpenAPI
// description, and the /healthz and /readyz probes. Handlers return errors;
// one adapter turns them into RFC 9457 problem responses.
package api

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/mutualsrm/mutual"
)

// Options configure NewHandler; the zero value is usable.
type Options struct {
	// Logger receives internal errors; slog.Default() when nil.
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// ClientAddr returns the client's address for sign-in rate limits; the
	// connection's address when nil. Behind a reverse proxy, cmd/mutual
	// passes one that reads the address the proxy saw.
	ClientAddr func(*http.Request) string
	// PublicURL is the address people reach Mutual at: the links the API
	// hands out start with it, and a request for another host gets no link
	// (409, reason host_mismatch). The zero value is mutual.DefaultPublicURL.
	PublicURL mutual.PublicURL
}

// Handler serves the JSON API. Create it with NewHandler.
type Handler struct {
	svc        mutual.Services
	log        *slog.Logger
	now        func() time.Time
	clientAddr func(*http.Request) string
	publicURL  mutual.PublicURL
	mux        *http.ServeMux
}

// access says who may call a route. The store checks each object again;
// this check answers early and with a clear 403.
type access int

const (
	public         access = iota // no token needed
	signedIn                     // any signed-in user
	writer                       // any signed-in user but viewers; the store checks the object
	partnerWriter                // users who create and change partners
	adminOnly                    // administrators
	internal                     // internal users; to supplier users the resource does not exist (404)
	internalWriter               // buyers, managers and admins; viewers 403, supplier users 404
)

// handlerFunc is an API handler: it writes a response or returns an error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one line of the route table.
type route struct {
	pattern string // ServeMux pattern: "METHOD /path"
	access  access
	handle  handlerFunc
}

// routes is the route table of the API. The OpenAPI test walks it.
func (h *Handler) routes() []route {
	return []route{
		{"GET /healthz", public, h.handleHealth},
		{"GET /readyz", public, h.handleReady},
		{"GET /api/v1/openapi.json", public, h.handleOpenAPI},

		{"POST /api/v1/auth/token", public, h.handleTokenCreate},
		{"DELETE /api/v1/auth/token", signedIn, h.handleTokenDelete},
		{"GET /api/v1/me", signedIn, h.handleMe},
		{"PATCH /api/v1/me", signedIn, h.handleMeUpdate},
		{"GET /api/v1/me/calendar", internal, h.handleCalendarGet},
		{"POST /api/v1/me/calendar", internal, h.handleCalendarCreate},
		{"DELETE /api/v1/me/calendar", internal, h.handleCalendarDelete},
		{"GET /api/v1/calendar/{file}", public, h.handleCalendarFeed},

		{"GET /api/v1/users", adminOnly, h.handleUserList},
		{"POST /api/v1/users", adminOnly, h.handleUserCreate},
		{"GET /api/v1/users/{id}", adminOnly, h.handleUserGet},
		{"PATCH /api/v1/users/{id}", adminOnly, h.handleUserUpdate},

		{"GET /api/v1/partners", signedIn, h.handlePartnerList},
		{"POST /api/v1/partners", partnerWriter, h.handlePartnerCreate},
		{"GET /api/v1/partners/{id}", signedIn, h.handlePartnerGet},
		{"PATCH /api/v1/partners/{id}", writer, h.handlePartnerUpdate},
		{"GET /api/v1/partners/{id}/status", internal, h.handlePartnerStatusGet},
		{"POST /api/v1/partners/{id}/status", writer, h.handlePartnerStatusChange}, // those who write partners; the store says 403 to others
		{"POST /api/v1/partners/reassign", internalWriter, h.handlePartnerReassign},
		{"GET /api/v1/partners/{id}/team", internal, h.handleTeamGet},
		{"PUT /api/v1/partners/{id}/team", internalWriter, h.handleTeamSet},

		{"GET /api/v1/partners/{id}/contacts", signedIn, h.handleContactList},
		{"POST /api/v1/partners/{id}/contacts", writer, h.handleContactCreate},
		{"GET /api/v1/partners/{id}/contacts/{contact_id}", signedIn, h.handleContactGet},
		{"PATCH /api/v1/partners/{id}/contacts/{contact_id}", writer, h.handleContactUpdate},
		{"DELETE /api/v1/partners/{id}/contacts/{contact_id}", writer, h.handleContactDelete},

		{"GET /api/v1/partners/{id}/interactions", internal, h.handleInteractionList},
		{"POST /api/v1/partners/{id}/interactions", internalWriter, h.handleInteractionCreate},
		{"GET /api/v1/partners/{id}/interactions/{interaction_id}", internal, h.handleInteractionGet},
		{"PATCH /api/v1/partners/{id}/interactions/{interaction_id}", internalWriter, h.handleInteractionUpdate},
		{"GET /api/v1/partners/{id}/interactions/{interaction_id}/ics", internal, h.handleInteractionICS},

		{"GET /api/v1/partners/{id}/commitments", signedIn, h.handleCommitmentList},
		{"POST /api/v1/partners/{id}/commitments", writer, h.handleCommitmentCreate},
		{"GET /api/v1/partners/{id}/commitments/{commitment_id}", signedIn, h.handleCommitmentGet},
		{"PATCH /api/v1/partners/{id}/commitments/{commitment_id}", writer, h.handleCommitmentUpdate},
		{"GET /api/v1/commitments", signedIn, h.handleCommitmentSearch},

		{"GET /api/v1/partners/{id}/cadence", internal, h.handlePartnerCadenceGet},
		{"PUT /api/v1/partners/{id}/cadence", internalWriter, h.handlePartnerCadenceSet},
		{"DELETE /api/v1/partners/{id}/cadence", internalWriter, h.handlePartnerCadenceReset},
		{"GET /api/v1/cadences", internal, h.handleCadenceList},
		{"GET /api/v1/cadences/{segment}", internal, h.handleCadenceGet},
		{"PUT /api/v1/cadences/{segment}", adminOnly, h.handleCadenceUpdate},
		{"GET /api/v1/partners/{id}/health", internal, h.handlePartnerHealth},

		{"GET /api/v1/partners/{id}/gifts", internal, h.handleGiftList},
		{"POST /api/v1/partners/{id}/gifts", internalWriter, h.handleGiftCreate},
		{"GET /api/v1/partners/{id}/gifts/totals", internal, h.handleGiftTotals},
		{"GET /api/v1/partners/{id}/gifts/{gift_id}", internal, h.handleGiftGet},
		{"POST /api/v1/partners/{id}/gifts/{gift_id}/approve", internalWriter, h.handleGiftApprove},
		{"POST /api/v1/partners/{id}/gifts/{gift_id}/reject", internalWriter, h.handleGiftReject},
		{"GET /api/v1/gifts", internal, h.handleGiftRegister},
		{"GET /api/v1/gift-policy", internal, h.handleGiftPolicyGet},
		{"PUT /api/v1/gift-policy", internalWriter, h.handleGiftPolicyUpdate}, // admins; the store says 403 to others

		{"GET /api/v1/attention", internal, h.handleAttentionList},
		{"GET /api/v1/owners", internal, h.handleOwnerList},

		{"GET /api/v1/audit", adminOnly, h.handleAuditList},
		{"GET /api/v1/audit/verify", adminOnly, h.handleAuditVerify},

		{"GET /api/v1/events", signedIn, h.handleEventList},
		{"POST /api/v1/events", internalWriter, h.handleEventCreate},
		{"GET /api/v1/events/{id}", signedIn, h.handleEventGet},
		{"PATCH /api/v1/events/{id}", internalWriter, h.handleEventUpdate},
		{"POST /api/v1/events/{id}/copy", internalWriter, h.handleEventCopy},
		{"POST /api/v1/events/{id}/publish", internalWriter, h.handleEventPublish},
		{"POST /api/v1/events/{id}/close", internalWriter, h.handleEventClose},
		{"POST /api/v1/events/{id}/unseal", internalWriter, h.handleEventUnseal}, // managers and admins; the store says 403 to buyers
		{"POST /api/v1/events/{id}/cancel", internalWriter, h.handleEventCancel},
		{"GET /api/v1/events/{id}/invitations", internal, h.handleInvitationList},
		{"POST /api/v1/events/{id}/invitations", internalWriter, h.handleInvitationCreate},
		{"DELETE /api/v1/events/{id}/invitations/{partner_id}", internalWriter, h.handleInvitationDelete},
		{"GET /api/v1/events/{id}/clarifications", signedIn, h.handleClarificationList},
		{"POST /api/v1/events/{id}/clarifications", internalWriter, h.handleClarificationCreate},
		{"GET /api/v1/events/{id}/documents", signedIn, h.handleDocumentList},
		{"POST /api/v1/events/{id}/documents", internalWriter, h.handleDocumentCreate},
		{"GET /api/v1/events/{id}/documents/{document_id}", signedIn, h.handleDocumentGet},
		{"DELETE /api/v1/events/{id}/documents/{document_id}", internalWriter, h.handleDocumentDelete},
		{"POST /api/v1/events/{id}/attachments", writer, h.handleAttachmentCreate}, // supplier users; the store says 403 to others
		{"GET /api/v1/events/{id}/bids", signedIn, h.handleBidList},
		{"POST /api/v1/events/{id}/bids", writer, h.handleBidSubmit}, // supplier users; the store says 403 to others
		{"POST /api/v1/events/{id}/bids/withdraw", writer, h.handleBidWithdraw},
		{"GET /api/v1/events/{id}/bids/revisions", signedIn, h.handleBidRevisions},
		{"GET /api/v1/events/{id}/scores", internal, h.handleScoreList},
		{"PUT /api/v1/events/{id}/scores", internalWriter, h.handleScoresSet}, // the event's evaluators; the store says 403 to others
		{"GET /api/v1/events/{id}/tabulation", internal, h.handleTabulation},
		{"GET /api/v1/events/{id}/tabulation.csv", internal, h.handleTabulationCSV},
		{"POST /api/v1/events/{id}/award", internalWriter, h.handleAwardCreate},
		{"GET /api/v1/events/{id}/award", signedIn, h.handleAwardGet},
		{"POST /api/v1/events/{id}/negotiations", internalWriter, h.handleNegotiationFromEvent},

		{"GET /api/v1/agreements", signedIn, h.handleAgreementList},
		{"GET /api/v1/agreements/{id}", signedIn, h.handleAgreementGet},
		{"GET /api/v1/negotiations", signedIn, h.handleNegotiationList},
		{"POST /api/v1/negotiations", internalWriter, h.handleNegotiationCreate},
		{"GET /api/v1/negotiations/{id}", signedIn, h.handleNegotiationGet},
		{"POST /api/v1/negotiations/{id}/rounds", writer, h.handleRoundCreate}, // the store takes the side from the user
		{"POST /api/v1/negotiations/{id}/close", writer, h.handleNegotiationClose},
		{"GET /api/v1/savings", internal, h.handleSavings},
		{"GET /api/v1/notifications", signedIn, h.handleNotificationList},
		{"POST /api/v1/notifications/read", signedIn, h.handleNotificationsRead},
	}
}

// NewHandler returns the handler of the JSON API and the health probes.
func NewHandler(svc mutual.Services, opts Options) http.Handler {
	h := &Handler{svc: svc, log: opts.Logger, now: opts.Now, clientAddr: opts.ClientAddr, publicURL: opts.PublicURL, mux: http.NewServeMux()}
	if h.clientAddr == nil {
		h.clientAddr = remoteAddr
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	for _, rt := range h.routes() {
		h.mux.Handle(rt.pattern, h.adapt(rt))
	}
	h.mux.Handle("/", h.adapt(route{"/", public, h.handleNoRoute}))
	return h
}

// ServeHTTP sets the security headers every response carries and recovers
// from panics so that a bug answers 500 and is logged.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	// Responses hold tokens and business data: no cache may keep them.
	hd.Set("Cache-Control", "no-store")
	tw := &trackingWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.log.ErrorContext(r.Context(), "panic serving request", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("panic", v))
			if !tw.wrote {
				h.writeError(tw, r, mutual.Errorf(mutual.EINTERNAL, "panic"))
			}
		}
	}()
	h.mux.ServeHTTP(tw, r)
}

// trackingWriter remembers whether the response has started.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(status int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(status)
}
func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// adapt turns a route into an http.Handler: it limits the body, signs the
// caller in, checks the route's access and what the request sends against
// what the route declares (admit), runs POSTs idempotently when asked, and
// writes any error as a problem.
func (h *Handler) adapt(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil {
			r.Body = http.NoBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, rt.bodyLimit())
		if err := h.serve(rt, w, r); err != nil {
			h.writeError(w, r, err)
		}
	})
}

func (h *Handler) serve(rt route, w http.ResponseWriter, r *http.Request) error {
	if rt.access == public {
		r, err := h.admit(rt, r)
		if err != nil {
			return err
		}
		return rt.handle(w, r)
	}
	u, err := h.authenticate(r)
	if err != nil {
		return err
	}
	r = r.WithContext(mutual.NewContextWithUser(r.Context(), u))
	if err := rt.access.check(u); err != nil {
		return err
	}
	if r, err = h.admit(rt, r); err != nil {
		return err
	}
	if _, ok := r.Header["Idempotency-Key"]; ok && r.Method == http.MethodPost {
		return h.idempotent(w, r, u, rt.handle)
	}
	return rt.handle(w, r)
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// authenticate returns the user of the bearer token. Cookies are not read:
// the API is for programs, and without cookies it needs no CSRF defence.
func (h *Handler) authenticate(r *http.Request) (*mutual.User, error) {
	tok := bearerToken(r)
	if tok == "" {
		return nil, mutual.Errorf(mutual.EUNAUTHORIZED, "Send Authorization: Bearer <token>; POST /api/v1/auth/token gives a token.")
	}
	return h.svc.Sessions.Authenticate(r.Context(), tok, mutual.SessionToken)
}

func (a access) check(u *mutual.User) error {
	switch a {
	case writer:
		if u.Role == mutual.RoleViewer {
			return mutual.Errorf(mutual.EFORBIDDEN, "Viewers may read but not change anything.")
		}
	case partnerWriter:
		if !mutual.CanWritePartners(u) {
			return mutual.Errorf(mutual.EFORBIDDEN, "You may not create or change partners.")
		}
	case adminOnly:
		if !mutual.CanManageUsers(u) {
			return mutual.Errorf(mutual.EFORBIDDEN, "Only administrators may do this.")
		}
	case internal, internalWriter:
		// Supplier users see nothing of the timeline and the cadence: not
		// even that there is something they may not see.
		if !u.IsInternal() {
			return mutual.Errorf(mutual.ENOTFOUND, "Not found.")
		}
		if a == internalWriter && !mutual.CanWriteInteractions(u) {
			return mutual.Errorf(mutual.EFORBIDDEN, "Viewers may read but not change anything.")
		}
	}
	return nil
}

// handleNoRoute answers requests no route matches: 405 with Allow when the
// path exists with other methods, 404 otherwise.
func (h *Handler) handleNoRoute(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return newProblem(http.StatusMethodNotAllowed, mutual.EMALFORMED, "This resource does not support "+r.Method+"; use "+strings.Join(allow, ", ")+".")
	}
	return mutual.Errorf(mutual.ENOTFOUND, "There is no API resource at %s.", r.URL.Path)
}

// handleHealth answers 200 while the process runs.
func (h *Handler) handleHealth(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady answers 200 when the database is reachable, 503 otherwise.
func (h *Handler) handleReady(w http.ResponseWriter, r *http.Request) error {
	if h.svc.Ready != nil {
		if err := h.svc.Ready(r.Context()); err != nil {
			h.log.WarnContext(r.Context(), "not ready", slog.Any("error", err))
			return newProblem(http.StatusServiceUnavailable, "unavailable", "The database is not reachable.")
		}
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
