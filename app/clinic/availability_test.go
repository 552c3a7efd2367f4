package clinic

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// testRules is a psychologist who works Monday mornings and afternoons
// and Saturday mornings, in a room open 08:00-20:00 on weekdays and
// 08:00-12:00 on Saturdays.
func testRules() AvailabilityRules {
	open := map[time.Weekday]Interval{time.Saturday: iv("08:00", "12:00")}
	for w := time.Monday; w <= time.Friday; w++ {
		open[w] = iv("08:00", "20:00")
	}
	return AvailabilityRules{
		Psychologist: "Dra. Ana",
		Weekly: []WeeklyRange{
			{time.Monday, iv("08:00", "12:00")},
			{time.Monday, iv("14:00", "18:00")},
			{time.Monday, iv("18:00", "19:00")},
			{time.Saturday, iv("08:00", "13:00")},
		},
		Extra:  []ExtraDate{{MustDate("2026-12-09"), iv("09:00", "11:00")}},
		Blocks: []Block{{MustDate("2027-01-10"), MustDate("2027-01-24"), "férias"}, {MustDate("2026-12-14"), MustDate("2026-12-14"), "Congresso"}},
		Room:   &RoomHours{Name: "Sala 2", Open: open},
		ClinicClosed: []ClosedDate{
			{MustDate("2026-12-21"), "recesso de fim de ano"},
		},
		Holidays: NewHolidayCalendar(nil, 2026, 2027),
	}
}

