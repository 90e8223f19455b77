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

// need lists the permissions (mutual.Perm, permission.go) a route needs,
// checked in order: the first the caller lacks answers, 404 or 403 as the
// permission table says. A partner-scoped permission is checked against
// the partner in the path (/partners/{id}). The store checks each object
// again; this check answers early and with a clear status.
type need []mutual.Perm

// public is what a route needs that needs no token.
var public need

// handlerFunc is an API handler: it writes a response or returns an error.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one line of the route table.
type route struct {
	pattern string // ServeMux pattern: "METHOD /path"
	need    need
	handle  handlerFunc
}

// routes is the route table of the API. The OpenAPI test walks it.
func (h *Handler) routes() []route {
	return []route{
		{"GET /healthz", public, h.handleHealth},
		{"GET /readyz", public, h.handleReady},
		{"GET /api/v1/openapi.json", public, h.handleOpenAPI},

		{"POST /api/v1/auth/token", public, h.handleTokenCreate},
		{"DELETE /api/v1/auth/token", need{mutual.PermSignedIn}, h.handleTokenDelete},
		{"GET /api/v1/me", need{mutual.PermSignedIn}, h.handleMe},
		{"PATCH /api/v1/me", need{mutual.PermSignedIn}, h.handleMeUpdate},
		{"GET /api/v1/me/calendar", need{mutual.PermReadInternal}, h.handleCalendarGet},
		{"POST /api/v1/me/calendar", need{mutual.PermReadInternal}, h.handleCalendarCreate},
		{"DELETE /api/v1/me/calendar", need{mutual.PermReadInternal}, h.handleCalendarDelete},
		{"GET /api/v1/calendar/{file}", public, h.handleCalendarFeed},

		{"GET /api/v1/users", need{mutual.PermManageUsers}, h.handleUserList},
		{"POST /api/v1/users", need{mutual.PermManageUsers}, h.handleUserCreate},
		{"GET /api/v1/users/{id}", need{mutual.PermManageUsers}, h.handleUserGet},
		{"PATCH /api/v1/users/{id}", need{mutual.PermManageUsers}, h.handleUserUpdate},

		{"GET /api/v1/partners", need{mutual.PermSignedIn}, h.handlePartnerList},
		{"POST /api/v1/partners", need{mutual.PermWritePartners}, h.handlePartnerCreate},
		{"GET /api/v1/partners/{id}", need{mutual.PermReadPartner}, h.handlePartnerGet},
		{"PATCH /api/v1/partners/{id}", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handlePartnerUpdate},
		{"GET /api/v1/partners/{id}/status", need{mutual.PermReadInternal}, h.handlePartnerStatusGet},
		{"POST /api/v1/partners/{id}/status", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handlePartnerStatusChange},
		{"POST /api/v1/partners/reassign", need{mutual.PermReadInternal, mutual.PermReassign}, h.handlePartnerReassign},
		{"GET /api/v1/partners/{id}/team", need{mutual.PermReadInternal}, h.handleTeamGet},
		{"PUT /api/v1/partners/{id}/team", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handleTeamSet},

		{"GET /api/v1/partners/{id}/contacts", need{mutual.PermReadPartner}, h.handleContactList},
		{"POST /api/v1/partners/{id}/contacts", need{mutual.PermChange}, h.handleContactCreate}, // the store answers a partner_id that is not the path's
		{"GET /api/v1/partners/{id}/contacts/{contact_id}", need{mutual.PermReadPartner}, h.handleContactGet},
		{"PATCH /api/v1/partners/{id}/contacts/{contact_id}", need{mutual.PermWriteContacts}, h.handleContactUpdate},
		{"DELETE /api/v1/partners/{id}/contacts/{contact_id}", need{mutual.PermWriteContacts}, h.handleContactDelete},

		{"GET /api/v1/partners/{id}/interactions", need{mutual.PermReadInteractions}, h.handleInteractionList},
		{"POST /api/v1/partners/{id}/interactions", need{mutual.PermReadInteractions, mutual.PermWriteInteractions}, h.handleInteractionCreate},
		{"GET /api/v1/partners/{id}/interactions/{interaction_id}", need{mutual.PermReadInteractions}, h.handleInteractionGet},
		{"PATCH /api/v1/partners/{id}/interactions/{interaction_id}", need{mutual.PermReadInteractions, mutual.PermWriteInteractions}, h.handleInteractionUpdate},
		{"GET /api/v1/partners/{id}/interactions/{interaction_id}/ics", need{mutual.PermReadInteractions}, h.handleInteractionICS},

		{"GET /api/v1/partners/{id}/commitments", need{mutual.PermReadPartner}, h.handleCommitmentList},
		{"POST /api/v1/partners/{id}/commitments", need{mutual.PermReadPartner, mutual.PermWritePartners}, h.handleCommitmentCreate},
		{"GET /api/v1/partners/{id}/commitments/{commitment_id}", need{mutual.PermReadPartner}, h.handleCommitmentGet},
		{"PATCH /api/v1/partners/{id}/commitments/{commitment_id}", need{mutual.PermReadPartner, mutual.PermChange}, h.handleCommitmentUpdate},
		{"GET /api/v1/commitments", need{mutual.PermSignedIn}, h.handleCommitmentSearch},

		{"GET /api/v1/partners/{id}/cadence", need{mutual.PermReadInternal}, h.handlePartnerCadenceGet},
		{"PUT /api/v1/partners/{id}/cadence", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handlePartnerCadenceSet},
		{"DELETE /api/v1/partners/{id}/cadence", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handlePartnerCadenceReset},
		{"GET /api/v1/cadences", need{mutual.PermReadInternal}, h.handleCadenceList},
		{"GET /api/v1/cadences/{segment}", need{mutual.PermReadInternal}, h.handleCadenceGet},
		{"PUT /api/v1/cadences/{segment}", need{mutual.PermSetPolicies}, h.handleCadenceUpdate},
		{"GET /api/v1/partners/{id}/health", need{mutual.PermReadInternal}, h.handlePartnerHealth},

		{"GET /api/v1/partners/{id}/gifts", need{mutual.PermReadInternal}, h.handleGiftList},
		{"POST /api/v1/partners/{id}/gifts", need{mutual.PermReadInternal, mutual.PermWritePartners}, h.handleGiftCreate},
		{"GET /api/v1/partners/{id}/gifts/totals", need{mutual.PermReadInternal}, h.handleGiftTotals},
		{"GET /api/v1/partners/{id}/gifts/{gift_id}", need{mutual.PermReadInternal}, h.handleGiftGet},
		{"POST /api/v1/partners/{id}/gifts/{gift_id}/approve", need{mutual.PermReadInternal, mutual.PermDecideGifts}, h.handleGiftApprove},
		{"POST /api/v1/partners/{id}/gifts/{gift_id}/reject", need{mutual.PermReadInternal, mutual.PermDecideGifts}, h.handleGiftReject},
		{"GET /api/v1/gifts", need{mutual.PermReadInternal}, h.handleGiftRegister},
		{"GET /api/v1/gift-policy", need{mutual.PermReadInternal}, h.handleGiftPolicyGet},
		{"PUT /api/v1/gift-policy", need{mutual.PermReadInternal, mutual.PermSetPolicies}, h.handleGiftPolicyUpdate},

		{"GET /api/v1/attention", need{mutual.PermReadInternal}, h.handleAttentionList},
		{"GET /api/v1/owners", need{mutual.PermReadInternal}, h.handleOwnerList},

		{"GET /api/v1/audit", need{mutual.PermReadAudit}, h.handleAuditList},
		{"GET /api/v1/audit/verify", need{mutual.PermReadAudit}, h.handleAuditVerify},

		{"GET /api/v1/events", need{mutual.PermSignedIn}, h.handleEventList},
		{"POST /api/v1/events", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventCreate},
		{"GET /api/v1/events/{id}", need{mutual.PermSignedIn}, h.handleEventGet},
		{"PATCH /api/v1/events/{id}", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventUpdate},
		{"POST /api/v1/events/{id}/copy", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventCopy},
		{"POST /api/v1/events/{id}/publish", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventPublish},
		{"POST /api/v1/events/{id}/close", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventClose},
		{"POST /api/v1/events/{id}/unseal", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventUnseal}, // managers and admins; the store says why to buyers (not_opener)
		{"POST /api/v1/events/{id}/cancel", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleEventCancel},
		{"GET /api/v1/events/{id}/invitations", need{mutual.PermReadInternal}, h.handleInvitationList},
		{"POST /api/v1/events/{id}/invitations", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleInvitationCreate},
		{"DELETE /api/v1/events/{id}/invitations/{partner_id}", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleInvitationDelete},
		{"GET /api/v1/events/{id}/clarifications", need{mutual.PermSignedIn}, h.handleClarificationList},
		{"POST /api/v1/events/{id}/clarifications", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleClarificationCreate},
		{"GET /api/v1/events/{id}/documents", need{mutual.PermSignedIn}, h.handleDocumentList},
		{"POST /api/v1/events/{id}/documents", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleDocumentCreate},
		{"GET /api/v1/events/{id}/documents/{document_id}", need{mutual.PermSignedIn}, h.handleDocumentGet},
		{"DELETE /api/v1/events/{id}/documents/{document_id}", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleDocumentDelete},
		{"POST /api/v1/events/{id}/attachments", need{mutual.PermChange}, h.handleAttachmentCreate}, // supplier users; the store says 403 to others
		{"GET /api/v1/events/{id}/bids", need{mutual.PermSignedIn}, h.handleBidList},
		{"POST /api/v1/events/{id}/bids", need{mutual.PermChange}, h.handleBidSubmit}, // supplier users; the store says 403 to others
		{"POST /api/v1/events/{id}/bids/withdraw", need{mutual.PermChange}, h.handleBidWithdraw},
		{"GET /api/v1/events/{id}/bids/revisions", need{mutual.PermSignedIn}, h.handleBidRevisions},
		{"GET /api/v1/events/{id}/scores", need{mutual.PermReadInternal}, h.handleScoreList},
		{"PUT /api/v1/events/{id}/scores", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleScoresSet}, // the event's evaluators; the store says 403 to others
		{"GET /api/v1/events/{id}/tabulation", need{mutual.PermReadInternal}, h.handleTabulation},
		{"GET /api/v1/events/{id}/tabulation.csv", need{mutual.PermReadInternal}, h.handleTabulationCSV},
		{"POST /api/v1/events/{id}/award", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleAwardCreate},
		{"GET /api/v1/events/{id}/award", need{mutual.PermSignedIn}, h.handleAwardGet},
		{"POST /api/v1/events/{id}/negotiations", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleNegotiationFromEvent},

		{"GET /api/v1/agreements", need{mutual.PermSignedIn}, h.handleAgreementList},
		{"GET /api/v1/agreements/{id}", need{mutual.PermSignedIn}, h.handleAgreementGet},
		{"GET /api/v1/negotiations", need{mutual.PermSignedIn}, h.handleNegotiationList},
		{"POST /api/v1/negotiations", need{mutual.PermReadInternal, mutual.PermWriteEvents}, h.handleNegotiationCreate},
		{"GET /api/v1/negotiations/{id}", need{mutual.PermSignedIn}, h.handleNegotiationGet},
		{"POST /api/v1/negotiations/{id}/rounds", need{mutual.PermChange}, h.handleRoundCreate}, // the store takes the side from the user
		{"POST /api/v1/negotiations/{id}/close", need{mutual.PermChange}, h.handleNegotiationClose},
		{"GET /api/v1/savings", need{mutual.PermReadInternal}, h.handleSavings},
		{"GET /api/v1/notifications", need{mutual.PermSignedIn}, h.handleNotificationList},
		{"POST /api/v1/notifications/read", need{mutual.PermSignedIn}, h.handleNotificationsRead},
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
	if len(rt.need) == 0 {
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
	if err := rt.check(r, u); err != nil {
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

// check answers whether u holds the permissions the route needs.
func (rt route) check(r *http.Request, u *mutual.User) error {
	var partnerID mutual.ID
	if strings.Contains(rt.pattern, "/partners/{id}") {
		partnerID, _ = mutual.ParseID(r.PathValue("id"))
	}
	return mutual.RefusalOfAny(u, partnerID, rt.need)
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
