package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// sessionPageData is the data of the session page: the session, its
// series, and the pickers of the change forms.
type sessionPageData struct {
	Session sqlite.Session
	Series  *sqlite.Series
	// DayOff names the holiday or closure on the session's date, if any.
	DayOff  string
	Options sqlite.BookingOptions
	SeesAll bool
	Today   string
	History []sqlite.AuditEntry
	// Open is the prefix of the form that failed, which the page shows
	// unfolded.
	Open string
}

// dayOffNames returns the holidays and closures from from to to by date.
func (s *Server) dayOffNames(ctx context.Context, who clinic.Actor, from, to string) map[string]string {
	out := map[string]string{}
	days, err := s.db.DaysOff(ctx, who, from, to)
	if err != nil {
		s.log.Error("read days off", "err", err)
		return out
	}
	for _, d := range days {
		name := d.Name
		if d.Optional {
			name += " (ponto facultativo)"
		}
		out[d.Date] = name
	}
	return out
}

// sessionPage shows one session with the forms that change it.
func (s *Server) sessionPage(w http.ResponseWriter, r *http.Request) {
	page, defaults, err := s.sessionPageFor(r, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = defaults
	s.render(w, r, http.StatusOK, "session", page)
}

func (s *Server) sessionPageFor(r *http.Request, id int64) (*Page, url.Values, error) {
	ctx, who := r.Context(), actor(r)
	sess, err := s.db.SessionByID(ctx, who, id)
	if err != nil {
		return nil, nil, err
	}
	d := sessionPageData{Session: sess, SeesAll: who.SeesAll(), Today: s.today()}
	if sess.SeriesID != 0 {
		series, err := s.db.SeriesByID(ctx, who, sess.SeriesID)
		if err != nil {
			return nil, nil, err
		}
		d.Series = &series
	}
	d.DayOff = s.dayOffNames(ctx, who, sess.Date, sess.Date)[sess.Date]
	if d.Options, err = s.db.BookingOptions(ctx, who); err != nil {
		return nil, nil, err
	}
	if d.History, err = s.db.AuditLog(ctx, "session", id, 20); err != nil {
		return nil, nil, err
	}
	title := "Sessão de " + sess.PatientName
	if who.Role == clinic.RolePsychologist && sess.PsychologistID != who.PsychologistID {
		title = "Sessão"
	}
	return &Page{Title: title, Data: &d}, sessionDefaults(sess, d.Series), nil
}

// sessionDefaults fills the session page's forms with the session's
// current values.
func sessionDefaults(sess sqlite.Session, series *sqlite.Series) url.Values {
	v := url.Values{}
	room := ""
	if sess.RoomID != 0 {
		room = strconv.FormatInt(sess.RoomID, 10)
	}
	v.Set("move_date", sess.Date)
	v.Set("move_time", sess.Start())
	v.Set("move_minutes", strconv.Itoa(sess.Minutes()))
	v.Set("move_room_id", room)
	v.Set("move_modality", sess.Modality)
	v.Set("cancel_status", sqlite.StatusCancelledPatient)
	if series != nil {
		from := sess.OccurrenceDate
		if from == "" {
			from = sess.Date
		}
		seriesDefaults(v, *series, from)
		v.Set("end_end_date", sess.Date)
	}
	return v
}

// seriesDefaults fills the change form ("chg_" fields) from series,
// changing from date from.
func seriesDefaults(v url.Values, series sqlite.Series, from string) {
	room := ""
	if series.RoomID != 0 {
		room = strconv.FormatInt(series.RoomID, 10)
	}
	v.Set("chg_from", from)
	v.Set("chg_date", from)
	v.Set("chg_time", series.Start)
	v.Set("chg_minutes", strconv.Itoa(series.Minutes))
	v.Set("chg_room_id", room)
	v.Set("chg_modality", series.Modality)
	v.Set("chg_frequency", string(series.Frequency))
	v.Set("chg_psychologist_id", strconv.FormatInt(series.PsychologistID, 10))
	v.Set("chg_end_date", series.EndDate)
}

// sessionFormFailed shows the session page again with the form whose
// fields start with open unfolded. The field names in err already carry
// that prefix.
func (s *Server) sessionFormFailed(w http.ResponseWriter, r *http.Request, open string, err error) {
	page, defaults, perr := s.sessionPageFor(r, pathID(r))
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	page.Data.(*sessionPageData).Open = open
	s.rerender(w, r, "session", page, defaults, err)
}

// sessionMove moves this session only.
func (s *Server) sessionMove(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fe := clinic.FieldErrors{}
	date := formDate(r, fe, "move_date")
	if err := fe.Err(); err != nil {
		s.sessionFormFailed(w, r, "move_", err)
		return
	}
	modality := r.PostForm.Get("move_modality")
	room := formID(r, "move_room_id")
	if modality == sqlite.ModalityOnline {
		room = 0
	}
	b, err := s.db.MoveSession(r.Context(), actor(r), pathID(r), sqlite.SessionMove{
		Date: date, Start: r.PostForm.Get("move_time"), Minutes: formMinutes(r, "move_minutes"),
		RoomID: room, Modality: modality, Override: r.PostForm.Get("move_override") == "1",
		OverrideReason: r.PostForm.Get("move_override_reason")})
	if err != nil {
		s.sessionFormFailed(w, r, "move_", prefixFields(err, "move_"))
		return
	}
	msg := fmt.Sprintf("Sessão remarcada para %s às %s.", clinic.FormatDateBR(b.Date), r.PostForm.Get("move_time"))
	s.flashBooking(w, r, msg, b.Warnings)
	http.Redirect(w, r, agendaPath(r, b.Date), http.StatusSeeOther)
}

// sessionCancel calls off this session, by the patient or the clinic.
func (s *Server) sessionCancel(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	who := actor(r)
	sess, err := s.db.SessionByID(r.Context(), who, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := r.PostForm.Get("cancel_status")
	if err := s.db.CancelSession(r.Context(), who, sess.ID, status, r.PostForm.Get("cancel_reason")); err != nil {
		s.sessionFormFailed(w, r, "cancel_", prefixFields(err, "cancel_"))
		return
	}
	msg := fmt.Sprintf("Sessão de %s às %s %s.", clinic.FormatDateBR(sess.Date), sess.Start(),
		strings.ToLower(sqlite.StatusLabel(status)))
	s.redirect(w, r, agendaPath(r, sess.Date), msg)
}

// seriesChangeInput reads the change form ("chg_" fields).
func seriesChangeInput(r *http.Request, fe clinic.FieldErrors) sqlite.SeriesChange {
	modality := r.PostForm.Get("chg_modality")
	room := formID(r, "chg_room_id")
	if modality == sqlite.ModalityOnline {
		room = 0
	}
	return sqlite.SeriesChange{
		From:           formDate(r, fe, "chg_from"),
		PsychologistID: formID(r, "chg_psychologist_id"),
		RoomID:         room,
		Modality:       modality,
		FirstDate:      formDate(r, fe, "chg_date"),
		Start:          r.PostForm.Get("chg_time"),
		Minutes:        formMinutes(r, "chg_minutes"),
		Frequency:      clinic.Frequency(r.PostForm.Get("chg_frequency")),
		EndDate:        formDate(r, fe, "chg_end_date"),
		Override:       r.PostForm.Get("chg_override") == "1",
		OverrideReason: r.PostForm.Get("chg_override_reason"),
	}
}

// changeSeries runs "this and the following sessions" for seriesID from
// the change form ("chg_" fields) and goes to the agenda, or returns the
// error with "chg_" field names.
func (s *Server) changeSeries(w http.ResponseWriter, r *http.Request, seriesID int64) error {
	fe := clinic.FieldErrors{}
	ch := seriesChangeInput(r, fe)
	if err := fe.Err(); err != nil {
		return err
	}
	b, err := s.db.ChangeSeriesFrom(r.Context(), actor(r), seriesID, ch)
	if err != nil {
		return prefixFields(err, "chg_")
	}
	msg := fmt.Sprintf("Horário fixo alterado a partir de %s.", clinic.FormatDateBR(ch.From))
	if b.Replaced > 0 {
		msg += fmt.Sprintf(" %d sessões ainda não confirmadas do horário antigo foram substituídas.", b.Replaced)
	}
	s.flashBooking(w, r, msg, b.Warnings)
	http.Redirect(w, r, agendaPath(r, b.Date), http.StatusSeeOther)
	return nil
}

// sessionFollowing changes this session and the following ones of its
// series.
func (s *Server) sessionFollowing(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	sess, err := s.db.SessionByID(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sess.SeriesID == 0 {
		s.fail(w, r, clinic.Errorf(clinic.ErrInvalid, "Esta sessão não faz parte de um horário fixo."))
		return
	}
	if err := s.changeSeries(w, r, sess.SeriesID); err != nil {
		s.sessionFormFailed(w, r, "chg_", err)
	}
}

// sessionEndSeries ends the session's series (alta).
func (s *Server) sessionEndSeries(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	sess, err := s.db.SessionByID(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sess.SeriesID == 0 {
		s.fail(w, r, clinic.Errorf(clinic.ErrInvalid, "Esta sessão não faz parte de um horário fixo."))
		return
	}
	if err := s.endSeries(w, r, sess.SeriesID); err != nil {
		s.sessionFormFailed(w, r, "end_", err)
	}
}

// endSeries ends seriesID from the end form ("end_" fields) and goes to
// the series page, or returns the error with "end_" field names.
func (s *Server) endSeries(w http.ResponseWriter, r *http.Request, seriesID int64) error {
	fe := clinic.FieldErrors{}
	end := formDate(r, fe, "end_end_date")
	if end == "" {
		fe.Add("end_end_date", "Informe a data da última sessão (dd/mm/aaaa).")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	removed, err := s.db.EndSeries(r.Context(), actor(r), seriesID, end, r.PostForm.Get("end_reason"))
	if err != nil {
		return prefixFields(err, "end_")
	}
	msg := fmt.Sprintf("Horário fixo encerrado; última sessão em %s.", clinic.FormatDateBR(end))
	if removed > 0 {
		msg += fmt.Sprintf(" %d sessões futuras foram retiradas da agenda.", removed)
	}
	s.redirect(w, r, fmt.Sprintf("/series/%d", seriesID), msg)
	return nil
}

// seriesPageData is the data of the series page.
type seriesPageData struct {
	Series   sqlite.Series
	Sessions []sqlite.Session
	DaysOff  map[string]string
	Options  sqlite.BookingOptions
	SeesAll  bool
	Today    string
	Running  bool
	History  []sqlite.AuditEntry
	Open     string
}

func (s *Server) seriesPageFor(r *http.Request, id int64) (*Page, url.Values, error) {
	ctx, who := r.Context(), actor(r)
	series, err := s.db.SeriesByID(ctx, who, id)
	if err != nil {
		return nil, nil, err
	}
	d := seriesPageData{Series: series, SeesAll: who.SeesAll(), Today: s.today()}
	d.Running = series.Active(d.Today)
	if d.Sessions, err = s.db.SeriesSessions(ctx, who, id); err != nil {
		return nil, nil, err
	}
	if len(d.Sessions) > 0 {
		d.DaysOff = s.dayOffNames(ctx, who, d.Sessions[0].Date, d.Sessions[len(d.Sessions)-1].Date)
	}
	if d.Options, err = s.db.BookingOptions(ctx, who); err != nil {
		return nil, nil, err
	}
	if d.History, err = s.db.AuditLog(ctx, "series", id, 20); err != nil {
		return nil, nil, err
	}
	// Changes start by default at the next unconfirmed session.
	from := d.Today
	for _, sess := range d.Sessions {
		if sess.Scheduled() && sess.OccurrenceDate >= d.Today {
			from = sess.OccurrenceDate
			break
		}
	}
	v := url.Values{}
	seriesDefaults(v, series, from)
	v.Set("end_end_date", d.Today)
	page := &Page{Title: "Horário fixo de " + series.PatientName, Data: &d}
	return page, v, nil
}

// seriesPage shows a series with its sessions and the forms that change
// or end it.
func (s *Server) seriesPage(w http.ResponseWriter, r *http.Request) {
	page, defaults, err := s.seriesPageFor(r, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = defaults
	s.render(w, r, http.StatusOK, "series", page)
}

// seriesFormFailed shows the series page again with the form whose
// fields start with open unfolded.
func (s *Server) seriesFormFailed(w http.ResponseWriter, r *http.Request, open string, err error) {
	page, defaults, perr := s.seriesPageFor(r, pathID(r))
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	page.Data.(*seriesPageData).Open = open
	s.rerender(w, r, "series", page, defaults, err)
}

// seriesChange changes a series from a date on.
func (s *Server) seriesChange(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if err := s.changeSeries(w, r, pathID(r)); err != nil {
		s.seriesFormFailed(w, r, "chg_", err)
	}
}

// seriesEnd ends a series (alta).
func (s *Server) seriesEnd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if err := s.endSeries(w, r, pathID(r)); err != nil {
		s.seriesFormFailed(w, r, "end_", err)
	}
}
