package web

import "kpsicologia/app/clinic"

// agendaRoutes returns the routes of the agenda views: central agenda,
// psychologists' own agendas, day sheet and free-slot finder. A
// psychologist may open /psychologists/{id}/agenda only with her own id;
// any other id answers 404, so ids cannot be probed.
func (s *Server) agendaRoutes() []route {
	psychologistOnly := []clinic.Role{clinic.RolePsychologist}
	return []route{
		get("/agenda", staff, s.agendaCentral),
		get("/agenda/print", staff, s.agendaPrint),
		get("/agenda/free", staff, s.agendaFree),
		get("/my/agenda", psychologistOnly, s.myAgenda),
		get("/psychologists/{id:[0-9]+}/agenda", everyone, s.psychologistAgenda),
	}
}
