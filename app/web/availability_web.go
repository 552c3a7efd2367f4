package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// weekdayOption is a weekday in a picker or a table row, Monday first as
// Brazilian calendars print them.
type weekdayOption struct {
	Value int
	Name  string
}

// weekdaysFromMonday lists the weekdays Monday to Sunday, capitalized
// ("Segunda-feira") for the start of a line. Every name starts with an
// ASCII letter, so upper-casing the first byte is safe.
var weekdaysFromMonday = func() []weekdayOption {
	var out []weekdayOption
	for _, w := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		name := clinic.WeekdayName(w)
		out = append(out, weekdayOption{Value: int(w), Name: strings.ToUpper(name[:1]) + name[1:]})
	}
	return out
}()

// weekdayHours is one weekday's ranges on the availability page.
type weekdayHours struct {
	Name   string
	Ranges []sqlite.WeeklyHours
}

// availabilityData is the data of the availability page.
type availabilityData struct {
	Availability  sqlite.Availability
	Week          []weekdayHours
	Psychologists []clinic.Choice
	Weekdays      []weekdayOption
	SeesAll       bool
	IsAdmin       bool
	// Own is true when a psychologist looks at their own availability,
	// who may confirm they reviewed it.
	Own  bool
	Open string
}

// availabilityTarget returns whose availability r is about: a
// psychologist's own, or the one staff picked (the first active one by
// default). It returns 0 when there is no psychologist at all.
func (s *Server) availabilityTarget(r *http.Request, choices []clinic.Choice) int64 {
	u := currentUser(r)
	if u.Role == clinic.RolePsychologist {
		return u.PsychologistID
	}
	if id := formID(r, "psychologist_id"); id != 0 {
		return id
	}
	if len(choices) > 0 {
		return choices[0].ID
	}
	return 0
}

func (s *Server) availabilityPageFor(r *http.Request) (*Page, error) {
	who := actor(r)
	d := &availabilityData{SeesAll: who.SeesAll(), IsAdmin: who.Role == clinic.RoleAdmin,
		Weekdays: weekdaysFromMonday}
	if who.SeesAll() {
		d.Psychologists = s.psychologistChoices(r)
	}
	psyID := s.availabilityTarget(r, d.Psychologists)
	page := &Page{Title: "Disponibilidade", Data: d}
	if psyID == 0 {
		return page, nil
	}
	a, err := s.db.AvailabilityOf(r.Context(), who, psyID)
	if err != nil {
		return nil, err
	}
	d.Availability = a
	d.Own = who.Role == clinic.RolePsychologist && who.PsychologistID == psyID
	for _, w := range weekdaysFromMonday {
		day := weekdayHours{Name: w.Name}
		for _, h := range a.Weekly {
			if int(h.Weekday) == w.Value {
				day.Ranges = append(day.Ranges, h)
			}
		}
		d.Week = append(d.Week, day)
	}
	if !d.Own {
		page.Title = "Disponibilidade de " + a.PsychologistName
	}
	return page, nil
}

func availabilityDefaults() url.Values {
	return url.Values{"wk_weekday": {"1"}, "wk_starts": {"08:00"}, "wk_ends": {"12:00"},
		"dt_starts": {"08:00"}, "dt_ends": {"12:00"}}
}

// availabilityPage shows a psychologist's weekly hours, extra dates and
// blocks. Psychologists see their own, and staff pick a psychologist.
func (s *Server) availabilityPage(w http.ResponseWriter, r *http.Request) {
	page, err := s.availabilityPageFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = availabilityDefaults()
	s.render(w, r, http.StatusOK, "availability", page)
}

func (s *Server) availabilityFailed(w http.ResponseWriter, r *http.Request, open string, err error) {
	page, perr := s.availabilityPageFor(r)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	page.Data.(*availabilityData).Open = open
	s.rerender(w, r, "availability", page, availabilityDefaults(), err)
}

