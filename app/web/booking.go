package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// bookingData is the booking form's data besides the typed values.
type bookingData struct {
	Options sqlite.BookingOptions
	// SeesAll is true for staff, who pick any psychologist and may book
	// outside availability with a reason.
	SeesAll bool
}

// bookingDefaults returns the booking form's starting values: the query
// parameters the agenda grid links with (patient_id, psychologist_id,
// room_id, date, time, kind), completed from the patient's record and
// the psychologist's usual session length.
func (s *Server) bookingDefaults(r *http.Request, opts sqlite.BookingOptions) url.Values {
	q := r.URL.Query()
	form := url.Values{}
	form.Set("kind", sqlite.KindSeries)
	form.Set("modality", sqlite.ModalityInPerson)
	form.Set("frequency", string(clinic.Weekly))
	form.Set("date", s.today())
	for _, k := range []string{"patient_id", "psychologist_id", "room_id", "kind", "modality"} {
		if v := q.Get(k); v != "" {
			form.Set(k, v)
		}
	}
	if d, err := clinic.ParseDateBR(q.Get("date")); err == nil && d != "" {
		form.Set("date", d)
	}
	if c, err := clinic.ParseClock(q.Get("time")); err == nil && c < clinic.EndOfDay {
		form.Set("time", c.String())
	}

	patientID, _ := strconv.ParseInt(form.Get("patient_id"), 10, 64)
	for _, p := range opts.Patients {
		if p.ID != patientID {
			continue
		}
		if form.Get("psychologist_id") == "" && p.PsychologistID != 0 {
			form.Set("psychologist_id", strconv.FormatInt(p.PsychologistID, 10))
		}
		form.Set("frequency", p.Frequency)
	}
	if u := currentUser(r); u != nil && u.Role == clinic.RolePsychologist {
		form.Set("psychologist_id", strconv.FormatInt(u.PsychologistID, 10))
	}
	form.Set("minutes", "50")
	psyID, _ := strconv.ParseInt(form.Get("psychologist_id"), 10, 64)
	for _, p := range opts.Psychologists {
		if p.ID == psyID && p.SessionMinutes > 0 {
			form.Set("minutes", strconv.Itoa(p.SessionMinutes))
		}
	}
	return form
}

func (s *Server) bookingPage(r *http.Request) (*Page, url.Values, error) {
	opts, err := s.db.BookingOptions(r.Context(), actor(r))
	if err != nil {
		return nil, nil, err
	}
	page := &Page{Title: "Agendar sessão",
		Data: bookingData{Options: opts, SeesAll: actor(r).SeesAll()}}
	return page, s.bookingDefaults(r, opts), nil
}

func (s *Server) bookingForm(w http.ResponseWriter, r *http.Request) {
	page, defaults, err := s.bookingPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = defaults
	s.render(w, r, http.StatusOK, "session_form", page)
}

// bookingSubmit books a series, a one-off or an emergency session and
// leads to the agenda of its first day.
func (s *Server) bookingSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fe := clinic.FieldErrors{}
	date := formDate(r, fe, "date")
	endDate := formDate(r, fe, "end_date")
	kind := r.PostForm.Get("kind")
	modality := r.PostForm.Get("modality")
	roomID := formID(r, "room_id")
	if modality == sqlite.ModalityOnline {
		roomID = 0 // the room picker may still hold a choice the script hid
	}
	start := r.PostForm.Get("time")
	minutes := formMinutes(r, "minutes")
	override := r.PostForm.Get("override") == "1"
	reason := r.PostForm.Get("override_reason")

	var b sqlite.Booking
	var msg string
	err := fe.Err()
	if err == nil && kind == sqlite.KindSeries {
		freq := clinic.Frequency(r.PostForm.Get("frequency"))
		b, err = s.db.CreateSeries(r.Context(), actor(r), sqlite.NewSeries{
			PatientID: formID(r, "patient_id"), PsychologistID: formID(r, "psychologist_id"),
			RoomID: roomID, Modality: modality, FirstDate: date, EndDate: endDate,
			Start: start, Minutes: minutes, Frequency: freq,
			Override: override, OverrideReason: reason})
		if err == nil {
			d := clinic.MustDate(b.Date)
			msg = fmt.Sprintf("Horário fixo agendado: %s às %s, %s, a partir de %s.",
				clinic.WeekdayPlural(d.Weekday()), start, strings.ToLower(freq.Label()), d.Brazilian())
		}
	} else if err == nil {
		b, err = s.db.CreateSession(r.Context(), actor(r), sqlite.NewSession{
			PatientID: formID(r, "patient_id"), PsychologistID: formID(r, "psychologist_id"),
			RoomID: roomID, Modality: modality, Kind: kind, Date: date, Start: start,
			Minutes: minutes, Notes: r.PostForm.Get("notes"),
			Override: override, OverrideReason: reason})
		if err == nil {
			label := "Sessão avulsa"
			if kind == sqlite.KindEmergency {
				label = "Sessão emergencial"
			}
			msg = fmt.Sprintf("%s agendada para %s às %s.", label, clinic.FormatDateBR(b.Date), start)
		}
	}
	if err != nil {
		page, defaults, perr := s.bookingPage(r)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		s.rerender(w, r, "session_form", page, defaults, err)
		return
	}
	s.flashBooking(w, r, msg, b.Warnings)
	http.Redirect(w, r, agendaPath(r, b.Date), http.StatusSeeOther)
}
