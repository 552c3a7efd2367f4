package web

import (
	"fmt"
	"net/http"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// attendanceDay is one date of the confirmation list.
type attendanceDay struct {
	Date    string
	Title   string
	IsToday bool
	Rows    []sqlite.AttendanceRow
}

type attendanceData struct {
	View           string // day, week or pending
	Date           string
	Title          string
	Prev, Next     string
	Today          string
	SeesAll        bool
	Psychologists  []clinic.Choice
	PsychologistID int64
	Days           []attendanceDay
	Sessions       int
	Pending        int
	// Return is this page's address, for the forms to come back to.
	Return string
}

// attendanceLimit caps the pending list; the oldest come first, so
// confirming them brings the next ones in.
const attendanceLimit = 300

func (s *Server) attendanceList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := s.today()
	who := actor(r)
	d := attendanceData{View: q.Get("view"), Today: today, SeesAll: who.SeesAll(),
		Date: financeDate(q.Get("date"), today), Return: r.URL.RequestURI()}
	if d.SeesAll {
		d.Psychologists = s.psychologistChoices(r)
		d.PsychologistID = financeID(q.Get("psychologist"))
	}
	f := sqlite.AttendanceFilter{PsychologistID: d.PsychologistID, Now: s.localNow()}
	switch d.View {
	case "week":
		start := weekStart(d.Date)
		f.From, f.To = start.String(), start.AddDays(6).String()
		d.Title = "Semana de " + clinic.FormatDateBR(f.From) + " a " + clinic.FormatDateBR(f.To)
		d.Prev, d.Next = start.AddDays(-7).String(), start.AddDays(7).String()
	case "pending":
		f.From, f.To, f.PendingOnly, f.Limit = "1900-01-01", today, true, attendanceLimit
		d.Title = "Sessões que aguardam confirmação"
	default:
		d.View = "day"
		day := clinic.MustDate(d.Date)
		f.From, f.To = d.Date, d.Date
		d.Title = longDate(d.Date)
		d.Prev, d.Next = day.AddDays(-1).String(), day.AddDays(1).String()
	}
	rows, err := s.db.AttendanceList(r.Context(), who, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Sessions = len(rows)
	for _, row := range rows {
		if row.Pending() {
			d.Pending++
		}
		if n := len(d.Days); n == 0 || d.Days[n-1].Date != row.Date {
			d.Days = append(d.Days, attendanceDay{Date: row.Date,
				Title: longDate(row.Date), IsToday: row.Date == today})
		}
		last := &d.Days[len(d.Days)-1]
		last.Rows = append(last.Rows, row)
	}
	s.render(w, r, http.StatusOK, "attendance", &Page{Title: "Presenças", Data: d})
}

type attendanceSessionData struct {
	Row      sqlite.AttendanceRow
	Statuses []financeOption
	Policy   sqlite.ChargePolicy
	Locked   bool
	Return   string
}

// PolicyText describes the charge policy in one sentence for the form.
func (d attendanceSessionData) PolicyText() string {
	var names []string
	for _, st := range d.Policy.Charged {
		names = append(names, strings.ToLower(sqlite.StatusLabel(st)))
	}
	text := "Geram cobrança: " + strings.Join(names, ", ")
	if d.Policy.LateCancelHours > 0 {
		text += fmt.Sprintf("; desmarcada pelo paciente com menos de %d horas de aviso",
			d.Policy.LateCancelHours)
	}
	return text + "."
}

func (s *Server) attendanceSessionPage(r *http.Request, id int64) (*Page, error) {
	row, err := s.db.AttendanceSession(r.Context(), actor(r), id, s.localNow())
	if err != nil {
		return nil, err
	}
	policy, err := s.db.ChargePolicy(r.Context())
	if err != nil {
		return nil, err
	}
	locked, err := s.db.MonthLocked(r.Context(), row.Date, row.PsychologistID)
	if err != nil {
		return nil, err
	}
	ret := r.URL.Query().Get("return")
	if r.Method == http.MethodPost {
		ret = r.PostForm.Get("return")
	}
	if ret == "" || safeNext(ret) != ret {
		ret = "/attendance?date=" + row.Date
	}
	return &Page{Title: "Presença de " + row.PatientName,
		Data: attendanceSessionData{Row: row, Policy: policy, Locked: locked,
			Statuses: statusOptions(sqlite.AttendanceStatuses), Return: ret}}, nil
}

func (s *Server) attendanceSessionForm(w http.ResponseWriter, r *http.Request) {
	page, err := s.attendanceSessionPage(r, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	row := page.Data.(attendanceSessionData).Row
	status := row.Status
	if status == sqlite.StatusScheduled && row.Started {
		status = sqlite.StatusDone
	}
	notice := row.NoticeAt
	if notice == "" {
		notice = s.localNow()
	}
	page.Form = map[string][]string{"status": {status}, "notice_at": {notice}}
	s.render(w, r, http.StatusOK, "attendance_session", page)
}

// parseNotice reads the notice time from a datetime-local input, or typed
// as "dd/mm/aaaa hh:mm" where the browser shows a text box.
func parseNotice(v string) string {
	v = strings.TrimSpace(v)
	if len(v) == 16 && v[10] == 'T' {
		return v
	}
	date, clock, ok := strings.Cut(v, " ")
	if !ok {
		return v
	}
	iso, err := clinic.ParseDateBR(date)
	c, cerr := clinic.ParseClock(strings.TrimSpace(clock))
	if err != nil || cerr != nil || iso == "" {
		return v
	}
	return iso + "T" + c.String()
}

func (s *Server) attendanceSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	ch := sqlite.AttendanceChange{SessionID: id, Status: r.PostForm.Get("status"),
		NoticeAt: parseNotice(r.PostForm.Get("notice_at")), Now: s.localNow()}
	if r.PostForm.Get("undo") == "1" {
		ch.Status = sqlite.StatusScheduled
	}
	res, err := s.db.SetAttendance(r.Context(), actor(r), ch)
	if err != nil {
		page, perr := s.attendanceSessionPage(r, id)
		if perr != nil {
			s.fail(w, r, err)
			return
		}
		s.formError(w, r, "attendance_session", page, err)
		return
	}
	row, err := s.db.AttendanceSession(r.Context(), actor(r), id, ch.Now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, financeReturn(r, "/attendance?date="+row.Date),
		attendanceFlash(row, res))
}

// attendanceFlash returns the message that describes a confirmation and
// its money.
func attendanceFlash(row sqlite.AttendanceRow, res sqlite.AttendanceResult) string {
	who := fmt.Sprintf("%s (%s às %s)", row.PatientName,
		clinic.FormatDateBR(row.Date), row.Start())
	if !res.Changed {
		return "Nada mudou: a sessão de " + who + " já estava como " +
			row.StatusLabel() + "."
	}
	msg := "Sessão de " + who + " marcada como " + row.StatusLabel() + "."
	switch {
	case res.ChargeCreated && res.CreditApplied > 0:
		msg += fmt.Sprintf(" Cobrança de %s criada; %s pagos com o crédito do paciente.",
			clinic.FormatMoney(res.ChargeCents), clinic.FormatMoney(res.CreditApplied))
	case res.ChargeCreated:
		msg += " Cobrança de " + clinic.FormatMoney(res.ChargeCents) + " criada."
	case res.ChargeRemoved:
		msg += " A cobrança desta sessão foi removida."
	}
	return msg
}

func (s *Server) attendanceBulk(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	back := financeReturn(r, "/attendance")
	var ids []int64
	for _, v := range r.PostForm["session"] {
		if id := financeID(v); id != 0 {
			ids = append(ids, id)
		}
	}
	n, err := s.db.ConfirmSessions(r.Context(), actor(r), ids, s.localNow())
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	msg := fmt.Sprintf("%d sessões confirmadas como realizadas.", n)
	switch {
	case n == 1:
		msg = "1 sessão confirmada como realizada."
	case n == 0:
		msg = "Nada mudou: as sessões marcadas já estavam como realizadas."
	}
	s.redirect(w, r, back, msg)
}