// availabilityBack returns the availability page of the psychologist a
// form was about.
func availabilityBack(r *http.Request) string {
	if id := formID(r, "psychologist_id"); id != 0 && actor(r).SeesAll() {
		return "/availability?psychologist_id=" + strconv.FormatInt(id, 10)
	}
	return "/availability"
}

func (s *Server) availabilityAddWeekly(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	psyID := s.availabilityTarget(r, nil)
	weekday, err := strconv.Atoi(r.PostForm.Get("wk_weekday"))
	if err != nil {
		weekday = -1
	}
	_, err = s.db.AddWeeklyHours(r.Context(), actor(r), psyID, sqlite.WeeklyHours{
		Weekday: time.Weekday(weekday), Starts: r.PostForm.Get("wk_starts"),
		Ends: r.PostForm.Get("wk_ends")})
	if err != nil {
		s.availabilityFailed(w, r, "wk_", prefixFields(err, "wk_"))
		return
	}
	s.redirect(w, r, availabilityBack(r), "Horário semanal incluído.")
}

func (s *Server) availabilityDeleteWeekly(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if err := s.db.DeleteWeeklyHours(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, availabilityBack(r), "Horário semanal removido. As sessões já agendadas continuam.")
}

func (s *Server) availabilityAddDate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fe := clinic.FieldErrors{}
	date := formDate(r, fe, "dt_date")
	if date == "" {
		fe.Add("dt_date", "Informe a data (dd/mm/aaaa).")
	}
	if err := fe.Err(); err != nil {
		s.availabilityFailed(w, r, "dt_", err)
		return
	}
	_, err := s.db.AddDateHours(r.Context(), actor(r), s.availabilityTarget(r, nil), sqlite.DateHours{
		Date: date, Starts: r.PostForm.Get("dt_starts"), Ends: r.PostForm.Get("dt_ends")})
	if err != nil {
		s.availabilityFailed(w, r, "dt_", prefixFields(err, "dt_"))
		return
	}
	s.redirect(w, r, availabilityBack(r), "Data extra incluída: "+clinic.FormatDateBR(date)+".")
}

func (s *Server) availabilityDeleteDate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if err := s.db.DeleteDateHours(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, availabilityBack(r), "Data extra removida.")
}

// availabilityReviewed records "Revisei minha agenda".
func (s *Server) availabilityReviewed(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if err := s.db.MarkAgendaReviewed(r.Context(), actor(r), u.PsychologistID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/availability", "Obrigada! Registramos que você revisou sua agenda hoje.")
}

// blocksData is the data of the blocks page.
type blocksData struct {
	Blocks        []sqlite.Block
	Psychologists []clinic.Choice
	Selected      int64
	SeesAll       bool
}

func (s *Server) blocksPageFor(r *http.Request) (*Page, url.Values, error) {
	who := actor(r)
	d := &blocksData{SeesAll: who.SeesAll()}
	v := url.Values{}
	if who.SeesAll() {
		d.Psychologists = s.psychologistChoices(r)
		d.Selected = formID(r, "psychologist_id")
	} else {
		d.Selected = who.PsychologistID
	}
	if d.Selected != 0 {
		v.Set("psychologist_id", strconv.FormatInt(d.Selected, 10))
	}
	var err error
	d.Blocks, err = s.db.Blocks(r.Context(), who, d.Selected, s.today())
	if err != nil {
		return nil, nil, err
	}
	v.Set("starts_on", s.today())
	return &Page{Title: "Bloqueios de agenda", Data: d}, v, nil
}

// blocksPage lists current and future blocks (vacation, leave) and adds
// new ones.
func (s *Server) blocksPage(w http.ResponseWriter, r *http.Request) {
	page, v, err := s.blocksPageFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = v
	s.render(w, r, http.StatusOK, "blocks", page)
}

// blockCreate blocks a psychologist's agenda and, when sessions are
// already booked in it, leads to the list where staff cancel them.
func (s *Server) blockCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fe := clinic.FieldErrors{}
	from := formDate(r, fe, "starts_on")
	to := formDate(r, fe, "ends_on")
	who := actor(r)
	psyID := formID(r, "psychologist_id")
	if !who.SeesAll() {
		psyID = who.PsychologistID
	}
	if psyID == 0 {
		fe.Add("psychologist_id", "Escolha a psicóloga.")
	}
	err := fe.Err()
	var id int64
	var sessions []sqlite.Session
	if err == nil {
		id, sessions, err = s.db.AddBlock(r.Context(), who, sqlite.NewBlock{
			PsychologistID: psyID, StartsOn: from, EndsOn: to, Reason: r.PostForm.Get("reason")})
	}
	if err != nil {
		page, v, perr := s.blocksPageFor(r)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		s.rerender(w, r, "blocks", page, v, err)
		return
	}
	if len(sessions) == 0 {
		s.redirect(w, r, fmt.Sprintf("/blocks?psychologist_id=%d", psyID),
			"Bloqueio criado. Não havia sessões agendadas no período.")
		return
	}
	msg := fmt.Sprintf("Bloqueio criado. Há %d sessões já agendadas no período: "+
		"escolha abaixo quais desmarcar.", len(sessions))
	if len(sessions) == 1 {
		msg = "Bloqueio criado. Há 1 sessão já agendada no período: escolha abaixo se quer desmarcá-la."
	}
	s.setFlash(w, r, "warning", msg)
	http.Redirect(w, r, fmt.Sprintf("/blocks/%d", id), http.StatusSeeOther)
}

