package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// staticFS holds the CSS, JavaScript and vendored NL Design System assets.
// They are embedded so that the binary serves everything itself and the
// Content-Security-Policy can stay at 'self'.
//
//go:embed static
var staticFS embed.FS

// staticFile is one embedded asset.
type staticFile struct {
	name        string
	body        []byte
	contentType string
}

// staticFiles serves the embedded assets under /static/{hash}/{name}. The
// hash covers the names and contents of all assets, so a URL never changes
// meaning and browsers may cache it for a year, while a build that changes
// any asset gets new URLs. One hash for all (rather than one per file)
// keeps relative references between assets, such as a url() in a style
// sheet, working.
type staticFiles struct {
	files map[string]*staticFile
	hash  string
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{files: map[string]*staticFile{}}
	all := sha256.New()
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		// WalkDir visits in lexical order, so the hash is deterministic.
		fmt.Fprintf(all, "%s\x00%d\x00", name, len(body))
		all.Write(body)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".txt") {
			ct = "text/plain; charset=utf-8"
		}
		sf.files[name] = &staticFile{name: name, body: body, contentType: ct}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load static assets: %w", err)
	}
	sf.hash = hex.EncodeToString(all.Sum(nil)[:6])
	for _, need := range []string{"app.css", "app.js", "vendor/utrecht-component-library.css", "vendor/voorbeeld-theme.css"} {
		if sf.files[need] == nil {
			return nil, fmt.Errorf("web: static asset %s missing", need)
		}
	}
	return sf, nil
}

// URL returns the versioned URL of an asset. It panics for an unknown name,
// which loadTemplates turns into a startup error through the template tests.
func (sf *staticFiles) URL(name string) string {
	f := sf.files[name]
	if f == nil {
		panic("web: unknown static asset " + name)
	}
	return "/static/" + sf.hash + "/" + name
}

// ServeHTTP serves one asset. A request with an outdated hash gets 404
// rather than the current file, so that no cache ever stores new content
// under an old URL.
func (sf *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := sf.files[r.PathValue("name")]
	if f == nil || sf.hash != r.PathValue("hash") {
		http.Error(w, "Niet gevonden", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+sf.hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
