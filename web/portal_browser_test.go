package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// TestPortalBrowser drives the supplier portal in headless Chromium: a
// supplier user signs in, lands on the portal, opens the event it is
// invited to, types its prices the Vietnamese way, answers the required
// question and submits, and sees its first revision. It leaves a
// screenshot of the event page in the temporary directory.
func TestPortalBrowser(t *testing.T) {
	required := os.Getenv("MUTUAL_TEST_BROWSER") == "required"
	chromium := findChromium()
	if chromium == "" {
		if required {
			t.Fatal("MUTUAL_TEST_BROWSER=required but no Chromium found (chromium, chromium-browser or google-chrome)")
		}
		t.Skip("no Chromium found (chromium, chromium-browser or google-chrome)")
	}
	if testing.Short() && !required {
		t.Skip("browser test skipped in -short mode")
	}
	clock := storetest.NewClock(time.Now())
	db := storetest.MustOpenSQLite(t, storetest.Options{Now: clock.Now})
	c := newPortalCast(t, db, clock)
	u, pw := storetest.MustCreateUser(t, db, mutual.RoleSupplier, c.acme.ID)
	l1, l2 := c.e.Lines[0].ID.String(), c.e.Lines[1].ID.String()
	iso := c.e.Questions[0].ID.String()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	type CSS = chromedp.CSS
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	read := func(what string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}

	step("sign in and land on the portal",
		chromedp.Navigate(c.a.srv.URL+"/login"),
		chromedp.WaitVisible(CSS(`#email`)),
		chromedp.SendKeys(CSS(`#email`), u.Email),
		chromedp.SendKeys(CSS(`#password`), pw),
		chromedp.Click(CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(CSS(`#open-events`)),
	)
	nav := read("read the navigation", chromedp.Text(CSS(`nav.nav`)))
	step("open the invited event",
		chromedp.Click(CSS(`#open-events a.portal-item-title`)),
		chromedp.WaitVisible(CSS(`#bid-form`)),
	)
	step("fill the prices and answer",
		chromedp.SendKeys(CSS(`input[name="line.`+l1+`.unit_price"]`), "1.250.000"),
		chromedp.SendKeys(CSS(`input[name="line.`+l1+`.lead_time_days"]`), "14"),
		chromedp.SendKeys(CSS(`input[name="line.`+l2+`.unit_price"]`), "1,180,000"),
		chromedp.SendKeys(CSS(`input[name="line.`+l2+`.lead_time_days"]`), "30"),
		chromedp.Click(CSS(`input[name="answer.`+iso+`"][value="yes"]`)),
	)
	step("submit the bid",
		chromedp.Click(CSS(`#bid-form .form-actions button[type=submit]`)),
		chromedp.WaitVisible(CSS(`.flash`)),
	)
	status := read("read the bid's status", chromedp.Text(CSS(`.bid-status`)))
	total := read("read the bid's total", chromedp.Text(CSS(`#bid dl.props dd`)))
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if !strings.Contains(nav, "Portal home") || strings.Contains(nav, "Partners") {
		t.Errorf("navigation = %q, want the portal's", nav)
	}
	if !strings.HasPrefix(strings.TrimSpace(status), "Revision 1 submitted at") {
		t.Errorf("bid status = %q, want revision 1", status)
	}
	if got, want := strings.TrimSpace(total), "₫14,925,000"; got != want {
		t.Errorf("total = %q, want %q", got, want)
	}
	path := filepath.Join(os.TempDir(), "mutual-browser-portal-bid.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatalf("save screenshot: %v", err)
	}
	t.Logf("screenshot: %s", path)
}
