package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store"
	"github.com/mutualsrm/mutual/store/storetest"
)

// importList makes n valid partners with distinct tax codes, named so that
// they sort in the order given.
func importList(n int, prefix string) []*mutual.Partner {
	ps := make([]*mutual.Partner, 0, n)
	for i := 0; len(ps) < n; i++ {
		nine := fmt.Sprintf("%09d", 300000000+i*7)
		check, ok := mutual.TaxCodeCheckDigit(nine)
		if !ok {
			continue
		}
		ps = append(ps, &mutual.Partner{Name: fmt.Sprintf("%s %06d", prefix, len(ps)), TaxCode: nine + string(check), Country: "VN",
			Roles: []string{"supplier"}, Segment: mutual.Segments[len(ps)%4], Status: "active"})
	}
	return ps
}

// writeAll writes ps through imp.
func writeAll(ctx context.Context, imp mutual.PartnerImport, ps []*mutual.Partner) (int, error) {
	i := 0
	return imp.Write(ctx, func() (*mutual.Partner, error) {
		if i == len(ps) {
			return nil, io.EOF
		}
		i++
		return ps[i-1], nil
	})
}

// startImport checks ps with a new import and returns it.
func startImport(t *testing.T, db *store.DB, ps []*mutual.Partner) mutual.PartnerImport {
	t.Helper()
	imp, err := db.Services().Partners.NewPartnerImport(storetest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.Check(storetest.SystemContext(), ps); err != nil {
		t.Fatalf("check: %v", err)
	}
	return imp
}

// rawCount counts rows with a query on the writer, past every access rule.
func rawCount(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.WriteDB().QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// visiblePartners counts the partners an administrator can list.
func visiblePartners(t *testing.T, db *store.DB) int {
	t.Helper()
	n := 0
	if err := db.Services().Partners.ExportPartners(storetest.SystemContext(), func(*mutual.Partner) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// mustVerifyAudit fails unless the audit chain is intact.
func mustVerifyAudit(t *testing.T, db *store.DB) {
	t.Helper()
	v, err := db.Services().Audit.VerifyAudit(storetest.SystemContext())
	if err != nil || !v.Intact {
		t.Fatalf("audit chain: %+v %v", v, err)
	}
}

func TestPartnerImport_InvisibleUntilDone(t *testing.T) {
	defer store.SetImportBatches(100)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := storetest.SystemContext()
		svc := db.Services()
		storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Zeta Existing"})
		ps := importList(1000, "Zeta Import")
		imp := startImport(t, db, ps)
		defer store.SetImportBatchHook(func(batch int) error {
			if batch != 5 { // five batches of 100 are written
				return nil
			}
			first := ps[0]
			if got := rawCount(t, db, `SELECT count(*) FROM partners WHERE import_id IS NOT NULL`); got != 500 {
				t.Fatalf("%d rows written, want 500", got)
			}
			if got := visiblePartners(t, db); got != 1 {
				t.Errorf("the export lists %d partners during the import, want 1", got)
			}
			list, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "zeta import"})
			if err != nil || len(list) != 0 {
				t.Errorf("search finds %d partners of a running import (%v)", len(list), err)
			}
			list, _, err = svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Segment: first.Segment})
			if err != nil || len(list) != 0 {
				t.Errorf("the list holds %d partners of a running import (%v)", len(list), err)
			}
			if _, err := svc.Partners.FindPartnerByID(ctx, first.ID); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("a partner of a running import is found: %v", err)
			}
			if ids, err := svc.Partners.FindPartnerIDsByTaxCode(ctx, []string{first.TaxCode}); err != nil || len(ids) != 0 {
				t.Errorf("a running import's tax code resolves: %v %v", ids, err)
			}
			name := "Changed"
			if _, err := svc.Partners.UpdatePartner(ctx, first.ID, mutual.PartnerUpdate{Name: &name}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("a partner of a running import can be changed: %v", err)
			}
			if err := svc.Contacts.CreateContact(ctx, &mutual.Contact{PartnerID: first.ID, Name: "Lan"}); mutual.ErrorCode(err) != mutual.ENOTFOUND {
				t.Errorf("a contact can be added to a partner of a running import: %v", err)
			}
			loads, err := svc.Owners.OwnerLoads(ctx)
			total := 0
			for _, l := range loads {
				total += l.Partners
			}
			if err != nil || total != 1 {
				t.Errorf("owner loads count %d partners during the import (%v)", total, err)
			}
			return nil
		})()
		n, err := writeAll(ctx, imp, ps)
		if err != nil || n != len(ps) {
			t.Fatalf("imported %d: %v", n, err)
		}
		if got := visiblePartners(t, db); got != 1001 {
			t.Fatalf("%d partners after the import, want 1001", got)
		}
		list, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "zeta import 000999"})
		if err != nil || len(list) != 1 {
			t.Fatalf("search after the import: %d partners (%v)", len(list), err)
		}
		mustVerifyAudit(t, db)
	})
}

