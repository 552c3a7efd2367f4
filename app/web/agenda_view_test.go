package web

import (
	"slices"
	"testing"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

func agendaFixtureSpan(id int64, start, end string) sqlite.AgendaSession {
	return sqlite.AgendaSession{ID: id, Date: clinic.MustDate("2026-12-04"),
		Start: clinic.MustClock(start), End: clinic.MustClock(end), Status: "scheduled",
		RoomID: 1, PsychologistID: id, PatientID: id}
}

func TestAgendaLanes(t *testing.T) {
	tests := []struct {
		name          string
		list          []sqlite.AgendaSession
		lanes, widths []int
	}{
		{"back to back", []sqlite.AgendaSession{agendaFixtureSpan(1, "08:00", "08:50"),
			agendaFixtureSpan(2, "08:50", "09:40")}, []int{0, 0}, []int{1, 1}},
		{"overlap", []sqlite.AgendaSession{agendaFixtureSpan(1, "14:00", "14:50"),
			agendaFixtureSpan(2, "14:30", "15:20")}, []int{0, 1}, []int{2, 2}},
		{"lane reused", []sqlite.AgendaSession{agendaFixtureSpan(1, "14:00", "16:00"),
			agendaFixtureSpan(2, "14:00", "14:50"), agendaFixtureSpan(3, "15:00", "15:50"),
			agendaFixtureSpan(4, "17:00", "17:50")}, []int{0, 1, 1, 0}, []int{2, 2, 2, 1}},
		{"three at once", []sqlite.AgendaSession{agendaFixtureSpan(1, "10:00", "11:00"),
			agendaFixtureSpan(2, "10:10", "11:00"), agendaFixtureSpan(3, "10:20", "11:00")},
			[]int{0, 1, 2}, []int{3, 3, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lanes, widths := agendaLanes(tt.list)
			if !slices.Equal(lanes, tt.lanes) {
				t.Errorf("lanes = %v, want %v", lanes, tt.lanes)
			}
			if !slices.Equal(widths, tt.widths) {
				t.Errorf("widths = %v, want %v", widths, tt.widths)
			}
		})
	}
}

func TestAgendaConflicts(t *testing.T) {
	a := agendaFixtureSpan(1, "14:00", "14:50")
	b := agendaFixtureSpan(2, "14:30", "15:20") // same room as a
	c := agendaFixtureSpan(3, "14:50", "15:40")
	c.RoomID = 2 // touches b only at 14:50, in another room
	d := agendaFixtureSpan(4, "14:00", "14:50")
	d.RoomID, d.Status = 1, "cancelled_patient"
	e := agendaFixtureSpan(5, "16:00", "16:50")
	e.RoomID, e.PatientID = 3, 3 // c's patient, later
	f := agendaFixtureSpan(6, "15:00", "15:30")
	f.RoomID, f.PatientID = 4, 3 // c's patient, at the same time
	got := agendaConflicts([]sqlite.AgendaSession{a, b, c, d, e, f})
	want := map[int64]bool{1: true, 2: true, 3: true, 6: true}
	for id := int64(1); id <= 6; id++ {
		if got[id] != want[id] {
			t.Errorf("session %d: conflict = %v, want %v", id, got[id], want[id])
		}
	}
}

func TestAgendaTextHelpers(t *testing.T) {
	tests := []struct{ name, got, want string }{
		// 0x0d·0.16 + 255·0.84 = 216.3, so the red channel is 0xd8.
		{"tint", agendaTint("#0d6efd", 0.16), "#d8e8ff"},
		{"bad colour", agendaColorStyle("red;background:url(x)"), "--ag-color:#6c757d;--ag-tint:#e7e9ea;"},
		{"same month", agendaRangeTitle(clinic.MustDate("2026-12-07"), clinic.MustDate("2026-12-13")), "7 a 13 de dezembro de 2026"},
		{"two months", agendaRangeTitle(clinic.MustDate("2026-11-30"), clinic.MustDate("2026-12-06")), "30 de novembro a 6 de dezembro de 2026"},
		{"two years", agendaRangeTitle(clinic.MustDate("2026-12-28"), clinic.MustDate("2027-01-03")), "28 de dezembro de 2026 a 3 de janeiro de 2027"},
		{"long date", agendaLongDate(clinic.MustDate("2026-12-04")), "sexta-feira, 4 de dezembro de 2026"},
		{"short date", agendaShortDate(clinic.MustDate("2026-12-05")), "sáb 05/12"},
		{"short name", agendaShortName("Maria Eduarda  Souza"), "Maria Souza"},
		{"title case", agendaTitleCase("segunda-feira"), "Segunda-feira"},
		{"week start", agendaWeekStart(clinic.MustDate("2026-12-06")).String(), "2026-11-30"},
		{"new session", agendaNewSessionURL("date", "2026-12-04", "room_id", "0", "time", "14:00"), "/sessions/new?date=2026-12-04&time=14%3A00"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
