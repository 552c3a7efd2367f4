package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// Size is the scale of a demo clinic.
type Size struct {
	Name           string
	Units          int
	RoomsPerUnit   int
	Psychologists  int
	Patients       int
	Years          int
	MeanStayWeeks  int // how long a patient stays in therapy, on average
	OneOffPerMonth int // avulsa and emergency sessions booked per month
}

// The two sizes. Large aims at about 450,000 sessions over five years;
// the real count depends on how many series find a free slot.
var (
	Small = Size{Name: "small", Units: 2, RoomsPerUnit: 4, Psychologists: 12,
		Patients: 400, Years: 2, MeanStayWeeks: 40, OneOffPerMonth: 6}
	Large = Size{Name: "large", Units: 5, RoomsPerUnit: 8, Psychologists: 60,
		Patients: 6000, Years: 5, MeanStayWeeks: 95, OneOffPerMonth: 30}
)

// SizeByName returns the size called name ("small" or "large").
func SizeByName(name string) (Size, error) {
	switch name {
	case "small", "":
		return Small, nil
	case "large":
		return Large, nil
	}
	return Size{}, fmt.Errorf("demo: unknown size %q: use small or large", name)
}

// Options selects the clinic to generate.
type Options struct {
	Size Size
	Seed uint64
	// Password is every demo account's password.
	Password string
	// Now is the generation instant; the clinic's history ends on its
	// local date and its future runs 12 weeks past it.
	Now      time.Time
	Location *time.Location
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Result counts what the generator wrote.
type Result struct {
	Units, Rooms, Psychologists, Patients int
	Series, Sessions, Charges, Payments   int
	Expenses, Deleted, Restored           int
	Usernames                             []string
}

// generator carries the state of one run.
type generator struct {
	db    *sqlite.DB
	opt   Options
	f     *faker
	who   clinic.Actor
	today clinic.Date
	start clinic.Date
	now   string // local wall time YYYY-MM-DDTHH:MM
	hol   *clinic.HolidayCalendar
	occ   occupancy
	log   io.Writer
	res   Result

	units []int64
	rooms map[int64][]int64 // by unit
	psys  []demoPsychologist

	patients []demoPatient

	usedNames map[string]bool

	// clock is the instant the store sees as now. The generator books
	// the clinic's history in date order with the clock set to each
	// booking's day, so every rule that depends on today (a series starts
	// today or later, say) holds as it did for a receptionist then.
	clock time.Time
}

// setClock moves the store's clock to 07:00 of day d in the clinic's zone,
// or to the generation instant when that is earlier: a booking for a day
// still ahead is made today, so no record says it was written in the
// future.
func (g *generator) setClock(d clinic.Date) {
	g.clock = d.At(clinic.ClockOf(7, 0), g.opt.Location)
	if g.clock.After(g.opt.Now) {
		g.clock = g.opt.Now
	}
}

// resetClock moves the store's clock back to the generation instant.
func (g *generator) resetClock() {
	g.clock = g.opt.Now
}

type demoPsychologist struct {
	id      int64
	name    string
	unitID  int64
	days    []time.Weekday
	minutes int
}

// Generate fills db, which must be a new database that has not been set
// up, with a fictional clinic. Every write goes through the store's own
// methods, so the clinic obeys the same rules as one typed in by hand: no
// double bookings, one charge per confirmed session.
func Generate(ctx context.Context, db *sqlite.DB, opt Options) (Result, error) {
	if ok, err := db.IsSetUp(ctx); err != nil {
		return Result{}, err
	} else if ok {
		return Result{}, fmt.Errorf("demo: the database already has a clinic; " +
			"the demo fills only a new, empty data folder")
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	local := opt.Now.In(opt.Location)
	g := &generator{
		db:    db,
		opt:   opt,
		f:     newFaker(opt.Seed),
		today: clinic.DateOf(local),
		now:   local.Format("2006-01-02T15:04"),
		occ:   occupancy{},
		log:   opt.Log,
		rooms: map[int64][]int64{},

		usedNames: map[string]bool{},
	}
	g.clock = opt.Now
	db.Now = func() time.Time { return g.clock }
	g.start = clinic.Date{Year: g.today.Year - opt.Size.Years, Month: g.today.Month, Day: 1}
	g.hol = clinic.NewHolidayCalendar(nil, g.start.Year, g.today.Year+1)

	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"accounts", g.accounts},
		{"units and rooms", g.unitsAndRooms},
		{"psychologists", g.psychologists},
		{"patients and series", g.patientsAndSeries},
		{"one-off sessions", g.oneOffSessions},
		{"vacations", g.vacations},
		{"attendance", g.attendance},
		{"payments", g.payments},
		{"expenses", g.expenses},
		{"deleted patients", g.deletions},
	}
	for _, s := range steps {
		began := time.Now()
		if err := s.fn(ctx); err != nil {
			return g.res, fmt.Errorf("demo: %s: %w", s.name, err)
		}
		fmt.Fprintf(g.log, "demo: %s done in %s\n", s.name, time.Since(began).Round(time.Millisecond))
	}
	return g.res, nil
}

func (g *generator) accounts(ctx context.Context) error {
	id, err := g.db.Setup(ctx, "Clínica Demonstração", sqlite.NewUser{
		Username: "admin", DisplayName: "Administração", Password: g.opt.Password})
	if err != nil {
		return err
	}
	g.who = clinic.Actor{UserID: id, Username: "admin", Role: clinic.RoleAdmin}
	_, err = g.db.CreateUser(ctx, g.who, sqlite.NewUser{Username: "recepcao",
		DisplayName: "Recepção", Password: g.opt.Password, Role: clinic.RoleReception})
	g.res.Usernames = append(g.res.Usernames, "admin", "recepcao")
	return err
}

