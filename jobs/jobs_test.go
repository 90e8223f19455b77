package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/jobs"
)

// flaky fails its first fails calls with err, then succeeds.
type flaky struct {
	fails, calls int
	err          error
}

func (f *flaky) run(context.Context) (int, error) {
	f.calls++
	if f.calls <= f.fails {
		return 0, f.err
	}
	return 1, nil
}

type commitments struct {
	mutual.CommitmentService
	f *flaky
}

func (c commitments) MarkMissed(ctx context.Context) (int, error) { return c.f.run(ctx) }

type events struct {
	mutual.EventService
	f *flaky
}

func (e events) CloseDueEvents(ctx context.Context) (int, error) { return e.f.run(ctx) }

type imports struct{ f *flaky }

func (i imports) RemoveAbandonedImports(ctx context.Context) (int, error) { return i.f.run(ctx) }

func TestRunner_RetriesBusyDatabase(t *testing.T) {
	busy := errors.New("begin: database is locked (5) (SQLITE_BUSY)")
	missed, closing, abandoned := &flaky{fails: 2, err: busy}, &flaky{fails: 0}, &flaky{fails: 1, err: busy}
	var logs bytes.Buffer
	r := &jobs.Runner{
		Services: mutual.Services{Commitments: commitments{f: missed}, Events: events{f: closing}, Imports: imports{f: abandoned}},
		Logger:   slog.New(slog.NewTextHandler(&logs, nil)),
		Backoff:  time.Millisecond,
	}
	r.RunOnce(context.Background())
	if missed.calls != 3 || closing.calls != 1 || abandoned.calls != 2 {
		t.Fatalf("calls: missed %d, closing %d, abandoned %d; want 3, 1, 2", missed.calls, closing.calls, abandoned.calls)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a job that succeeded on a later try was logged as failed:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "marked missed commitments") {
		t.Errorf("the job's result was not logged:\n%s", logs.String())
	}
}

func TestRunner_GivesUpAndLogs(t *testing.T) {
	busy := errors.New("database is locked")
	refused := &mutual.Error{Code: mutual.EINVALID, Message: "bad"}
	missed, closing := &flaky{fails: 100, err: busy}, &flaky{fails: 100, err: refused}
	var logs bytes.Buffer
	r := &jobs.Runner{
		Services: mutual.Services{Commitments: commitments{f: missed}, Events: events{f: closing}},
		Logger:   slog.New(slog.NewTextHandler(&logs, nil)),
		Retries:  3,
		Backoff:  time.Millisecond,
	}
	r.RunOnce(context.Background())
	if missed.calls != 4 {
		t.Errorf("a busy database was tried %d times, want 4", missed.calls)
	}
	if closing.calls != 1 {
		t.Errorf("a refusal was tried %d times, want once", closing.calls)
	}
	if got := strings.Count(logs.String(), "level=ERROR"); got != 2 {
		t.Errorf("%d failures logged, want 2:\n%s", got, logs.String())
	}
}
