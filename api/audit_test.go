package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestAudit changes data through the API, then reads the records those
// changes wrote and checks that the chain is intact.
func TestAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixtureOn(t, db)
		buyer := f.token(mutual.RoleBuyer)
		res := f.doToken("POST", "/api/v1/partners", buyer, `{"name": "Audited Co", "country": "VN", "roles": ["supplier"]}`, nil)
		checkResponse(t, res, http.StatusCreated)
		var p mutual.Partner
		decode(t, res, &p)
		checkResponse(t, f.doToken("PATCH", "/api/v1/partners/"+p.ID.String(), buyer, `{"segment": "routine"}`, map[string]string{"If-Match": `"1"`}), http.StatusOK)
		checkResponse(t, f.doToken("DELETE", "/api/v1/partners/{A}/contacts/{cA}", buyer, "", nil), http.StatusNoContent)

		res = f.do("GET", "/api/v1/audit?entity=partner&entity_id="+p.ID.String(), "admin", "", nil)
		checkResponse(t, res, http.StatusOK)
		var page struct {
			Items      []mutual.AuditRecord
			NextCursor string `json:"next_cursor"`
		}
		decode(t, res, &page)
		if len(page.Items) != 2 || page.Items[0].Action != "update" || page.Items[1].Action != "create" || page.Items[0].UserID != f.users[mutual.RoleBuyer].ID {
			t.Fatalf("records of partner %s: %+v", p.ID, page.Items)
		}

		res = f.do("GET", "/api/v1/audit?user_id={buyer}&limit=1", "admin", "", nil)
		checkResponse(t, res, http.StatusOK)
		decode(t, res, &page)
		if len(page.Items) != 1 || page.Items[0].Entity != "contact" || page.Items[0].Action != "delete" || page.NextCursor == "" {
			t.Fatalf("latest record of the buyer: %+v, cursor %q", page.Items, page.NextCursor)
		}
		head := page.Items[0].Hash

		res = f.do("GET", "/api/v1/audit/verify", "admin", "", nil)
		checkResponse(t, res, http.StatusOK)
		var v mutual.AuditVerification
		decode(t, res, &v)
		if !v.Intact || v.Records < 3 || v.FirstBroken != nil {
			t.Errorf("verify = %+v", v)
		}
		// The buyer made the last change, so its hash is the head of the chain.
		if v.Head != head {
			t.Errorf("head = %q, want %q", v.Head, head)
		}

		// The server checkpoints the chain; then whoever can write to the
		// database deletes the last record and moves the head back.
		if err := db.CheckpointAudit(context.Background()); err != nil {
			t.Fatal(err)
		}
		storetest.Tamper(t, db,
			`DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)`,
			`UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_log WHERE seq = audit_head.seq - 1)`)
		res = f.do("GET", "/api/v1/audit/verify", "admin", "", nil)
		checkResponse(t, res, http.StatusOK)
		for _, want := range []string{`"intact":false`, `"reason":"records_missing"`, fmt.Sprintf(`"first_broken":%d`, v.Records),
			fmt.Sprintf(`"records":%d`, v.Records-1), `"checkpoint":{"at":`, fmt.Sprintf(`"records":%d,"head":%q}`, v.Records, head), `"checkpoint_file_altered":false`} {
			if !strings.Contains(res.Body.String(), want) {
				t.Errorf("verify after the cut = %s, want %s", res.Body, want)
			}
		}
	})
}

func TestAudit_Errors(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "ErrBadFilters", method: "GET", path: "/api/v1/audit?entity_id=x&user_id=-1&cursor=abc", who: "admin", status: 422,
			want: []string{`"query.entity_id"`, `"query.user_id"`}},
		{name: "ErrBadCursor", method: "GET", path: "/api/v1/audit?cursor=abc", who: "admin", status: 422, want: []string{`"location":"query.cursor"`}},
		{name: "ErrManager", method: "GET", path: "/api/v1/audit/verify", who: "manager", status: 403},
		{name: "ErrSupplier", method: "GET", path: "/api/v1/audit", who: "supplier", status: 403},
	})
}
