package web

// agendaRoutes returns the routes of the agenda views: central agenda,
// psychologists' own agendas, day sheet and free-slot finder.
func (s *Server) agendaRoutes() []route {
	return nil
}
