package web

// financeRoutes returns the routes of the finance area.
func (s *Server) financeRoutes() []route {
	return nil
}
