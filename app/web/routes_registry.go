package web

// registryRoutes returns the routes of the registry area.
func (s *Server) registryRoutes() []route {
	return nil
}
