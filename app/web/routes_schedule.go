package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
)

// psychologistOnly is for actions only a psychologist takes on their own
// agenda, such as confirming they reviewed it.
var psychologistOnly = []clinic.Role{clinic.RolePsychologist}

// scheduleRoutes returns the routes of the schedule area: booking series
// and sessions, changing them, availability, blocks and holidays. Room
// opening hours are edited on the registry's room form. Every role reaches the booking pages, and the store limits a
// psychologist to their own agenda and returns 404 for anyone else's.
func (s *Server) scheduleRoutes() []route {
	return []route{
		get("/sessions/new", everyone, s.bookingForm),
		post("/sessions", everyone, s.bookingSubmit),
		get("/sessions/{id:[0-9]+}", everyone, s.sessionPage),
		post("/sessions/{id:[0-9]+}/move", everyone, s.sessionMove),
		post("/sessions/{id:[0-9]+}/cancel", everyone, s.sessionCancel),
		post("/sessions/{id:[0-9]+}/following", everyone, s.sessionFollowing),
		post("/sessions/{id:[0-9]+}/end-series", everyone, s.sessionEndSeries),

		get("/series/{id:[0-9]+}", everyone, s.seriesPage),
		post("/series/{id:[0-9]+}/change", everyone, s.seriesChange),
		post("/series/{id:[0-9]+}/end", everyone, s.seriesEnd),

		get("/availability", everyone, s.availabilityPage),
		post("/availability/weekly", everyone, s.availabilityAddWeekly),
		post("/availability/weekly/{id:[0-9]+}/delete", everyone, s.availabilityDeleteWeekly),
		post("/availability/dates", everyone, s.availabilityAddDate),
		post("/availability/dates/{id:[0-9]+}/delete", everyone, s.availabilityDeleteDate),
		post("/availability/reviewed", psychologistOnly, s.availabilityReviewed),

		get("/blocks", everyone, s.blocksPage),
		post("/blocks", everyone, s.blockCreate),
		get("/blocks/{id:[0-9]+}", everyone, s.blockPage),
		post("/blocks/{id:[0-9]+}/cancel-sessions", everyone, s.blockCancelSessions),
		post("/blocks/{id:[0-9]+}/delete", everyone, s.blockDelete),

		get("/holidays", adminOnly, s.holidaysPage),
		post("/holidays/local", adminOnly, s.holidayAdd),
		post("/holidays/local/{id:[0-9]+}/delete", adminOnly, s.holidayDelete),
		post("/holidays/closures", adminOnly, s.closureAdd),
		post("/holidays/closures/{id:[0-9]+}/delete", adminOnly, s.closureDelete),
		post("/holidays/options", adminOnly, s.holidayOptions),
		post("/holidays/call-off", adminOnly, s.holidayCallOff),
	}
}

// agendaPath returns the agenda day a booking leads to: the central
// agenda for staff, the psychologist's own agenda otherwise.
func agendaPath(r *http.Request, date string) string {
	base := "/agenda"
	if u := currentUser(r); u != nil && u.Role == clinic.RolePsychologist {
		base = "/my/agenda"
	}
	if date == "" {
		return base
	}
	return base + "?date=" + url.QueryEscape(date)
}

// formID reads an id from the posted form or the query, 0 when absent or
// malformed.
func formID(r *http.Request, name string) int64 {
	v := r.FormValue(name)
	id, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id
}

// formMinutes reads a length in minutes, 0 when absent or malformed.
func formMinutes(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.FormValue(name)))
	return n
}

// formDate reads a date field typed as dd/mm/aaaa or sent by a date input
// as YYYY-MM-DD, and adds a field message when it is not a date. Blank
// input returns "".
func formDate(r *http.Request, fe clinic.FieldErrors, name string) string {
	v, err := clinic.ParseDateBR(r.FormValue(name))
	if err != nil {
		msg := "Data inválida. Use dd/mm/aaaa."
		var ve *clinic.ValueError
		if errors.As(err, &ve) {
			msg = ve.Message
		}
		fe.Add(name, msg)
		return ""
	}
	return v
}

// rerender shows a page again after a failed form, with the page's
// defaults under what the user typed, so the other forms on the page keep
// their values too.
func (s *Server) rerender(w http.ResponseWriter, r *http.Request, name string, p *Page, defaults url.Values, err error) {
	code := clinic.ErrorCode(err)
	if code == clinic.ErrInternal {
		s.log.Error("form submit", "path", r.URL.Path, "err", err)
	}
	merged := url.Values{}
	for k, v := range defaults {
		merged[k] = v
	}
	for k, v := range r.PostForm {
		merged[k] = v
	}
	p.Form = merged
	p.Error = clinic.ErrorMessage(err)
	var ce *clinic.Error
	if asError(err, &ce) && ce.Fields != nil {
		p.Errors = ce.Fields
	}
	s.render(w, r, statusFor(code), name, p)
}

// prefixFields returns err with its field names prefixed, for a page that
// holds several forms whose fields share names in the store.
func prefixFields(err error, prefix string) error {
	var ce *clinic.Error
	if !asError(err, &ce) || ce.Fields == nil {
		return err
	}
	out := &clinic.Error{Code: ce.Code, Message: ce.Message, Fields: map[string]string{}}
	for k, v := range ce.Fields {
		out.Fields[prefix+k] = v
	}
	return out
}

// flashBooking stores the message shown after a booking: warnings turn it
// into a yellow notice, since sessions on a holiday or block need a look.
// Only the first three warnings fit, because the flash travels in a
// cookie of at most 4 KB.
func (s *Server) flashBooking(w http.ResponseWriter, r *http.Request, msg string, warnings []string) {
	kind := "success"
	if len(warnings) > 0 {
		kind = "warning"
		shown := warnings
		if len(shown) > 3 {
			shown = shown[:3]
		}
		msg += " Atenção: " + strings.Join(shown, " ")
		if n := len(warnings) - len(shown); n > 0 {
			msg += fmt.Sprintf(" E mais %d avisos.", n)
		}
	}
	s.setFlash(w, r, kind, msg)
}
