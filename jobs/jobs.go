// Package jobs runs Mutual's background work. Each job is idempotent and
// transactional, so several `mutual serve` processes sharing one PostgreSQL
// may run it side by side: the database decides who does each piece once.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/mutualsrm/mutual"
)

// Runner runs the periodic jobs.
type Runner struct {
	Services mutual.Services
	Logger   *slog.Logger
	// Every is the period (default one minute).
	Every time.Duration
	// Retries is how often a job that failed for a reason of the moment (a
	// database busy with another process's write, an outage) is tried again
	// before its failure is logged (default 5); Backoff is the first wait
	// between tries, doubled each time (default 500 ms).
	Retries int
	Backoff time.Duration
}

// Run runs every job once now and then every period until ctx ends.
func (r *Runner) Run(ctx context.Context) {
	every := r.Every
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		r.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce runs each job once, logging failures.
func (r *Runner) RunOnce(ctx context.Context) {
	ctx = mutual.NewContextWithUser(ctx, mutual.SystemUser)
	r.run(ctx, "mark missed commitments", "marked missed commitments", r.Services.Commitments.MarkMissed)
	r.run(ctx, "close due events", "closed sourcing events", r.Services.Events.CloseDueEvents)
	if r.Services.Imports != nil {
		r.run(ctx, "remove abandoned imports", "removed abandoned imports", r.Services.Imports.RemoveAbandonedImports)
	}
}

// run runs one job, trying again with backoff when it fails for a reason
// of the moment: an error that is not the domain's (a refusal or invalid
// data would fail again). Jobs are idempotent, so a try that failed halfway
// is safe to repeat.
func (r *Runner) run(ctx context.Context, what, done string, job func(context.Context) (int, error)) {
	retries, wait := r.Retries, r.Backoff
	if retries <= 0 {
		retries = 5
	}
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	for try := 0; ; try++ {
		n, err := job(ctx)
		switch {
		case err == nil:
			if n > 0 {
				r.Logger.Info(done, "count", n)
			}
			return
		case ctx.Err() != nil:
			return
		case mutual.ErrorCode(err) != mutual.EINTERNAL || try == retries:
			r.Logger.Error(what, "err", err, "tries", try+1)
			return
		}
		r.Logger.Warn(what+": trying again", "err", err, "try", try+1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait *= 2
	}
}
