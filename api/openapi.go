package api

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the OpenAPI 3.1 description of the API, served at
// /api/v1/openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte

// handleOpenAPI serves the OpenAPI document.
func (h *Handler) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	writeBody(w, http.StatusOK, "application/json", OpenAPI)
	return nil
}