// blockData is the data of the block page.
type blockData struct {
	Block    sqlite.Block
	Sessions []sqlite.Session
}

// blockPage shows a block with the unconfirmed sessions inside it, so
// none is hidden by the block.
func (s *Server) blockPage(w http.ResponseWriter, r *http.Request) {
	b, sessions, err := s.db.BlockByID(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "block", &Page{Title: "Bloqueio de " + b.PsychologistName,
		Data: blockData{Block: b, Sessions: sessions}})
}

// blockCancelSessions cancels the chosen sessions of a block as
// desmarcadas pela clínica, with the block's reason.
func (s *Server) blockCancelSessions(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	who := actor(r)
	b, _, err := s.db.BlockByID(r.Context(), who, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var ids []int64
	for _, v := range r.PostForm["session_id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		s.setFlash(w, r, "warning", "Nenhuma sessão marcada: nada foi desmarcado.")
		http.Redirect(w, r, fmt.Sprintf("/blocks/%d", b.ID), http.StatusSeeOther)
		return
	}
	n, err := s.db.CancelSessions(r.Context(), who, ids, sqlite.StatusCancelledClinic, "Bloqueio: "+b.Reason)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := fmt.Sprintf("%d sessões desmarcadas pela clínica.", n)
	if n == 1 {
		msg = "1 sessão desmarcada pela clínica."
	}
	s.redirect(w, r, fmt.Sprintf("/blocks/%d", b.ID), msg)
}

func (s *Server) blockDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if err := s.db.DeleteBlock(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	to := "/blocks"
	if id := formID(r, "psychologist_id"); id != 0 && actor(r).SeesAll() {
		to += "?psychologist_id=" + strconv.FormatInt(id, 10)
	}
	s.redirect(w, r, to, "Bloqueio removido.")
}

// holidaysData is the data of the holidays page.
type holidaysData struct {
	DaysOff   []sqlite.DayOff
	Local     []sqlite.LocalHolidayEntry
	Closures  []sqlite.Closure
	OpenOnOpt bool
	Until     string
	Open      string
}

func (s *Server) holidaysPageFor(r *http.Request) (*Page, url.Values, error) {
	ctx, who := r.Context(), actor(r)
	today := clinic.MustDate(s.today())
	d := &holidaysData{Until: today.AddDays(365).String()}
	var err error
	if d.DaysOff, err = s.db.DaysOff(ctx, who, today.String(), d.Until); err != nil {
		return nil, nil, err
	}
	if d.Local, err = s.db.LocalHolidays(ctx); err != nil {
		return nil, nil, err
	}
	if d.Closures, err = s.db.Closures(ctx, today.String()); err != nil {
		return nil, nil, err
	}
	if d.OpenOnOpt, err = s.db.OpensOnOptionalHolidays(ctx); err != nil {
		return nil, nil, err
	}
	v := url.Values{}
	if d.OpenOnOpt {
		v.Set("open_on_optional", "1")
	}
	return &Page{Title: "Feriados e fechamentos", Data: d}, v, nil
}

// holidaysPage lists the coming holidays and closures with the sessions
// on each, and edits local holidays and closures. Admin only.
func (s *Server) holidaysPage(w http.ResponseWriter, r *http.Request) {
	page, v, err := s.holidaysPageFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = v
	s.render(w, r, http.StatusOK, "holidays", page)
}

func (s *Server) holidaysFailed(w http.ResponseWriter, r *http.Request, open string, err error) {
	page, v, perr := s.holidaysPageFor(r)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	page.Data.(*holidaysData).Open = open
	s.rerender(w, r, "holidays", page, v, err)
}

func (s *Server) holidayAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fe := clinic.FieldErrors{}
	date := formDate(r, fe, "hol_date")
	if date == "" {
		fe.Add("hol_date", "Informe a data (dd/mm/aaaa).")
	}
	if err := fe.Err(); err != nil {
		s.holidaysFailed(w, r, "hol_", err)
		return
	}
	yearly := r.PostForm.Get("hol_yearly") == "1"
	if _, err := s.db.AddLocalHoliday(r.Context(), actor(r), date, r.PostForm.Get("hol_name"), yearly); err != nil {
		s.holidaysFailed(w, r, "hol_", prefixFields(err, "hol_"))
		return
	}
	s.redirect(w, r, "/holidays", "Feriado incluído. Confira abaixo as sessões já agendadas nele.")
}

