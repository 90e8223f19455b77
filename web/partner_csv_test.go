package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

func TestPartnerImportExport(t *testing.T) {
	a := newApp(t)
	b, _ := a.signIn(t, mutual.RoleBuyer, 0)

	t.Run("ErrEveryLineListed", func(t *testing.T) {
		file := "name,tax_code,country,roles\n" +
			"Good Co,,VN,supplier\n" +
			"Bad Tax Co,0100233480,VN,supplier\n" +
			",,XX,wizard\n"
		resp := b.upload("/partners/import", "file", "partners.csv", file)
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d\n%s", got, want, resp.body)
		}
		mustContain(t, resp.body, "Nothing was imported.",
			`<td class="num">3</td><td class="mono">tax_code</td>`,
			`<td class="num">4</td><td class="mono">name</td>`,
			`<td class="num">4</td><td class="mono">country</td>`,
			`<td class="num">4</td><td class="mono">roles</td>`)
		if list := b.get("/partners?q=good"); strings.Contains(list.body, "Good Co") {
			t.Error("a file with bad lines imported some of them")
		}
	})

	t.Run("ErrNoFile", func(t *testing.T) {
		resp := b.upload("/partners/import", "other", "x.csv", "")
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		mustContain(t, resp.body, "Choose a CSV file to import.")
	})

	t.Run("OK", func(t *testing.T) {
		file := csv.UTF8BOM + "name,tax_code,country,roles,segment,annual_spend_amount,annual_spend_currency\n" +
			"Công ty TNHH Thiết bị Nguyễn Đức,0100233488,VN,supplier;customer,strategic,1250000,VND\n" +
			"Acme Components,,US,supplier,routine,1250.50,USD\n"
		resp := b.upload("/partners/import", "file", "partners.csv", file)
		if got, want := resp.status, http.StatusOK; got != want {
			t.Fatalf("status = %d, want %d\n%s", got, want, resp.body)
		}
		mustContain(t, resp.body, "2 partners imported.")
		mustContain(t, b.get("/partners?q=nguyen+duc").body, "Công ty TNHH Thiết bị Nguyễn Đức", "₫1,250,000")
		mustContain(t, b.get("/partners?q=acme").body, "$1,250.50")
	})

	t.Run("Export", func(t *testing.T) {
		resp := b.get("/partners/export.csv")
		if got, want := resp.status, http.StatusOK; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		if got := resp.header.Get("Content-Type"); !strings.HasPrefix(got, "text/csv") {
			t.Errorf("Content-Type = %q", got)
		}
		if got := resp.header.Get("Content-Disposition"); !strings.Contains(got, "attachment") {
			t.Errorf("Content-Disposition = %q", got)
		}
		if !strings.HasPrefix(resp.body, csv.UTF8BOM+"id,name,") {
			t.Errorf("export starts %q", resp.body[:min(40, len(resp.body))])
		}
		mustContain(t, resp.body, "Công ty TNHH Thiết bị Nguyễn Đức", "0100233488", "supplier;customer")
	})
}

// TestPartnerImport_BoundedReport uploads the reviewer's files: a header of
// 1,000,000 unknown columns and 2,000,000 bad rows. The page must stay
// small and say how many problems it leaves out.
func TestPartnerImport_BoundedReport(t *testing.T) {
	a := newApp(t)
	b, _ := a.signIn(t, mutual.RoleBuyer, 0)

	t.Run("HugeHeader", func(t *testing.T) {
		var h strings.Builder
		for i := range 1_000_000 {
			fmt.Fprintf(&h, "col%07d,", i)
		}
		resp := b.upload("/partners/import", "file", "partners.csv", h.String()+"\nA,VN,supplier\n")
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		if len(resp.body) > 64<<10 {
			t.Errorf("the page has %d KB", len(resp.body)>>10)
		}
		mustContain(t, resp.body, "Nothing was imported.", "The first line is longer than 64 KB")
		mustNotContain(t, resp.body, "col0999999")
	})

	t.Run("ManyBadRows", func(t *testing.T) {
		resp := b.upload("/partners/import", "file", "partners.csv", "name,country,roles\n"+strings.Repeat("x,,\n", 2_000_000))
		if got, want := resp.status, http.StatusUnprocessableEntity; got != want {
			t.Fatalf("status = %d, want %d", got, want)
		}
		if len(resp.body) > 512<<10 {
			t.Errorf("the page has %d KB", len(resp.body)>>10)
		}
		if got := strings.Count(resp.body, `<td class="num">`); got != csv.MaxProblems {
			t.Errorf("%d problems listed, want %d", got, csv.MaxProblems)
		}
		mustContain(t, resp.body, "1,000 of 1,000,001 problems shown.")
	})

	t.Run("Vietnamese", func(t *testing.T) {
		b.header.Set("Accept-Language", "vi")
		defer b.header.Del("Accept-Language")
		resp := b.upload("/partners/import", "file", "partners.csv", "name,country,roles\n"+strings.Repeat("x,,\n", 1500))
		mustContain(t, resp.body, "Đang hiển thị 1.000 trên tổng số 3.000 lỗi.")
	})
}
