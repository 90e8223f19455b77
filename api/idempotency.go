package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/mutualsrm/mutual"
)

// idempotent runs a POST under its Idempotency-Key: the first request with
// a key runs and its response is stored; a later request with the same key
// and the same method, path and body gets that response again, marked
// Idempotent-Replayed. A key reused for another request, or while the first
// is still running, is a 409. Server errors release the key so the client
// can retry.
func (h *Handler) idempotent(w http.ResponseWriter, r *http.Request, u *mutual.User, next handlerFunc) error {
	key := r.Header.Get("Idempotency-Key")
	if !validIdempotencyKey(key) {
		return fieldError("header.Idempotency-Key", "idempotency_key", "Must be 1 to 255 visible ASCII characters.")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return newProblem(http.StatusRequestEntityTooLarge, mutual.EMALFORMED, fmt.Sprintf("The request body is larger than %d bytes.", MaxBodyBytes))
		}
		return mutual.Errorf(mutual.EMALFORMED, "The request body could not be read.")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	ctx := r.Context()
	stored, err := h.svc.Idempotency.BeginIdempotent(ctx, u.ID, key, fingerprint(r.Method, r.URL.Path, body))
	if err != nil {
		return err
	}
	if stored != nil {
		w.Header().Set("Idempotent-Replayed", "true")
		if stored.Location != "" {
			w.Header().Set("Location", stored.Location)
		}
		writeBody(w, stored.Status, stored.ContentType, stored.Body)
		return nil
	}

	rec := newRecorder()
	if err := next(rec, r); err != nil {
		h.writeError(rec, r, err)
	}
	var resp *mutual.IdempotentResponse
	if rec.status < 500 {
		resp = &mutual.IdempotentResponse{Status: rec.status, ContentType: rec.header.Get("Content-Type"), Location: rec.header.Get("Location"), Body: rec.body.Bytes()}
	}
	// The outcome is stored even when the client has gone away meanwhile.
	if err := h.svc.Idempotency.FinishIdempotent(context.WithoutCancel(ctx), u.ID, key, resp); err != nil {
		h.log.ErrorContext(ctx, "store idempotent response", slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	rec.copyTo(w)
	return nil
}

func validIdempotencyKey(key string) bool {
	if key == "" || len(key) > 255 {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// fingerprint identifies a request: the same key with another fingerprint is
// a client error, not a replay.
func fingerprint(method, path string, body []byte) string {
	sum := sha256.Sum256(body)
	h := sha256.Sum256([]byte(method + " " + path + "\n" + hex.EncodeToString(sum[:])))
	return hex.EncodeToString(h[:])
}

// recorder buffers a response so that it can be stored before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(b)
}

func (rec *recorder) copyTo(w http.ResponseWriter) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
	w.WriteHeader(rec.status)
	w.Write(rec.body.Bytes())
}
