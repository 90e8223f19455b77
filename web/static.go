package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one static file, served under a URL that holds a hash of its
// content, so browsers may cache it for ever.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// assets are the static files by logical name ("app.css") and by hashed
// file name ("app.3f9a1c2b40.css").
type assets struct {
	urls   map[string]string
	byFile map[string]*asset
}

// loadAssets reads and hashes every embedded static file.
func loadAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, byFile: map[string]*asset{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		body, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			return nil, fmt.Errorf("web: static file %s: %w", name, err)
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(name)
		file := strings.TrimSuffix(name, ext) + "." + hash + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
			ct += "; charset=utf-8"
		}
		a.urls[name] = "/static/" + file
		a.byFile[file] = &asset{body: body, contentType: ct, etag: `"` + hash + `"`}
	}
	for _, need := range []string{"app.css", "app.js", "favicon.svg"} {
		if a.urls[need] == "" {
			return nil, fmt.Errorf("web: static file %s is missing", need)
		}
	}
	return a, nil
}

// url returns the hashed URL of a static file. An unknown name is a
// programming error that the page tests catch.
func (a *assets) url(name string) string {
	if u, ok := a.urls[name]; ok {
		return u
	}
	return "/static/missing/" + name
}

// serveAsset serves a static file by its hashed name, cached for a year.
func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	a := h.assets.byFile[r.PathValue("file")]
	if a == nil {
		http.NotFound(w, r)
		return
	}
	h.writeAsset(w, r, a, "public, max-age=31536000, immutable")
}

// serveFavicon answers browsers that ask for /favicon.ico regardless of the
// icon the pages name.
func (h *Handler) serveFavicon(w http.ResponseWriter, r *http.Request) {
	a := h.assets.byFile[strings.TrimPrefix(h.assets.url("favicon.svg"), "/static/")]
	h.writeAsset(w, r, a, "public, max-age=86400")
}

func (h *Handler) writeAsset(w http.ResponseWriter, r *http.Request, a *asset, cache string) {
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", cache)
	w.Header().Set("ETag", a.etag)
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(a.body)
}
