package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// countPartners counts the partners the search q finds.
func countPartners(t *testing.T, f *fixture, q string) int {
	t.Helper()
	res := f.do("GET", "/api/v1/partners?q="+q, "admin", "", nil)
	checkResponse(t, res, http.StatusOK)
	var page struct{ Items []mutual.Partner }
	decode(t, res, &page)
	return len(page.Items)
}

func TestIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		tok := f.token(mutual.RoleBuyer)
		body := `{"name": "Idempotent Trading", "country": "SG", "roles": ["supplier"]}`
		key := map[string]string{"Idempotency-Key": "create-idempotent-1"}

		first := f.doToken("POST", "/api/v1/partners", tok, body, key)
		checkResponse(t, first, http.StatusCreated)
		again := f.doToken("POST", "/api/v1/partners", tok, body, key)
		checkResponse(t, again, http.StatusCreated)
		if got := again.Header().Get("Idempotent-Replayed"); got != "true" {
			t.Errorf("Idempotent-Replayed = %q", got)
		}
		if first.Header().Get("Idempotent-Replayed") != "" {
			t.Error("first response marked as replayed")
		}
		if again.Body.String() != first.Body.String() || again.Header().Get("Location") != first.Header().Get("Location") || first.Header().Get("Location") == "" {
			t.Errorf("replay differs:\n%s %v\n%s %v", first.Body, first.Header(), again.Body, again.Header())
		}
		if n := countPartners(t, f, "idempotent"); n != 1 {
			t.Errorf("%d partners created, want 1", n)
		}

		t.Run("ErrKeyReusedForOtherRequest", func(t *testing.T) {
			res := f.doToken("POST", "/api/v1/partners", tok, strings.Replace(body, "SG", "MY", 1), key)
			checkResponse(t, res, http.StatusConflict)
		})
		t.Run("KeysArePerUser", func(t *testing.T) {
			res := f.do("POST", "/api/v1/partners", "manager", body, key)
			checkResponse(t, res, http.StatusCreated)
			if res.Header().Get("Idempotent-Replayed") != "" {
				t.Error("another user's response replayed")
			}
		})
		t.Run("ErrorsAreReplayed", func(t *testing.T) {
			k := map[string]string{"Idempotency-Key": "bad-tax-code"}
			bad := `{"name": "Typo", "country": "VN", "tax_code": "0100233480", "roles": ["supplier"]}`
			checkResponse(t, f.doToken("POST", "/api/v1/partners", tok, bad, k), http.StatusUnprocessableEntity)
			res := f.doToken("POST", "/api/v1/partners", tok, bad, k)
			checkResponse(t, res, http.StatusUnprocessableEntity)
			if res.Header().Get("Idempotent-Replayed") != "true" || !strings.Contains(res.Body.String(), "body.tax_code") {
				t.Errorf("replay: %v %s", res.Header(), res.Body)
			}
		})
		t.Run("Contacts", func(t *testing.T) {
			k := map[string]string{"Idempotency-Key": "contact-1"}
			c := `{"name": "Idempotent Contact"}`
			checkResponse(t, f.doToken("POST", "/api/v1/partners/{A}/contacts", tok, c, k), http.StatusCreated)
			checkResponse(t, f.doToken("POST", "/api/v1/partners/{A}/contacts", tok, c, k), http.StatusCreated)
			cs, err := f.svc.Contacts.FindContacts(storetest.SystemContext(), f.A.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(cs), 2; got != want {
				t.Errorf("%d contacts, want %d", got, want)
			}
		})
		t.Run("ErrKeyMalformed", func(t *testing.T) {
			res := f.doToken("POST", "/api/v1/partners", tok, body, map[string]string{"Idempotency-Key": strings.Repeat("k", 256)})
			checkResponse(t, res, http.StatusUnprocessableEntity)
			if !strings.Contains(res.Body.String(), `"location":"header.Idempotency-Key"`) {
				t.Errorf("body: %s", res.Body)
			}
		})
		t.Run("Concurrent", func(t *testing.T) {
			k := map[string]string{"Idempotency-Key": "concurrent"}
			b := `{"name": "Concurrent Holdings", "country": "SG", "roles": ["supplier"]}`
			var wg sync.WaitGroup
			codes := make([]int, 8)
			for i := range codes {
				wg.Go(func() { codes[i] = f.doToken("POST", "/api/v1/partners", tok, b, k).Code })
			}
			wg.Wait()
			for _, c := range codes {
				if c != http.StatusCreated && c != http.StatusConflict {
					t.Errorf("status %d among %v", c, codes)
				}
			}
			if n := countPartners(t, f, "concurrent"); n != 1 {
				t.Errorf("%d partners created, want 1 (statuses %v)", n, codes)
			}
		})
	})
}