func TestPartnerImport_ConflictAtWriteLeavesNothing(t *testing.T) {
	defer store.SetImportBatches(100)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := storetest.SystemContext()
		ps := importList(1000, "Conflict")
		imp := startImport(t, db, ps)
		audits := rawCount(t, db, `SELECT count(*) FROM audit_log`)
		// Between the check and the write of row 800, another writer takes its tax code.
		restore := store.SetImportBatchHook(func(batch int) error {
			if batch == 5 {
				storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Quicker", TaxCode: ps[800].TaxCode})
			}
			return nil
		})
		_, err := writeAll(ctx, imp, ps)
		restore()
		if got, want := mutual.ErrorCode(err), mutual.ECONFLICT; got != want {
			t.Fatalf("code = %q, want %q (%v)", got, want, err)
		}
		if f := mutual.ErrorFields(err); len(f) != 1 || f[0].Field != "[800].tax_code" {
			t.Errorf("fields = %+v, want [800].tax_code", f)
		}
		if got := rawCount(t, db, `SELECT count(*) FROM partners`); got != 1 {
			t.Errorf("%d partners remain, want only the other writer's", got)
		}
		if got := rawCount(t, db, `SELECT count(*) FROM imports WHERE state = 'removed'`); got != 1 {
			t.Errorf("the import is not recorded as removed")
		}
		// 800 created, 800 removed, the other partner and the failure.
		if got, want := rawCount(t, db, `SELECT count(*) FROM audit_log`)-audits, 800+800+1+1; got != want {
			t.Errorf("%d audit records, want %d", got, want)
		}
		mustVerifyAudit(t, db)
		// The file imports once the conflict is gone.
		ps[800].TaxCode = ""
		imp = startImport(t, db, ps)
		if n, err := writeAll(ctx, imp, ps); err != nil || n != 1000 {
			t.Fatalf("import again: %d %v", n, err)
		}
	})
}

func TestPartnerImport_FailingSourceLeavesNothing(t *testing.T) {
	defer store.SetImportBatches(100)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := storetest.SystemContext()
		ps := importList(500, "Source")
		imp := startImport(t, db, ps)
		boom := errors.New("disk read error")
		i := 0
		_, err := imp.Write(ctx, func() (*mutual.Partner, error) {
			if i == 350 {
				return nil, boom
			}
			i++
			return ps[i-1], nil
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if got := rawCount(t, db, `SELECT count(*) FROM partners`); got != 0 {
			t.Errorf("%d partners remain", got)
		}
		mustVerifyAudit(t, db)
	})
}

func TestPartnerImport_AbandonedIsRemoved(t *testing.T) {
	defer store.SetImportBatches(100)()
	defer store.SetImportBatchHook(func(batch int) error {
		if batch == 3 {
			return store.ErrCrashed // the process dies after three batches
		}
		return nil
	})()
	clock := storetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	storetest.EachWith(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := storetest.SystemContext()
		svc := db.Services()
		ps := importList(1000, "Crash")
		imp := startImport(t, db, ps)
		if _, err := writeAll(ctx, imp, ps); !errors.Is(err, store.ErrCrashed) {
			t.Fatalf("err = %v", err)
		}
		if got := rawCount(t, db, `SELECT count(*) FROM partners WHERE import_id IS NOT NULL`); got != 300 {
			t.Fatalf("%d rows left by the crash, want 300", got)
		}
		if got := visiblePartners(t, db); got != 0 {
			t.Errorf("%d partners of a dead import are visible", got)
		}
		// Its heartbeat is fresh: the importer may still be at work.
		if n, err := svc.Imports.RemoveAbandonedImports(ctx); err != nil || n != 0 {
			t.Fatalf("removed %d rows of a running import (%v)", n, err)
		}
		clock.Add(2 * time.Minute)
		if n, err := svc.Imports.RemoveAbandonedImports(ctx); err != nil || n != 300 {
			t.Fatalf("removed %d rows, want 300 (%v)", n, err)
		}
		if got := rawCount(t, db, `SELECT count(*) FROM partners`); got != 0 {
			t.Errorf("%d partners remain", got)
		}
		if got := rawCount(t, db, `SELECT count(*) FROM imports WHERE state = 'removed'`); got != 1 {
			t.Errorf("the import is not recorded as removed")
		}
		mustVerifyAudit(t, db)
	})
}

