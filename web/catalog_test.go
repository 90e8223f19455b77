package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// TestCatalogKeys checks that every message key the templates and handlers
// name is in the catalog, so that no page shows a raw key.
func TestCatalogKeys(t *testing.T) {
	keyPattern := regexp.MustCompile(`"((?:nav|login|error|partners|partner|contact|action|form|flash|import|sort|timeline|interaction|commitments|commitment|cadences|cadence|followthrough|sentiment|duration|home|attention|owners|health)\.[a-z_.\-]+)"`)
	files, _ := filepath.Glob("templates/*.html")
	gofiles, _ := filepath.Glob("*.go")
	files = append(files, gofiles...)
	found := 0
	for _, f := range files {
		if filepath.Ext(f) == ".go" && len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyPattern.FindAllStringSubmatch(string(b), -1) {
			found++
			key := m[1]
			if key[len(key)-1] == '.' {
				continue // a prefix completed at run time, checked below
			}
			if !i18n.Has(key) {
				t.Errorf("%s: no message %q", f, key)
			}
		}
	}
	if found < 50 {
		t.Errorf("found only %d keys; is the pattern broken?", found)
	}
	for _, code := range []string{mutual.EINVALID, mutual.EMALFORMED, mutual.ENOTFOUND, mutual.EFORBIDDEN, mutual.EUNAUTHORIZED,
		mutual.ECONFLICT, mutual.EPRECONDITION, mutual.ERATELIMIT, mutual.EINTERNAL} {
		for _, part := range []string{".title", ".text"} {
			if !i18n.Has("error." + code + part) {
				t.Errorf("no message error.%s%s", code, part)
			}
		}
	}
	for kind, values := range map[string][]string{
		"interaction_kind":   mutual.InteractionKinds,
		"interaction_level":  mutual.InteractionLevels,
		"interaction_status": mutual.InteractionStatuses,
		"commitment_side":    mutual.CommitmentSides,
		"commitment_status":  mutual.CommitmentStatuses,
		"touch":              mutual.TouchKinds,
	} {
		for _, v := range values {
			if !i18n.Has(kind + "." + v) {
				t.Errorf("no label for %s %q", kind, v)
			}
		}
	}
	for _, v := range []string{"-2", "-1", "0", "1", "2", "unknown"} {
		if !i18n.Has("sentiment." + v) {
			t.Errorf("no message sentiment.%s", v)
		}
	}
	for _, s := range mutual.PartnerSorts {
		if !i18n.Has("sort." + s) {
			t.Errorf("no message sort.%s", s)
		}
	}
}
