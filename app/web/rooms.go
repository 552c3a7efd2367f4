package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// weekOrder is the order a Brazilian clinic reads a week in: Monday
// first, Sunday last.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday,
	time.Thursday, time.Friday, time.Saturday, time.Sunday}

// roomRow is a room on the unit list with its hours in a few words.
type roomRow struct {
	sqlite.Room
	HoursSummary []string
}

func newRoomRow(r sqlite.Room) roomRow {
	return roomRow{Room: r, HoursSummary: hoursSummary(r.Hours)}
}

// hoursSummary describes a week of opening hours, joining consecutive days
// with the same hours: "seg a sex 08:00–20:00", "sáb 08:00–12:00",
// "dom fechado".
func hoursSummary(hours [7]sqlite.DayHours) []string {
	var out []string
	for i := 0; i < len(weekOrder); {
		j := i
		for j+1 < len(weekOrder) && hours[weekOrder[j+1]] == hours[weekOrder[i]] {
			j++
		}
		days := clinic.WeekdayShort(weekOrder[i])
		if j > i {
			sep := " e "
			if j > i+1 {
				sep = " a "
			}
			days += sep + clinic.WeekdayShort(weekOrder[j])
		}
		h := hours[weekOrder[i]]
		if h.Closed() {
			out = append(out, days+" fechada")
		} else {
			out = append(out, days+" "+h.Opens+"–"+h.Closes)
		}
		i = j + 1
	}
	return out
}

// roomFormData is the room form's context besides the typed values:
// the unit, the action and the rows of the hours table.
type roomFormData struct {
	UnitID   int64
	UnitName string
	RoomID   int64
	Action   string
	Days     []roomFormDay
}

// roomFormDay is one weekday's row of the hours table.
type roomFormDay struct {
	Name        string
	OpensField  string
	ClosesField string
}

func roomFormDays() []roomFormDay {
	days := make([]roomFormDay, len(weekOrder))
	for i, w := range weekOrder {
		name := clinic.WeekdayName(w)
		days[i] = roomFormDay{
			Name:        strings.ToUpper(name[:1]) + name[1:],
			OpensField:  sqlite.HoursField("opens", w),
			ClosesField: sqlite.HoursField("closes", w),
		}
	}
	return days
}

// roomForm returns the form values of a room's fields and hours.
func roomForm(name, color string, active bool, hours [7]sqlite.DayHours) url.Values {
	form := url.Values{"name": {name}, "color": {color}}
	if active {
		form.Set("active", "1")
	}
	for w, h := range hours {
		form.Set(sqlite.HoursField("opens", time.Weekday(w)), h.Opens)
		form.Set(sqlite.HoursField("closes", time.Weekday(w)), h.Closes)
	}
	return form
}

func roomInput(unitID int64, form url.Values) sqlite.RoomInput {
	in := sqlite.RoomInput{UnitID: unitID, Name: form.Get("name"),
		Color: form.Get("color"), Active: formChecked(form, "active")}
	for w := range in.Hours {
		in.Hours[w] = sqlite.DayHours{
			Opens:  form.Get(sqlite.HoursField("opens", time.Weekday(w))),
			Closes: form.Get(sqlite.HoursField("closes", time.Weekday(w))),
		}
	}
	return in
}

func (s *Server) newRoomData(u sqlite.Unit) roomFormData {
	return roomFormData{UnitID: u.ID, UnitName: u.Name,
		Action: unitPath(u.ID) + "/rooms", Days: roomFormDays()}
}

func (s *Server) roomNewForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.db.Unit(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "room_form", &Page{Title: "Nova sala",
		Form: roomForm("", "#6c757d", true, sqlite.DefaultRoomHours()),
		Data: s.newRoomData(u)})
}

func (s *Server) roomCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u, err := s.db.Unit(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := roomInput(u.ID, r.PostForm)
	if _, err := s.db.CreateRoom(r.Context(), actor(r), in); err != nil {
		s.formError(w, r, "room_form", &Page{Title: "Nova sala",
			Data: s.newRoomData(u)}, err)
		return
	}
	s.redirect(w, r, "/units", clinic.NormalizeName(in.Name)+
		" cadastrada em "+u.Name+".")
}

func (s *Server) editRoomData(room sqlite.Room) roomFormData {
	return roomFormData{UnitID: room.UnitID, UnitName: room.UnitName,
		RoomID: room.ID, Action: "/rooms/" + strconv.FormatInt(room.ID, 10),
		Days: roomFormDays()}
}

func (s *Server) roomEditForm(w http.ResponseWriter, r *http.Request) {
	room, err := s.db.Room(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "room_form", &Page{Title: "Editar sala",
		Form: roomForm(room.Name, room.Color, room.Active, room.Hours),
		Data: s.editRoomData(room)})
}

func (s *Server) roomUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	room, err := s.db.Room(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := roomInput(room.UnitID, r.PostForm)
	if err := s.db.UpdateRoom(r.Context(), actor(r), room.ID, in); err != nil {
		s.formError(w, r, "room_form", &Page{Title: "Editar sala",
			Data: s.editRoomData(room)}, err)
		return
	}
	s.redirect(w, r, "/units", "Sala salva.")
}
