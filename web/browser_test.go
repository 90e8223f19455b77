package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/store/storetest"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the real pages in headless Chromium: sign in, create a
// partner with a Vietnamese name, and find it by typing the name without
// accents. It leaves a screenshot of the search in the temporary directory.
func TestBrowser(t *testing.T) {
	// CI sets MUTUAL_TEST_BROWSER=required so that a missing browser fails
	// the run instead of skipping the test quietly.
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
	storetest.MustCreatePartner(t, a.db, &mutual.Partner{Name: "Acme Components", Country: "US"})
	const name = "Công ty TNHH Thiết bị Nguyễn Đức"

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

	step("sign in",
		chromedp.Navigate(a.srv.URL+"/login"),
		chromedp.WaitVisible(CSS(`#email`)),
		chromedp.SendKeys(CSS(`#email`), u.Email),
		chromedp.SendKeys(CSS(`#password`), pw),
		chromedp.Click(CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(CSS(`#attention`)),
		chromedp.Click(CSS(`nav a[href="/partners"]`)),
		chromedp.WaitVisible(CSS(`input#q`)),
	)
	step("fill the partner form",
		chromedp.Click(CSS(`a[href="/partners/new"]`)),
		chromedp.WaitVisible(CSS(`#name`)),
		chromedp.SendKeys(CSS(`#name`), name),
		chromedp.SendKeys(CSS(`#tax_code`), "0100233488"),
		chromedp.SetValue(CSS(`#segment`), "strategic"),
		chromedp.SendKeys(CSS(`#annual_spend_amount`), "1250000"),
	)
	typed := read("read the typed name", chromedp.Value(CSS(`#name`)))
	step("create the partner",
		chromedp.Click(CSS(`.form-actions button[type=submit]`)),
		chromedp.WaitVisible(CSS(`.flash`)),
	)
	heading := read("read the partner page", chromedp.Text(CSS(`h1`)))
	step("search without accents",
		chromedp.Click(CSS(`.nav a[href="/partners"]`)),
		chromedp.WaitVisible(CSS(`input#q`)),
		chromedp.SendKeys(CSS(`input#q`), "nguyen duc"),
		chromedp.Submit(CSS(`input#q`)),
		chromedp.WaitVisible(CSS(`input#q[value="nguyen duc"]`)), // the results page, not the list before it
		chromedp.WaitVisible(CSS(`table.partners`)),
	)
	results := read("read the results", chromedp.Text(CSS(`table.partners tbody`)))
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if typed != name {
		t.Errorf("typed name = %q, want %q", typed, name)
	}
	if got := strings.TrimSpace(heading); got != name {
		t.Errorf("partner page heading = %q, want %q", got, name)
	}
	if !strings.Contains(results, name) {
		t.Errorf("searching %q did not find %q; results:\n%s", "nguyen duc", name, results)
	}
	if strings.Contains(results, "Acme Components") {
		t.Errorf("searching %q found a partner that does not match:\n%s", "nguyen duc", results)
	}
	path := filepath.Join(os.TempDir(), "mutual-browser-partner-search.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatalf("save screenshot: %v", err)
	}
	t.Logf("screenshot: %s", path)
}