func TestCheckAvailability(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*AvailabilityRules)
		date    string
		session Interval
		want    []Problem
	}{
		{"fits morning", nil, "2026-12-07", iv("08:00", "08:50"), nil},
		{"ends at range end", nil, "2026-12-07", iv("11:10", "12:00"), nil},
		{"spans touching ranges", nil, "2026-12-07", iv("17:30", "18:20"), nil},
		{"lunch gap", nil, "2026-12-07", iv("11:30", "12:20"), []Problem{{
			ProblemOutsideAvailability,
			"Dra. Ana atende às segundas-feiras das 08:00 às 12:00 e das 14:00 às 19:00; a sessão seria das 11:30 às 12:20.", false}}},
		{"day off", nil, "2026-12-08", iv("09:00", "09:50"), []Problem{{
			ProblemOutsideAvailability, "Dra. Ana não atende às terças-feiras.", false}}},
		{"extra date", nil, "2026-12-09", iv("09:00", "09:50"), nil},
		{"extra date late", nil, "2026-12-09", iv("10:30", "11:20"), []Problem{{
			ProblemOutsideAvailability,
			"Dra. Ana atende em 09/12/2026 das 09:00 às 11:00; a sessão seria das 10:30 às 11:20.", false}}},
		{"saturday closing", nil, "2026-12-12", iv("11:30", "12:20"), []Problem{{
			ProblemAfterClosing, "A Sala 2 fecha às 12:00 aos sábados; a sessão terminaria às 12:20.", false}}},
		{"saturday opening", nil, "2026-12-12", iv("07:30", "08:20"), []Problem{
			{ProblemBeforeOpening, "A Sala 2 abre às 08:00 aos sábados; a sessão começaria às 07:30.", false},
			{ProblemOutsideAvailability, "Dra. Ana atende aos sábados das 08:00 às 13:00; a sessão seria das 07:30 às 08:20.", false}}},
		{"room closed sunday", nil, "2026-12-13", iv("09:00", "09:50"), []Problem{
			{ProblemRoomClosed, "A Sala 2 não abre aos domingos.", false},
			{ProblemOutsideAvailability, "Dra. Ana não atende aos domingos.", false}}},
		{"online sunday", func(r *AvailabilityRules) { r.Room = nil }, "2026-12-13", iv("09:00", "09:50"), []Problem{
			{ProblemOutsideAvailability, "Dra. Ana não atende aos domingos.", false}}},
		{"unnamed room", func(r *AvailabilityRules) { r.Room.Name = "" }, "2026-12-12", iv("11:30", "12:20"), []Problem{{
			ProblemAfterClosing, "A sala fecha às 12:00 aos sábados; a sessão terminaria às 12:20.", false}}},
		{"named room", func(r *AvailabilityRules) { r.Room.Name = "Azul" }, "2026-12-12", iv("11:30", "12:20"), []Problem{{
			ProblemAfterClosing, "A sala Azul fecha às 12:00 aos sábados; a sessão terminaria às 12:20.", false}}},
		{"vacation", nil, "2027-01-11", iv("09:00", "09:50"), []Problem{{
			ProblemBlocked, "Dra. Ana está de férias de 10/01/2027 a 24/01/2027.", false}}},
		{"vacation last day", func(r *AvailabilityRules) { r.Weekly, r.Extra = nil, nil }, "2027-01-24", iv("09:00", "09:50"), []Problem{
			{ProblemBlocked, "Dra. Ana está de férias de 10/01/2027 a 24/01/2027.", false},
			{ProblemRoomClosed, "A Sala 2 não abre aos domingos.", false}}},
		{"after vacation", nil, "2027-01-25", iv("09:00", "09:50"), nil},
		{"one day block", nil, "2026-12-14", iv("09:00", "09:50"), []Problem{{
			ProblemBlocked, "A agenda de Dra. Ana está bloqueada em 14/12/2026 (congresso).", false}}},
		{"clinic closed", nil, "2026-12-21", iv("09:00", "09:50"), []Problem{{
			ProblemClinicClosed, "A clínica está fechada em 21/12/2026 (recesso de fim de ano).", false}}},
		{"holiday", nil, "2026-12-25", iv("09:00", "09:50"), []Problem{
			{ProblemHoliday, "25/12/2026 é feriado (Natal).", false},
			{ProblemOutsideAvailability, "Dra. Ana não atende às sextas-feiras.", false}}},
		{"carnaval", nil, "2027-02-08", iv("09:00", "09:50"), []Problem{{
			ProblemHoliday, "08/02/2027 é ponto facultativo (Carnaval).", false}}},
		{"carnaval open", func(r *AvailabilityRules) { r.OpenOnOptionalHolidays = true }, "2027-02-08", iv("09:00", "09:50"), []Problem{{
			ProblemHoliday, "08/02/2027 é ponto facultativo (Carnaval).", true}}},
		{"no hours set", func(r *AvailabilityRules) { r.Weekly, r.Extra = nil, nil }, "2026-12-08", iv("09:00", "09:50"), nil},
		{"no name", func(r *AvailabilityRules) { r.Psychologist = "" }, "2026-12-08", iv("09:00", "09:50"), []Problem{{
			ProblemOutsideAvailability, "A psicóloga não atende às terças-feiras.", false}}},
		{"ends before start", nil, "2026-12-07", iv("09:00", "08:00"), []Problem{{
			ProblemInvalidTime, "O horário 09:00-08:00 não é válido: a sessão precisa terminar depois de começar, no mesmo dia.", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := testRules()
			if tt.edit != nil {
				tt.edit(&rules)
			}
			got := CheckAvailability(rules, MustDate(tt.date), tt.session)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems %+v, want %+v", len(got), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("problem %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestBlockMessages(t *testing.T) {
	tests := []struct {
		reason string
		want   string
	}{
		{"Férias", "Dra. Ana está de férias de 01/02/2027 a 05/02/2027."},
		{"licença-maternidade", "Dra. Ana está de licença-maternidade de 01/02/2027 a 05/02/2027."},
		{"", "A agenda de Dra. Ana está bloqueada de 01/02/2027 a 05/02/2027."},
		{"Curso em Curitiba", "A agenda de Dra. Ana está bloqueada de 01/02/2027 a 05/02/2027 (curso em Curitiba)."},
	}
	rules := AvailabilityRules{Psychologist: "Dra. Ana"}
	for _, tt := range tests {
		b := Block{From: MustDate("2027-02-01"), To: MustDate("2027-02-05"), Reason: tt.reason}
		if got := rules.blockMessage(b); got != tt.want {
			t.Errorf("blockMessage(%q) = %q, want %q", tt.reason, got, tt.want)
		}
	}
}

// TestBookableAgreesWithCheck checks, for every 10-minute start on many
// days, that a session has no blocking problem exactly when it fits in
// one of BookableIntervals.
func TestBookableAgreesWithCheck(t *testing.T) {
	for _, openOnOptional := range []bool{false, true} {
		rules := testRules()
		rules.OpenOnOptionalHolidays = openOnOptional
		for d := MustDate("2026-12-01"); d.Before(MustDate("2027-03-01")); d = d.AddDays(1) {
			bookable := rules.BookableIntervals(d)
			for start := Clock(0); start < EndOfDay; start += 10 {
				session := Interval{Start: start, End: start + 50}
				blocking := false
				for _, p := range CheckAvailability(rules, d, session) {
					blocking = blocking || !p.Warning
				}
				fits := false
				for _, b := range bookable {
					fits = fits || b.Contains(session)
				}
				if fits == blocking {
					t.Fatalf("%v %v: fits bookable %v = %v, but blocking problems = %v",
						d, session, bookable, fits, blocking)
				}
			}
		}
	}
}

func TestBookableIntervals(t *testing.T) {
	tests := []struct {
		name string
		edit func(*AvailabilityRules)
		date string
		want string
	}{
		{"monday", nil, "2026-12-07", "[08:00-12:00 14:00-19:00]"},
		{"saturday room", nil, "2026-12-12", "[08:00-12:00]"},
		{"online saturday", func(r *AvailabilityRules) { r.Room = nil }, "2026-12-12", "[08:00-13:00]"},
		{"no hours", func(r *AvailabilityRules) { r.Weekly, r.Extra = nil, nil }, "2026-12-08", "[08:00-20:00]"},
		{"holiday", nil, "2026-12-25", "[]"},
		{"vacation", nil, "2027-01-11", "[]"},
		{"carnaval", nil, "2027-02-08", "[]"},
		{"carnaval open", func(r *AvailabilityRules) { r.OpenOnOptionalHolidays = true }, "2027-02-08", "[08:00-12:00 14:00-19:00]"},
	}
	for _, tt := range tests {
		rules := testRules()
		if tt.edit != nil {
			tt.edit(&rules)
		}
		if got := joinIntervals(rules.BookableIntervals(MustDate(tt.date))); got != tt.want {
			t.Errorf("%s: BookableIntervals = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestFreeSlots(t *testing.T) {
	available := []Interval{iv("08:00", "12:00"), iv("14:00", "18:00")}
	busy := []Interval{iv("09:00", "09:50"), iv("14:30", "15:20"), iv("17:00", "19:00")}
	tests := []struct {
		name          string
		minutes, step int
		want          string
	}{
		{"back to back", 50, 0, "[08:00-08:50 09:50-10:40 10:40-11:30 15:20-16:10 16:10-17:00]"},
		{"every 30", 50, 30, "[08:00-08:50 09:50-10:40 10:20-11:10 10:50-11:40 15:20-16:10 15:50-16:40]"},
		{"short", 30, 0, "[08:00-08:30 08:30-09:00 09:50-10:20 10:20-10:50 10:50-11:20 11:20-11:50 14:00-14:30 15:20-15:50 15:50-16:20 16:20-16:50]"},
		{"too long", 180, 0, "[]"},
		{"zero length", 0, 10, "[]"},
	}
	for _, tt := range tests {
		got := joinIntervals(FreeSlots(available, busy, tt.minutes, tt.step))
		if got != tt.want {
			t.Errorf("%s: FreeSlots = %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestFreeSlotsClipsDay(t *testing.T) {
	available := []Interval{{Start: ClockOf(22, 0), End: ClockOf(25, 0)}}
	got := joinIntervals(FreeSlots(available, nil, 60, 0))
	if want := "[22:00-23:00 23:00-24:00]"; got != want {
		t.Errorf("FreeSlots = %s, want %s", got, want)
	}
}

// TestFreeSlotsRandom checks minute by minute that each slot is free and
// available, and that no free gap long enough for a session is missed.
func TestFreeSlotsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for n := 0; n < 2000; n++ {
		available, busy := randomIntervals(rng), randomIntervals(rng)
		minutes := 30 + rng.IntN(4)*10
		slots := FreeSlots(available, busy, minutes, 10)
		availableMinutes, busyMinutes := minuteSet(available), minuteSet(busy)
		covered := minuteSet(slots)
		for _, s := range slots {
			if s.Minutes() != minutes {
				t.Fatalf("slot %v is not %d minutes", s, minutes)
			}
			for m := s.Start; m < s.End; m++ {
				if !availableMinutes[m] || busyMinutes[m] {
					t.Fatalf("slot %v uses minute %v: available %v busy %v", s, m, available, busy)
				}
			}
		}
		for _, gap := range SubtractIntervals(available, busy) {
			if gap.Minutes() >= minutes && !covered[gap.Start] {
				t.Fatalf("gap %v has no slot: available %v busy %v", gap, available, busy)
			}
		}
	}
}

func TestSpanList(t *testing.T) {
	tests := []struct {
		hours []Interval
		want  string
	}{
		{[]Interval{iv("08:00", "12:00")}, "das 08:00 às 12:00"},
		{[]Interval{iv("08:00", "10:00"), iv("11:00", "12:00"), iv("14:00", "18:00")},
			"das 08:00 às 10:00, das 11:00 às 12:00 e das 14:00 às 18:00"},
	}
	for _, tt := range tests {
		if got := spanList(tt.hours); got != tt.want {
			t.Errorf("spanList = %q, want %q", got, tt.want)
		}
		if strings.Contains(tt.want, "  ") {
			t.Errorf("double space in %q", tt.want)
		}
	}
}