// TestPartnerImport_AbandonedRemovedOnOpen kills an import's process (as
// far as the database can tell) and opens the database again later, as the
// next command or the server would.
func TestPartnerImport_AbandonedRemovedOnOpen(t *testing.T) {
	defer store.SetImportBatches(100)()
	defer store.SetImportBatchHook(func(batch int) error {
		if batch == 2 {
			return store.ErrCrashed
		}
		return nil
	})()
	dir := filepath.Join(t.TempDir(), "data")
	clock := storetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(context.Background(), storetest.AuditOptions(t, dir, store.Options{DataDir: dir, Now: clock.Now, Argon2Memory: 1024}))
	if err != nil {
		t.Fatal(err)
	}
	ps := importList(500, "Killed")
	imp := startImport(t, db, ps)
	if _, err := writeAll(storetest.SystemContext(), imp, ps); !errors.Is(err, store.ErrCrashed) {
		t.Fatalf("err = %v", err)
	}
	db.Close()
	clock.Add(5 * time.Minute)
	db, err = store.Open(context.Background(), storetest.AuditOptions(t, dir, store.Options{DataDir: dir, Now: clock.Now, Argon2Memory: 1024}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := rawCount(t, db, `SELECT count(*) FROM partners`); got != 0 {
		t.Errorf("%d partners of the dead import remain after opening", got)
	}
	mustVerifyAudit(t, db)
}

// TestPartnerImport_WritersGoBetweenBatches starts a write while an import
// runs: it must finish while the import still has batches to write, which
// an import holding the writer for its whole run would not let it do.
func TestPartnerImport_WritersGoBetweenBatches(t *testing.T) {
	defer store.SetImportBatches(100)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := storetest.SystemContext()
		other := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Other"})
		ps := importList(3000, "Between") // 30 batches
		imp := startImport(t, db, ps)
		var committed, doneAt atomic.Int32
		done := make(chan error, 1)
		defer store.SetImportBatchHook(func(batch int) error {
			committed.Store(int32(batch))
			if batch == 2 {
				go func() {
					name := "Other, renamed"
					_, err := db.Services().Partners.UpdatePartner(ctx, other.ID, mutual.PartnerUpdate{Name: &name})
					doneAt.Store(committed.Load())
					done <- err
				}()
			}
			return nil
		})()
		if n, err := writeAll(ctx, imp, ps); err != nil || n != len(ps) {
			t.Fatalf("imported %d: %v", n, err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if at := doneAt.Load(); at >= 30 {
			t.Errorf("the write finished after batch %d of 30: it waited for the whole import", at)
		} else {
			t.Logf("the write started after batch 2 finished after batch %d", at)
		}
		mustVerifyAudit(t, db)
	})
}

// TestPartnerImport_DueAsRefreshed checks that the due touches an import
// writes are those refreshDue computes.
func TestPartnerImport_DueAsRefreshed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := importList(20, "Due")
		ps[3].Segment = ""
		imp := startImport(t, db, ps)
		if _, err := writeAll(storetest.SystemContext(), imp, ps); err != nil {
			t.Fatal(err)
		}
		dues := func() string {
			rows, err := db.WriteDB().Query(`SELECT COALESCE(due_any_on, '-'), COALESCE(due_visit_on, '-'), COALESCE(due_executive_on, '-') FROM partners ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var b strings.Builder
			for rows.Next() {
				var a, v, e string
				rows.Scan(&a, &v, &e)
				fmt.Fprintf(&b, "%s %s %s\n", a, v, e)
			}
			return b.String()
		}
		written := dues()
		if err := db.RefreshAllDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		if again := dues(); again != written {
			t.Fatalf("due touches written:\n%s\nrefreshed:\n%s", written, again)
		}
	})
}

// TestPartnerImport_NameOrderKeepsPlaces imports a file in name order in
// many batches between two partners: each batch must fit into the gap
// without every partner being placed anew.
func TestPartnerImport_NameOrderKeepsPlaces(t *testing.T) {
	defer store.SetImportBatches(100)()
	db := storetest.MustOpen(t)
	a := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Aaa"})
	z := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "Zzz"})
	pos := func(id mutual.ID) int64 {
		var p int64
		if err := db.WriteDB().QueryRow(`SELECT sort_pos FROM partners WHERE id = ?`, int64(id)).Scan(&p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := [2]int64{pos(a.ID), pos(z.ID)}
	ps := importList(2000, "Mmm")
	imp := startImport(t, db, ps)
	if _, err := writeAll(storetest.SystemContext(), imp, ps); err != nil {
		t.Fatal(err)
	}
	if after := [2]int64{pos(a.ID), pos(z.ID)}; after != before {
		t.Errorf("partners were placed anew: %v, then %v", before, after)
	}
	list, _, err := db.Services().Partners.FindPartners(storetest.SystemContext(), mutual.PartnerFilter{Query: "mmm", Limit: 3})
	if err != nil || len(list) != 3 || list[0].Name != "Mmm 000000" || list[2].Name != "Mmm 000002" {
		t.Fatalf("search in name order: %v %v", list, err)
	}
}

func TestContactImport_FailureLeavesNothing(t *testing.T) {
	defer store.SetImportBatches(100)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := storetest.SystemContext()
		svc := db.Services()
		p := storetest.MustCreatePartner(t, db, &mutual.Partner{Name: "People"})
		cs := make([]*mutual.Contact, 500)
		for i := range cs {
			cs[i] = &mutual.Contact{PartnerID: p.ID, Name: fmt.Sprintf("Nguyễn Văn %03d", i)}
		}
		imp, err := svc.Contacts.NewContactImport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := imp.Check(ctx, cs); err != nil {
			t.Fatal(err)
		}
		i := 0
		_, err = imp.Write(ctx, func() (*mutual.Contact, error) {
			switch {
			case i == 300:
				if got, err := svc.Contacts.FindContacts(ctx, p.ID); err != nil || len(got) != 0 {
					t.Errorf("%d contacts of a running import are listed (%v)", len(got), err)
				}
				return nil, errors.New("the file went away")
			}
			i++
			return cs[i-1], nil
		})
		if err == nil {
			t.Fatal("the import did not fail")
		}
		if got := rawCount(t, db, `SELECT count(*) FROM contacts`); got != 0 {
			t.Errorf("%d contacts remain", got)
		}
		if list, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "nguyen van"}); err != nil || len(list) != 0 {
			t.Errorf("search still finds the partner by removed contacts: %d (%v)", len(list), err)
		}
		mustVerifyAudit(t, db)
		// A whole import shows every contact, and search finds them.
		imp, _ = svc.Contacts.NewContactImport(ctx)
		if err := imp.Check(ctx, cs); err != nil {
			t.Fatal(err)
		}
		i = 0
		n, err := imp.Write(ctx, func() (*mutual.Contact, error) {
			if i == len(cs) {
				return nil, io.EOF
			}
			i++
			return cs[i-1], nil
		})
		if err != nil || n != 500 {
			t.Fatalf("imported %d: %v", n, err)
		}
		if got, err := svc.Contacts.FindContacts(ctx, p.ID); err != nil || len(got) != 500 {
			t.Errorf("%d contacts after the import (%v)", len(got), err)
		}
		if list, _, err := svc.Partners.FindPartners(ctx, mutual.PartnerFilter{Query: "nguyen van 499"}); err != nil || len(list) != 1 {
			t.Errorf("search by an imported contact: %d (%v)", len(list), err)
		}
	})
}
