package web

// scheduleRoutes returns the routes of the schedule area.
func (s *Server) scheduleRoutes() []route {
	return nil
}
