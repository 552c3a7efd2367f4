package web

// exportRoutes returns the routes of the export area.
func (s *Server) exportRoutes() []route {
	return nil
}
