package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual/api"
)

// TestOpenAPI checks that the served document parses, that it describes
// exactly the routes of the table, and that its references resolve.
func TestOpenAPI(t *testing.T) {
	f := newFixture(t)
	res := f.do("GET", "/api/v1/openapi.json", "", "", nil)
	checkResponse(t, res, http.StatusOK)
	var doc map[string]any
	decode(t, res, &doc)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	paths, _ := doc["paths"].(map[string]any)

	routes := map[string]api.Route{}
	for _, rt := range api.Routes() {
		routes[rt.Pattern] = rt
		method, path, _ := strings.Cut(rt.Pattern, " ")
		item, _ := paths[path].(map[string]any)
		op, ok := item[strings.ToLower(method)].(map[string]any)
		if !ok {
			t.Errorf("route %s is not in openapi.json", rt.Pattern)
			continue
		}
		checkOperation(t, rt, op)
	}
	for path, item := range paths {
		for method := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			if _, ok := routes[strings.ToUpper(method)+" "+path]; !ok {
				t.Errorf("openapi.json describes %s %s, which the table does not serve", strings.ToUpper(method), path)
			}
		}
	}
	checkRefs(t, doc, doc, "#")
}

// checkOperation checks the responses and security every operation must declare.
func checkOperation(t *testing.T, rt api.Route, op map[string]any) {
	t.Helper()
	responses, _ := op["responses"].(map[string]any)
	// Every operation refuses unknown query parameters: 400.
	want := []string{"400", "500"}
	if !rt.Public {
		want = append(want, "401")
	}
	method, _, _ := strings.Cut(rt.Pattern, " ")
	if method == "POST" || method == "PATCH" || method == "PUT" {
		want = append(want, "413", "422")
	}
	if method == "PATCH" {
		want = append(want, "412")
	}
	if strings.Contains(rt.Pattern, "{") {
		want = append(want, "404")
	}
	for _, code := range want {
		if _, ok := responses[code]; !ok {
			t.Errorf("%s: no %s response", rt.Pattern, code)
		}
	}
	security, declared := op["security"].([]any)
	if rt.Public != (declared && len(security) == 0) {
		t.Errorf("%s: security = %v, public = %v", rt.Pattern, op["security"], rt.Public)
	}
	if _, ok := op["operationId"].(string); !ok {
		t.Errorf("%s: no operationId", rt.Pattern)
	}
}

// checkRefs walks the document and resolves every $ref in it.
func checkRefs(t *testing.T, doc map[string]any, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if ref, ok := x.(string); k == "$ref" && ok {
				if !resolves(doc, ref) {
					t.Errorf("%s: $ref %q does not resolve", at, ref)
				}
				continue
			}
			checkRefs(t, doc, x, at+"/"+k)
		}
	case []any:
		for _, x := range v {
			checkRefs(t, doc, x, at+"/[]")
		}
	}
}

func resolves(doc map[string]any, ref string) bool {
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return true
}

// TestOpenAPI_Embedded checks the exported document is the one served.
func TestOpenAPI_Embedded(t *testing.T) {
	if !json.Valid(api.OpenAPI) {
		t.Fatal("api.OpenAPI is not valid JSON")
	}
}
