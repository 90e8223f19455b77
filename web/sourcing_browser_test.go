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

// TestSourcingBrowser drives the event form in headless Chromium: a buyer
// opens it from the Sourcing menu, fills the first line, adds a second
// with the add-row button, saves the draft and publishes it. It leaves a
// screenshot of the published event in the temporary directory.
func TestSourcingBrowser(t *testing.T) {
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
	a := newApp(t)
	u, pw := storetest.MustCreateUser(t, a.db, mutual.RoleBuyer, 0)
	const title = "Thép cuộn cán nóng 2027"

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
	count := func(what, selector string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+selector+"`"+`).length`))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return n
	}
	const lines = `section[aria-labelledby="lines-h"]`
	const row = lines + ` tbody[data-row-list] tr`

	step("sign in",
		chromedp.Navigate(a.srv.URL+"/login"),
		chromedp.WaitVisible(CSS(`#email`)),
		chromedp.SendKeys(CSS(`#email`), u.Email),
		chromedp.SendKeys(CSS(`#password`), pw),
		chromedp.Click(CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(CSS(`details.nav-group > summary`)),
	)
	step("open the event form from the Sourcing menu",
		chromedp.Click(CSS(`details.nav-group > summary`)),
		chromedp.WaitVisible(CSS(`.nav-menu a[href="/events"]`)),
		chromedp.Click(CSS(`.nav-menu a[href="/events"]`)),
		chromedp.WaitVisible(CSS(`a[href="/events/new"]`)),
		chromedp.Click(CSS(`a[href="/events/new"]`)),
		chromedp.WaitVisible(CSS(`#title`)),
		chromedp.WaitVisible(CSS(lines+` [data-add-row]`)),
	)
	if n := count("count the rows", row); n != 1 {
		t.Fatalf("the form shows %d line rows with its script, want 1 (the spare rows go)", n)
	}
	step("fill the first line",
		chromedp.SendKeys(CSS(`#title`), title),
		chromedp.SendKeys(CSS(row+`:nth-child(1) input[name$=".item"]`), "HRC-2"),
		chromedp.SendKeys(CSS(row+`:nth-child(1) input[name$=".description"]`), "Hot rolled coil 2 mm"),
		chromedp.SendKeys(CSS(row+`:nth-child(1) input[name$=".quantity"]`), "2.5"),
		chromedp.SendKeys(CSS(row+`:nth-child(1) input[name$=".unit"]`), "t"),
		chromedp.SendKeys(CSS(row+`:nth-child(1) input[name$=".baseline_price"]`), "15000000"),
	)
	step("add and fill a second line",
		chromedp.Click(CSS(lines+` [data-add-row]`)),
		chromedp.WaitVisible(CSS(row+`:nth-child(2) input[name$=".item"]`)),
		chromedp.SendKeys(CSS(row+`:nth-child(2) input[name$=".item"]`), "HRC-3"),
		chromedp.SendKeys(CSS(row+`:nth-child(2) input[name$=".quantity"]`), "10"),
		chromedp.SendKeys(CSS(row+`:nth-child(2) input[name$=".unit"]`), "t"),
		chromedp.SendKeys(CSS(row+`:nth-child(2) input[name$=".baseline_price"]`), "14000000"),
	)
	if n := count("count the rows", row); n != 2 {
		t.Fatalf("%d line rows after adding one, want 2", n)
	}
	step("save the draft",
		chromedp.Click(CSS(`.form-actions button[type=submit]`)),
		chromedp.WaitVisible(CSS(`.flash`)),
		chromedp.WaitVisible(CSS(`form[action$="/publish"] button`)),
	)
	// The publish form asks for confirmation; the test says yes.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = function () { return true; }; true`)); err != nil {
		t.Fatalf("accept confirmations: %v", err)
	}
	step("publish",
		chromedp.Click(CSS(`form[action$="/publish"] button`)),
		chromedp.WaitVisible(CSS(`.badge.estatus-open`)),
	)
	heading, err := chromedp.Run(ctx, chromedp.Text(CSS(`h1`)))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if got := strings.TrimSpace(heading); got != title {
		t.Errorf("event page heading = %q, want %q", got, title)
	}
	list, _, err := a.db.Services().Events.FindEvents(storetest.Context(u), mutual.EventFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("events %v %v", list, err)
	}
	e, err := a.db.Services().Events.FindEventByID(storetest.Context(u), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != "open" || len(e.Lines) != 2 || e.Lines[0].Item != "HRC-2" || e.Lines[0].Quantity.String() != "2.5" ||
		e.Lines[1].Item != "HRC-3" || e.Lines[1].BaselinePrice.String() != "14000000 VND" {
		t.Errorf("stored event: status %s, lines %+v", e.Status, e.Lines)
	}
	path := filepath.Join(os.TempDir(), "mutual-browser-event.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatalf("save screenshot: %v", err)
	}
	t.Logf("screenshot: %s", path)
}