var unitNames = []string{"Centro", "Jardins", "Vila Mariana", "Moema", "Pinheiros", "Santana", "Tatuapé"}

func (g *generator) unitsAndRooms(ctx context.Context) error {
	for u := 0; u < g.opt.Size.Units; u++ {
		id, err := g.db.CreateUnit(ctx, g.who, sqlite.UnitInput{
			Name:    "Unidade " + unitNames[u%len(unitNames)],
			Address: fmt.Sprintf("Rua %s, %d", g.f.pick(surnames), 100+g.f.r.IntN(1900)),
			CEP:     fmt.Sprintf("0%04d-%03d", 1000+g.f.r.IntN(8999), g.f.r.IntN(1000)),
			Active:  true,
		})
		if err != nil {
			return err
		}
		g.units = append(g.units, id)
		g.res.Units++

		var hours [7]sqlite.DayHours
		for w := time.Monday; w <= time.Friday; w++ {
			hours[w] = sqlite.DayHours{Opens: "07:00", Closes: "21:00"}
		}
		hours[time.Saturday] = sqlite.DayHours{Opens: "08:00", Closes: "13:00"}
		for r := 0; r < g.opt.Size.RoomsPerUnit; r++ {
			rid, err := g.db.CreateRoom(ctx, g.who, sqlite.RoomInput{UnitID: id,
				Name: fmt.Sprintf("Sala %d", r+1), Color: colours[r%len(colours)],
				Active: true, Hours: hours})
			if err != nil {
				return err
			}
			g.rooms[id] = append(g.rooms[id], rid)
			g.res.Rooms++
		}
	}
	return nil
}

// workHours are the ranges a demo psychologist takes sessions in on each
// working day; sessions start on the hour.
var workHours = [][2]string{{"08:00", "12:00"}, {"13:00", "20:00"}}

func (g *generator) psychologists(ctx context.Context) error {
	specs, err := g.db.CatalogueItems(ctx, sqlite.Specialties)
	if err != nil {
		return err
	}
	auds, err := g.db.CatalogueItems(ctx, sqlite.Audiences)
	if err != nil {
		return err
	}
	for i := 0; i < g.opt.Size.Psychologists; i++ {
		female := g.f.chance(0.8)
		name := g.f.personName(female)
		title := "Dr. "
		if female {
			title = "Dra. "
		}
		username := "psi." + usernameOf(name)
		for n := 2; g.usedNames[username]; n++ {
			username = fmt.Sprintf("psi.%s%d", usernameOf(name), n)
		}
		g.usedNames[username] = true
		unitID := g.units[i%len(g.units)]
		in := sqlite.PsychologistInput{
			Name:           title + name,
			CRP:            fmt.Sprintf("06/%06d", 10000+g.f.r.IntN(989999)),
			CPF:            g.f.cpf(),
			Email:          username + "@exemplo.com.br",
			Phone:          g.f.mobile(),
			Color:          colours[i%len(colours)],
			Approach:       g.f.pick(approaches),
			SessionMinutes: "50",
			PayoutShare:    []string{"50", "55", "60", "62,5", "65", "70"}[g.f.r.IntN(6)],
			Active:         true,
			UnitIDs:        []int64{unitID},
			Username:       username,
			Password:       g.opt.Password,
		}
		for _, s := range specs {
			if g.f.chance(0.3) {
				in.SpecialtyIDs = append(in.SpecialtyIDs, s.ID)
			}
		}
		for _, a := range auds {
			if g.f.chance(0.45) {
				in.AudienceIDs = append(in.AudienceIDs, a.ID)
			}
		}
		id, err := g.db.CreatePsychologist(ctx, g.who, in)
		if err != nil {
			return fmt.Errorf("psychologist %s: %w", name, err)
		}
		g.res.Psychologists++
		g.res.Usernames = append(g.res.Usernames, username)

		// Four working days a week, Monday to Friday, one of them off.
		off := time.Weekday(1 + g.f.r.IntN(5))
		p := demoPsychologist{id: id, name: title + name, unitID: unitID, minutes: 50}
		for w := time.Monday; w <= time.Friday; w++ {
			if w == off {
				continue
			}
			p.days = append(p.days, w)
			for _, h := range workHours {
				_, err := g.db.AddWeeklyHours(ctx, g.who, id, sqlite.WeeklyHours{
					Weekday: w, Starts: h[0], Ends: h[1], UnitID: unitID})
				if err != nil {
					return fmt.Errorf("hours of %s: %w", name, err)
				}
			}
		}
		g.psys = append(g.psys, p)
	}
	return g.keepDemoPasswords(ctx)
}

// keepDemoPasswords signs each psychologist's account in once to set the
// demo password as her own, because accounts someone else creates must
// change their password at the first login, which would stop anyone
// trying the demo at a password form.
func (g *generator) keepDemoPasswords(ctx context.Context) error {
	users, err := g.db.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if !u.MustChangePassword {
			continue
		}
		self := clinic.Actor{UserID: u.ID, Username: u.Username, Role: u.Role,
			PsychologistID: u.PsychologistID}
		if err := g.db.SetPassword(ctx, self, u.ID, g.opt.Password, g.opt.Password); err != nil {
			return fmt.Errorf("password of %s: %w", u.Username, err)
		}
	}
	return nil
}

// usernameOf turns "Ana Souza Lima" into "ana.lima": folded, first and
// last names.
func usernameOf(name string) string {
	parts := strings.Fields(clinic.Fold(name))
	return parts[0] + "." + parts[len(parts)-1]
}
