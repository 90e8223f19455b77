package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mutualsrm/mutual"
)

// TestServeDemo runs the real server on a free port with demo data, as a new
// user would with `mutual serve --demo`, and uses it through the API.
func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	m := &Main{Config: Config{DataDir: dir}, Addr: "127.0.0.1:0", Demo: true, Stdout: &out}
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		m.Close()
	})
	if !strings.Contains(out.String(), m.URL()) || !strings.Contains(out.String(), "admin@mutual.example") {
		t.Fatalf("serve printed %q; want the URL and a login", out.String())
	}

	for _, path := range []string{"/healthz", "/readyz", "/login", "/api/v1/openapi.json"} {
		resp, err := http.Get(m.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}

	password := strings.TrimSpace(out.String()[strings.Index(out.String(), "password ")+len("password "):])
	body, _ := json.Marshal(map[string]string{"email": "admin@mutual.example", "password": strings.Fields(password)[0]})
	resp, err := http.Post(m.URL()+"/api/v1/auth/token", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var tok struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || tok.Token == "" {
		t.Fatalf("token: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", m.URL()+"/api/v1/partners?q=nguyen&limit=5", nil)
	req.Header.Set("Authorization", "Bearer "+tok.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Items []map[string]any }
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(list.Items) == 0 {
		t.Fatalf("search demo data: %d, %d items", resp.StatusCode, len(list.Items))
	}
}

func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := Run(ctx, args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	data := "--data=" + filepath.Join(dir, "data")

	if out, err := run(t, "", data, "migrate"); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %s %v", out, err)
	}
	t.Run("UserAdd", func(t *testing.T) {
		if out, err := run(t, "a-long-password\n", data, "user", "add", "--email", "Lan@Example.com", "--name", "Nguyễn Thị Lan", "--role", "admin"); err != nil || !strings.Contains(out, "lan@example.com") {
			t.Fatalf("user add: %s %v", out, err)
		}
		if _, err := run(t, "short\n", data, "user", "add", "--email", "x@example.com", "--name", "X", "--role", "viewer"); err == nil || !strings.Contains(errorText(err), "password") {
			t.Errorf("short password accepted: %v", err)
		}
		if _, err := run(t, "a-long-password\n", data, "user", "add", "--email", "y@example.com", "--name", "Y", "--role", "supplier"); err == nil || !strings.Contains(errorText(err), "partner_id") {
			t.Errorf("supplier without partner accepted: %v", err)
		}
	})
	t.Run("ImportExport", func(t *testing.T) {
		in := filepath.Join(dir, "in.csv")
		csv := "\ufeffname,tax_code,country,roles,segment\n" +
			"Công ty TNHH Thiết bị Nguyễn Đức,0100233488,VN,supplier;customer,strategic\n" +
			"\"=HYPERLINK(\"\"x\"\")\",,US,supplier,routine\n"
		os.WriteFile(in, []byte(csv), 0o600)
		if out, err := run(t, "", data, "import", "partners", in); err != nil || !strings.Contains(out, "Imported 2") {
			t.Fatalf("import: %s %v", out, err)
		}
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte("name,tax_code,country,roles\nGood,,VN,supplier\nBad,0100233480,VN,supplier\n,,XX,supplier\n"), 0o600)
		_, err := run(t, "", data, "import", "partners", bad)
		if err == nil || !strings.Contains(errorText(err), "line 3") || !strings.Contains(errorText(err), "line 4") {
			t.Fatalf("bad import: %v", err)
		}
		out, err := run(t, "", data, "export", "partners")
		if err != nil || !strings.Contains(out, "Nguyễn Đức") || strings.Contains(out, "Good") {
			t.Fatalf("export: %s %v", out, err)
		}
		if !strings.Contains(out, `'=HYPERLINK`) {
			t.Errorf("formula not neutralised: %s", out)
		}
	})
	t.Run("AuditVerify", func(t *testing.T) {
		if out, err := run(t, "", data, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
			t.Fatalf("audit verify: %s %v", out, err)
		}
	})
	t.Run("Demo", func(t *testing.T) {
		if out, err := run(t, "", data, "demo", "--partners", "300", "--seed", "1"); err != nil || !strings.Contains(out, "Generated 300") {
			t.Fatalf("demo: %s %v", out, err)
		}
	})
	t.Run("Backup", func(t *testing.T) {
		to := filepath.Join(dir, "backup.db")
		if out, err := run(t, "", data, "backup", to); err != nil {
			t.Fatalf("backup: %s %v", out, err)
		}
		if st, err := os.Stat(to); err != nil || st.Size() == 0 {
			t.Errorf("backup file: %v", err)
		}
	})
	t.Run("ErrTimeZone", func(t *testing.T) {
		if _, err := run(t, "", data, "--timezone", "Mars/Olympus", "migrate"); err == nil || !strings.Contains(err.Error(), "time zone") {
			t.Errorf("bad zone accepted: %v", err)
		}
		if _, err := run(t, "", data, "--timezone", "Europe/Berlin", "migrate"); err != nil {
			t.Errorf("Europe/Berlin refused: %v", err)
		}
	})
	t.Run("ErrUnknownCommand", func(t *testing.T) {
		if _, err := run(t, "", "frobnicate"); err == nil {
			t.Error("unknown command accepted")
		}
	})
}

func TestClientAddr(t *testing.T) {
	for _, tt := range []struct {
		name        string
		behindProxy bool
		remote, xff string
		want        string
	}{
		{"Direct", false, "203.0.113.7:5555", "", "203.0.113.7"},
		{"DirectIgnoresHeader", false, "203.0.113.7:5555", "10.0.0.1", "203.0.113.7"},
		{"ProxyLastHop", true, "127.0.0.1:4444", "1.2.3.4, 198.51.100.9", "198.51.100.9"},
		{"ProxyNoHeader", true, "127.0.0.1:4444", "", "127.0.0.1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := clientAddr(tt.behindProxy)(r); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestServePublicURL checks --public-url: refused unless an http(s) URL,
// and without it links start with the address listened on, as printed.
func TestServePublicURL(t *testing.T) {
	dir := t.TempDir()
	for _, bad := range []string{"ftp://srm.example.com", "srm.example.com", "https://srm.example.com/?x=1"} {
		if _, err := run(t, "", "--data", dir, "serve", "--addr", "127.0.0.1:0", "--public-url", bad); err == nil || !strings.Contains(err.Error(), "--public-url") {
			t.Errorf("--public-url %s: %v", bad, err)
		}
	}

	var out bytes.Buffer
	m := &Main{Config: Config{DataDir: dir}, Addr: "127.0.0.1:0", Stdout: &out}
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		m.Close()
	})
	if want := "Links (calendar feeds) start with " + m.URL() + "; set --public-url"; !strings.Contains(out.String(), want) {
		t.Fatalf("serve printed %q; want %q", out.String(), want)
	}
	admin := &mutual.User{Email: "lan@example.com", Name: "Lan", Role: mutual.RoleAdmin}
	if err := m.DB.Services().Users.CreateUser(mutual.NewContextWithUser(ctx, mutual.SystemUser), admin, "a-long-password"); err != nil {
		t.Fatal(err)
	}
	tok, err := m.DB.Services().Sessions.CreateSession(ctx, admin.ID, mutual.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", m.URL()+"/api/v1/me/calendar", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var cal struct{ URL string }
	json.NewDecoder(resp.Body).Decode(&cal)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(cal.URL, m.URL()+"/api/v1/calendar/") {
		t.Errorf("calendar: %d %q", resp.StatusCode, cal.URL)
	}
}
