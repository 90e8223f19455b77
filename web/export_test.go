package web

// Route is a line of the route table as tests see it.
type Route struct {
	Pattern string
	Public  bool
}

// Routes returns the route table of the pages, so that tests can walk it.
func Routes() []Route {
	var out []Route
	for _, rt := range (&Handler{}).routeTable() {
		out = append(out, Route{Pattern: rt.pattern, Public: len(rt.need) == 0})
	}
	return out
}
