package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/i18n"
)

// domainReasons reads the root package's source for every reason it
// gives: the string constants named Reason..., by file, and the literal
// reasons passed to Refusef. Reading the source, rather than a list kept
// by hand, means a new reason fails the test below until it has a message.
func domainReasons(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{} // reason -> where it is given
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if !strings.HasPrefix(id.Name, "Reason") || i >= len(n.Values) {
						continue
					}
					if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						reasons[v] = filepath.Base(name) + ": " + id.Name
					}
				}
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "Refusef" && len(n.Args) > 1 {
					if lit, ok := n.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						reasons[v] = filepath.Base(name) + ": Refusef"
					}
				}
			}
			return true
		})
	}
	if len(reasons) < 30 {
		t.Fatalf("found only %d reasons in the root package; is the reading broken?", len(reasons))
	}
	return reasons
}

// TestRefusalKeysCoverEveryReason enumerates every reason of the domain
// and fails when a page would say it in either language with anything
// but a message of its own: a refusal's reason through refusalKeys, an
// attention reason through the attention list's words.
func TestRefusalKeysCoverEveryReason(t *testing.T) {
	general := map[string]bool{}
	for _, key := range []string{"sourcing.not_now_text", "portal.refused_other"} {
		general[i18n.T(i18n.English, key)], general[i18n.T(i18n.Vietnamese, key)] = true, true
	}
	reasons := domainReasons(t)
	for reason, where := range reasons {
		if strings.HasPrefix(where, "attention.go") {
			p := &basePage{}
			r := mutual.AttentionReason{Reason: reason, Kind: mutual.TouchAny, Days: 3, Count: 2}
			p.Locale = i18n.English
			en := p.reasonText(r)
			p.Locale = i18n.Vietnamese
			if vi := p.reasonText(r); en == reason || vi == reason || en == vi {
				t.Errorf("attention reason %s (%s): English %q, Vietnamese %q", reason, where, en, vi)
			}
			continue
		}
		key, ok := refusalKeys[reason]
		if !ok {
			t.Errorf("reason %s (%s) has no message in refusalKeys", reason, where)
			continue
		}
		err := mutual.Refusef(mutual.ECONFLICT, reason, "The domain's words.")
		en, vi := stateMessage(i18n.English, err), stateMessage(i18n.Vietnamese, err)
		switch {
		case !i18n.Has(key):
			t.Errorf("reason %s: no message %s", reason, key)
		case en != i18n.T(i18n.English, key) || vi != i18n.T(i18n.Vietnamese, key):
			t.Errorf("reason %s: the pages say %q and %q, not %s", reason, en, vi, key)
		case en == vi || general[en] || general[vi] || en == "The domain's words.":
			t.Errorf("reason %s: English %q, Vietnamese %q: not a message of its own", reason, en, vi)
		case strings.Contains(en+vi, "%"):
			t.Errorf("reason %s: %s needs arguments the refusal does not have", reason, key)
		}
	}
	for reason := range refusalKeys {
		if _, ok := reasons[reason]; !ok {
			t.Errorf("refusalKeys names %s, which the domain does not give", reason)
		}
	}
	// Every reason of an event's state (stateReason) has its message too.
	for _, s := range mutual.EventStatuses {
		if _, ok := refusalKeys["event_"+s]; !ok {
			t.Errorf("no message for event_%s", s)
		}
	}
	unknown := mutual.Refusef(mutual.ECONFLICT, "something_else", "Precise words.")
	if got := stateMessage(i18n.Vietnamese, unknown); got != i18n.T(i18n.Vietnamese, "sourcing.not_now_text") {
		t.Errorf("an unknown reason in Vietnamese: %q", got)
	}
	if got := stateMessage(i18n.English, unknown); got != "Precise words." {
		t.Errorf("an unknown reason in English: %q", got)
	}
}
