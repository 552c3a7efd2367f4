package web

import "net/http"

// exportRoutes returns the routes of the export area: the exports page
// and one GET route per spreadsheet, each with its export's roles.
func (s *Server) exportRoutes() []route {
	routes := []route{get("/exports", everyone, s.exportsList)}
	for _, k := range exportKinds() {
		routes = append(routes, route{Method: http.MethodGet,
			Path: "/exports/" + k.Slug + ".xlsx", Access: signedIn,
			Roles: k.Roles, Handler: s.exportHandler(k)})
	}
	return routes
}