func (s *Server) holidayDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.db.DeleteLocalHoliday(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/holidays", "Feriado removido.")
}

func (s *Server) closureAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fe := clinic.FieldErrors{}
	date := formDate(r, fe, "cl_date")
	if date == "" {
		fe.Add("cl_date", "Informe a data (dd/mm/aaaa).")
	}
	if err := fe.Err(); err != nil {
		s.holidaysFailed(w, r, "cl_", err)
		return
	}
	if _, err := s.db.AddClosure(r.Context(), actor(r), date, r.PostForm.Get("cl_reason")); err != nil {
		s.holidaysFailed(w, r, "cl_", prefixFields(err, "cl_"))
		return
	}
	s.redirect(w, r, "/holidays", "Fechamento incluído. Confira abaixo as sessões já agendadas nesse dia.")
}

func (s *Server) closureDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.db.DeleteClosure(r.Context(), actor(r), pathID(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/holidays", "Fechamento removido: a clínica abre nesse dia.")
}

func (s *Server) holidayOptions(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	open := r.PostForm.Get("open_on_optional") == "1"
	if err := s.db.SetOpensOnOptionalHolidays(r.Context(), actor(r), open); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/holidays", "Preferência salva.")
}

// holidayCallOff marks the unconfirmed sessions of a holiday or closure
// as feriado, which frees their slots and charges nothing.
func (s *Server) holidayCallOff(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	date := r.PostForm.Get("date")
	if _, err := clinic.ParseDate(date); err != nil {
		s.fail(w, r, clinic.Errorf(clinic.ErrInvalid, "Data inválida."))
		return
	}
	n, err := s.db.CallOffDay(r.Context(), actor(r), date, r.PostForm.Get("reason"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := fmt.Sprintf("%d sessões de %s marcadas como feriado.", n, clinic.FormatDateBR(date))
	if n == 1 {
		msg = fmt.Sprintf("1 sessão de %s marcada como feriado.", clinic.FormatDateBR(date))
	}
	s.redirect(w, r, "/holidays", msg)
}
