package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestSupplierInternalNotes holds that no page a supplier user reaches shows
// the notes the buying side keeps on its partner, contacts and commitments,
// and that saving its contact through the portal keeps them.
func TestSupplierInternalNotes(t *testing.T) {
	const note = "INTERNAL: slow to deliver, ask for a penalty clause"
	a := newApp(t)
	buyer, _ := storetest.MustCreateUser(t, a.db, mutual.RoleBuyer, 0)
	p := storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Nhựa Bình Minh", TaxCode: taxCode(t, 40), Segment: "bottleneck", Notes: note,
		Contacts: []*mutual.Contact{{Name: "Đỗ Minh Khoa", Email: "khoa@binhminh.example", Notes: note}}})
	c := p.Contacts[0]
	k := mustCommit(t, a, buyer, &mutual.Commitment{PartnerID: p.ID, Title: "Send the test report", Side: "theirs", OwnerContactID: c.ID, DueOn: dateIn(9), Notes: note})
	sb, _ := a.signIn(t, mutual.RoleSupplier, p.ID)
	base := "/partners/" + p.ID.String()

	for _, path := range []string{"/portal", "/portal/company", base, base + "/contacts/" + c.ID.String() + "/edit", "/partners/export.csv"} {
		resp := sb.get(path)
		if resp.status != http.StatusOK {
			t.Errorf("GET %s: status %d", path, resp.status)
		}
		mustNotContain(t, resp.body, note, "Bottleneck", "bottleneck")
	}
	mustNotContain(t, sb.get(base+"/contacts/"+c.ID.String()+"/edit").body, `name="notes"`)

	// The form comes back without notes; saving it keeps ours.
	resp := sb.post(base+"/contacts/"+c.ID.String()+"/edit", url.Values{"name": {"Đỗ Minh Khoa"}, "title": {"Trưởng phòng kinh doanh"}, "email": {"khoa@binhminh.example"}, "version": {"1"}})
	if got := resp.header.Get("Location"); got != "/portal/company" {
		t.Fatalf("save: status %d, Location %q\n%s", resp.status, got, resp.body)
	}
	svc := a.db.Services()
	got, err := svc.Contacts.FindContactByID(storetest.Context(buyer), c.ID)
	if err != nil || got.Notes != note || got.Title != "Trưởng phòng kinh doanh" {
		t.Errorf("after the supplier's save the buyer reads %+v, %v", got, err)
	}
	// Marking its commitment done keeps ours too.
	sb.post(fmt.Sprintf("%s/commitments/%d/done", base, k.ID), url.Values{"version": {"1"}, "next": {"/portal/company"}})
	if got, err := svc.Commitments.FindCommitmentByID(storetest.Context(buyer), k.ID); err != nil || got.Notes != note || got.Status != "done" {
		t.Errorf("after the supplier marked it done the buyer reads %+v, %v", got, err)
	}
}
