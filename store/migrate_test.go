package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateReleased = flag.Bool("update-released", false, "record every migration file as released in migrations/released.sum")

// releasedSum lists the migrations that have been released, with their
// SHA-256: a database that applied one never applies it again, so changing
// it would leave databases built before and after the change apart. Change
// the schema with a new migration instead.
const releasedSum = "migrations/released.sum"

func TestReleasedMigrationsNeverChange(t *testing.T) {
	files := migrationFiles(t)
	if *updateReleased {
		var b strings.Builder
		for _, f := range files {
			fmt.Fprintf(&b, "%s  %s\n", fileSum(t, f), f)
		}
		if err := os.WriteFile(releasedSum, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(releasedSum)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < 14 {
		t.Fatalf("%s lists only %d migrations", releasedSum, len(lines))
	}
	for _, line := range lines {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("%s: bad line %q", releasedSum, line)
		}
		if !slices.Contains(files, name) {
			t.Errorf("released migration %s was removed or renamed", name)
			continue
		}
		if got := fileSum(t, name); got != sum {
			t.Errorf("released migration %s changed (sha256 %s, released as %s): add a new migration instead", name, got, sum)
		}
	}
}

func TestMigrationsComeInPairs(t *testing.T) {
	names := map[string][]string{}
	for _, f := range migrationFiles(t) {
		dialect, name := filepath.Split(f)
		names[filepath.Base(dialect)] = append(names[filepath.Base(dialect)], name)
	}
	if !slices.Equal(names["sqlite"], names["postgres"]) {
		t.Errorf("the dialects' migrations differ:\nsqlite   %v\npostgres %v", names["sqlite"], names["postgres"])
	}
}

func migrationFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dialect := range []string{"postgres", "sqlite"} {
		list, err := filepath.Glob(filepath.Join("migrations", dialect, "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(list)
		out = append(out, list...)
	}
	return out
}

func fileSum(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
