package mutual

import (
	"context"
	"time"
)

// IdempotencyTTL is how long a replayable response is kept.
const IdempotencyTTL = 24 * time.Hour

// IdempotentResponse is the stored first response to a POST with an Idempotency-Key.
type IdempotentResponse struct {
	Status      int
	ContentType string
	Location    string
	Body        []byte
}

// IdempotencyService remembers the first response per user and key.
type IdempotencyService interface {
	// BeginIdempotent reserves key for the user and request fingerprint. When
	// the key was used before it returns the stored response (done) or
	// ECONFLICT when that first request is still running or had another fingerprint.
	BeginIdempotent(ctx context.Context, userID ID, key, fingerprint string) (*IdempotentResponse, error)
	// FinishIdempotent stores the response for a reserved key; a nil response releases the key.
	FinishIdempotent(ctx context.Context, userID ID, key string, resp *IdempotentResponse) error
}
