package api

import (
	"net/http"

	"github.com/mutualsrm/mutual"
)

// pathID reads an ID from the path. A malformed ID names nothing that
// exists, so it is a 404 like any unknown ID.
func pathID(r *http.Request, name string) (mutual.ID, error) {
	id, ok := mutual.ParseID(r.PathValue(name))
	if !ok || id == 0 {
		return 0, mutual.Errorf(mutual.ENOTFOUND, "Not found.")
	}
	return id, nil
}
