package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/mutualsrm/mutual"
)

// handleCadenceList returns the cadence policy of every segment, in one page.
func (h *Handler) handleCadenceList(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.svc.Cadences.FindCadences(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(ps, ""))
}

// findCadence returns the policy of the segment in the path.
func (h *Handler) findCadence(r *http.Request) (*mutual.CadencePolicy, error) {
	seg := r.PathValue("segment")
	ps, err := h.svc.Cadences.FindCadences(r.Context())
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Segment == seg {
			return p, nil
		}
	}
	return nil, mutual.Errorf(mutual.ENOTFOUND, "There is no segment %q; segments are %s.", seg, segmentList())
}

func segmentList() string { return strings.Join(mutual.Segments, ", ") }

// handleCadenceGet returns one segment's policy.
func (h *Handler) handleCadenceGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.findCadence(r)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	return writeJSON(w, http.StatusOK, p)
}

// handleCadenceUpdate replaces a segment's cadence (admins).
func (h *Handler) handleCadenceUpdate(w http.ResponseWriter, r *http.Request) error {
	seg := r.PathValue("segment")
	if !slices.Contains(mutual.Segments, seg) {
		return mutual.Errorf(mutual.ENOTFOUND, "There is no segment %q; segments are %s.", seg, segmentList())
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	c := readCadence(o)
	if s := field[string](o, "segment"); s != nil && *s != seg {
		o.add("segment", "read_only", "Must be the segment in the path ("+seg+"), or left out.")
	}
	version, err := expectedVersion(r, o.version())
	if err != nil {
		return err
	}
	if err := o.done(); err != nil {
		return withValidation(err, validateCadence(c))
	}
	p, err := h.svc.Cadences.UpdateCadence(r.Context(), seg, c, version)
	if err != nil {
		return err
	}
	setETag(w, p.Version)
	return writeJSON(w, http.StatusOK, p)
}

// handlePartnerCadenceGet returns a partner's cadence, where it stands for
// each touch kind, and both sides' follow-through.
func (h *Handler) handlePartnerCadenceGet(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pc, err := h.svc.Cadences.PartnerCadence(r.Context(), pid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pc)
}

// handlePartnerCadenceSet overrides a partner's cadence.
func (h *Handler) handlePartnerCadenceSet(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := readObject(r)
	if err != nil {
		return err
	}
	c := readCadence(o)
	if err := o.done(); err != nil {
		return withValidation(err, validateCadence(c))
	}
	pc, err := h.svc.Cadences.SetPartnerCadence(r.Context(), pid, &c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pc)
}

// handlePartnerCadenceReset returns a partner to its segment's cadence.
func (h *Handler) handlePartnerCadenceReset(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pc, err := h.svc.Cadences.SetPartnerCadence(r.Context(), pid, nil)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pc)
}

// readCadence reads the three gaps of a cadence. A PUT replaces the whole
// cadence, so each must be sent: a number of days, or null for no
// requirement.
func readCadence(o *object) mutual.Cadence {
	var c mutual.Cadence
	for _, k := range mutual.TouchKinds {
		name := k + "_days"
		if !o.has(name) {
			o.seen[name] = true
			o.add(name, "required", "Send the longest gap in days, or null for no requirement.")
			continue
		}
		v := value[*int](o, name)
		switch k {
		case mutual.TouchAny:
			c.AnyDays = v
		case mutual.TouchVisit:
			c.VisitDays = v
		case mutual.TouchExecutive:
			c.ExecutiveDays = v
		}
	}
	return c
}

func validateCadence(c mutual.Cadence) error {
	var p mutual.Problems
	c.Validate("", &p)
	return p.Err()
}
