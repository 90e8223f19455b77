// Command writeload logs an interaction on one partner at a steady pace
// through the API and prints the latency of those writes, to measure how
// long the server's writers wait while something else (an import) runs. It
// stops after -d, or at SIGINT or SIGTERM, and prints what it measured:
//
//	writeload -base http://127.0.0.1:8080 -token T -partner ID -every 50ms -d 30s
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server base URL")
	token := flag.String("token", "", "API token (POST /api/v1/auth/token)")
	partner := flag.String("partner", "", "ID of the partner whose timeline the interactions go to")
	every := flag.Duration("every", 50*time.Millisecond, "time between the starts of two writes")
	dur := flag.Duration("d", 30*time.Second, "how long to write")
	slow := flag.Duration("slow", 0, "also print each write that takes longer, with when it started")
	flag.Parse()
	if *token == "" || *partner == "" {
		log.Fatal("writeload: -token and -partner are required")
	}
	client := &http.Client{Timeout: time.Minute}
	url := *base + "/api/v1/partners/" + *partner + "/interactions"
	var lat []time.Duration
	failed := 0
	tick := time.NewTicker(*every)
	defer tick.Stop()
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, *dur)
	defer cancelTimeout()
	for ctx.Err() == nil {
		select {
		case <-tick.C:
		case <-ctx.Done():
			continue
		}
		body := fmt.Sprintf(`{"kind": "call", "occurred_at": %q, "subject": "Load check"}`, time.Now().UTC().Format(time.RFC3339))
		req, err := http.NewRequest("POST", url, bytes.NewBufferString(body))
		if err != nil {
			log.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+*token)
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		resp, err := client.Do(req)
		took := time.Since(start)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
		}
		if err != nil {
			failed++
			log.Print(err)
			continue
		}
		lat = append(lat, took)
		if *slow > 0 && took > *slow {
			fmt.Printf("slow write at %s: %s\n", start.Format("15:04:05.000"), took.Round(time.Millisecond))
		}
	}
	slices.Sort(lat)
	at := func(q float64) string {
		if len(lat) == 0 {
			return "-"
		}
		return lat[int(q*float64(len(lat)-1))].Round(time.Millisecond).String()
	}
	fmt.Printf("writes=%d failed=%d p50=%s p95=%s p99=%s max=%s\n", len(lat), failed, at(.5), at(.95), at(.99), at(1))
}
