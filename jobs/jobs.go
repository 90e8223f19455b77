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
	n, err := r.Services.Commitments.MarkMissed(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		r.Logger.Error("mark missed commitments", "err", err)
	case n > 0:
		r.Logger.Info("marked missed commitments", "count", n)
	}
	n, err = r.Services.Events.CloseDueEvents(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		r.Logger.Error("close due events", "err", err)
	case n > 0:
		r.Logger.Info("closed sourcing events", "count", n)
	}
}
