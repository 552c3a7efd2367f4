package demo

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// demoPatient is a generated patient and the stay in therapy the
// generator plans for them.
type demoPatient struct {
	id     int64
	name   string
	cpf    string
	minor  bool
	guard  string
	gcpf   string
	first  clinic.Date // first session on or after this date
	last   clinic.Date // zero: still in therapy
	weekly bool
	online bool
	psy    int // index into generator.psys
}

// clockStepDays is how far the store's clock moves at a time while the
// generator books the clinic's history.
const clockStepDays = 28

// planPatients draws every patient's stay: a start spread over the
// clinic's history and a length drawn around the size's mean stay.
func (g *generator) planPatients() []demoPatient {
	days := g.start.DaysUntil(g.today)
	out := make([]demoPatient, g.opt.Size.Patients)
	for i := range out {
		p := &out[i]
		p.first = g.start.AddDays(g.f.r.IntN(days))
		stay := int(g.f.r.ExpFloat64()*float64(g.opt.Size.MeanStayWeeks)) + 6
		end := p.first.AddDays(7 * stay)
		if end.Before(g.today) {
			p.last = end
		}
		p.weekly = g.f.chance(0.65)
		p.online = g.f.chance(0.12)
		p.psy = g.f.r.IntN(len(g.psys))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].first.Before(out[j].first) })
	return out
}

func (g *generator) patientsAndSeries(ctx context.Context) error {
	plan := g.planPatients()
	for i := range plan {
		p := &plan[i]
		// The store's clock advances in four-week steps, to the start of
		// the step holding this patient's first session. Each advance
		// writes every running series' rows up to the new horizon, so
		// fewer, larger steps keep the large clinic to minutes.
		step := g.start.DaysUntil(p.first) / clockStepDays * clockStepDays
		g.setClock(g.start.AddDays(step))
		if err := g.createPatient(ctx, p); err != nil {
			return err
		}
		if err := g.bookSeries(ctx, p); err != nil {
			return err
		}
		if (i+1)%500 == 0 {
			fmt.Fprintf(g.log, "demo: %d of %d patients, %d series\n", i+1, len(plan), g.res.Series)
		}
	}
	g.patients = plan
	g.resetClock()
	return g.db.EnsureHorizon(ctx, "")
}

func (g *generator) createPatient(ctx context.Context, p *demoPatient) error {
	female := g.f.chance(0.62)
	p.name = g.f.personName(female)
	p.minor = g.f.chance(0.18)
	birth := g.f.birthDate(p.first.String(), 19, 78)
	if p.minor {
		birth = g.f.birthDate(p.first.String(), 5, 16)
	}
	in := sqlite.PatientInput{
		Name:            p.name,
		BirthDate:       birth,
		Phone:           g.f.mobile(),
		Email:           fmt.Sprintf("%s%d@exemplo.com.br", usernameOf(p.name), g.f.r.IntN(100)),
		Price:           clinic.FormatMoney(g.f.price()),
		Frequency:       "weekly",
		PsychologistID:  fmt.Sprint(g.psys[p.psy].id),
		ConsentMessages: g.f.chance(0.7),
	}
	if !p.weekly {
		in.Frequency = "biweekly"
	}
	if !p.minor || g.f.chance(0.5) {
		p.cpf = g.f.cpf()
		in.CPF = p.cpf
	}
	if p.minor {
		p.guard = g.f.personName(g.f.chance(0.7))
		p.gcpf = g.f.cpf()
		in.GuardianName, in.GuardianCPF, in.GuardianPhone = p.guard, p.gcpf, g.f.mobile()
	}
	if g.f.chance(0.02) {
		in.SocialName = g.f.pick(socialNames) + " " + g.f.pick(surnames)
	}
	if g.f.chance(0.1) {
		in.Notes = g.f.pick([]string{"Prefere horários no fim da tarde.",
			"Encaminhado(a) pelo clínico geral.", "Convênio em análise; cobra particular.",
			"Avisar a responsável sobre faltas."})
	}
	id, err := g.db.CreatePatient(ctx, g.who, in)
	if err != nil {
		return fmt.Errorf("patient %s: %w%s", p.name, err, fieldText(err))
	}
	p.id = id
	g.res.Patients++
	return nil
}

// bookSeries finds a weekly hour where the patient's psychologist and a
// room are free over the whole stay and books it. A patient for whom no
// hour is free stays on the waiting list, as in a real clinic.
func (g *generator) bookSeries(ctx context.Context, p *demoPatient) error {
	for try := 0; try < 40; try++ {
		psy := &g.psys[p.psy]
		if try > 0 && try%10 == 0 {
			p.psy = g.f.r.IntN(len(g.psys)) // this one is full: try another
			continue
		}
		weekday := psy.days[g.f.r.IntN(len(psy.days))]
		hour := []int{8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19}[g.f.r.IntN(11)]
		first, _ := sqlite.AnchorOn(p.first.String(), weekday)
		firstDate := clinic.MustDate(first)
		b := booking{from: dayNumber(firstDate), to: openEnd, biweekly: !p.weekly,
			parity: weekParity(dayNumber(firstDate))}
		if !p.last.IsZero() {
			if p.last.Before(firstDate) {
				p.last = firstDate.AddDays(7)
			}
			b.to = dayNumber(p.last)
		}
		pk := slotKey{'p', psy.id, int(weekday), hour}
		if !g.occ.free(pk, b) {
			continue
		}
		var roomID int64
		var rk slotKey
		if !p.online {
			for _, r := range g.rooms[psy.unitID] {
				k := slotKey{'r', r, int(weekday), hour}
				if g.occ.free(k, b) {
					roomID, rk = r, k
					break
				}
			}
			if roomID == 0 {
				continue
			}
		}

		n := sqlite.NewSeries{PatientID: p.id, PsychologistID: psy.id, RoomID: roomID,
			Modality: sqlite.ModalityInPerson, FirstDate: first,
			Start: fmt.Sprintf("%02d:00", hour), Minutes: psy.minutes,
			Frequency: clinic.Weekly}
		if p.online {
			n.Modality = sqlite.ModalityOnline
		}
		if !p.weekly {
			n.Frequency = clinic.Biweekly
		}
		if !p.last.IsZero() {
			n.EndDate = p.last.String()
		}
		booked, err := g.db.CreateSeries(ctx, g.who, n)
		if clinic.ErrorCode(err) == clinic.ErrConflict {
			// The store saw a clash the model missed (a one-off session,
			// say): mark the hour taken and look again.
			g.occ.add(pk, b)
			continue
		}
		if err != nil {
			return fmt.Errorf("series of %s: %w%s", p.name, err, fieldText(err))
		}
		g.occ.add(pk, b)
		if roomID != 0 {
			g.occ.add(rk, b)
		}
		g.res.Series++
		g.res.Sessions += booked.Sessions
		return nil
	}
	return nil
}

// oneOffSessions books avulsa and emergency sessions on free hours, a few
// a month, through the same conflict checks as the booking form.
func (g *generator) oneOffSessions(ctx context.Context) error {
	months := 12 * g.opt.Size.Years
	for m := 0; m < months*g.opt.Size.OneOffPerMonth; m++ {
		p := g.patients[g.f.r.IntN(len(g.patients))]
		if p.id == 0 {
			continue
		}
		psy := g.psys[p.psy]
		d := g.start.AddDays(g.f.r.IntN(g.start.DaysUntil(g.today.AddDays(70))))
		if !contains(psy.days, d.Weekday()) {
			continue
		}
		if _, ok := g.hol.Lookup(d); ok {
			continue
		}
		kind := sqlite.KindOneOff
		if g.f.chance(0.3) {
			kind = sqlite.KindEmergency
		}
		n := sqlite.NewSession{PatientID: p.id, PsychologistID: psy.id,
			Modality: sqlite.ModalityOnline, Kind: kind, Date: d.String(),
			Start: fmt.Sprintf("%02d:00", []int{8, 11, 13, 19}[g.f.r.IntN(4)]), Minutes: 50}
		g.setClock(d)
		b, err := g.db.CreateSession(ctx, g.who, n)
		g.resetClock()
		if code := clinic.ErrorCode(err); code == clinic.ErrConflict || code == clinic.ErrInvalid {
			continue
		}
		if err != nil {
			return err
		}
		g.res.Sessions += b.Sessions
	}
	return nil
}

func contains(days []time.Weekday, w time.Weekday) bool {
	for _, d := range days {
		if d == w {
			return true
		}
	}
	return false
}

// vacations blocks two weeks of January for every psychologist each year
// and cancels the sessions that fall inside, as the clinic would.
func (g *generator) vacations(ctx context.Context) error {
	for y := g.start.Year + 1; y <= g.today.Year+1; y++ {
		for i, psy := range g.psys {
			from := clinic.Date{Year: y, Month: time.January, Day: 2 + 7*(i%3)}
			to := from.AddDays(13)
			if from.After(g.today.AddDays(80)) {
				continue
			}
			g.setClock(from.AddDays(-30))
			_, inside, err := g.db.AddBlock(ctx, g.who, sqlite.NewBlock{PsychologistID: psy.id,
				StartsOn: from.String(), EndsOn: to.String(), Reason: "Férias"})
			if err != nil {
				return fmt.Errorf("vacation of %s: %w", psy.name, err)
			}
			var ids []int64
			for _, s := range inside {
				ids = append(ids, s.ID)
			}
			g.resetClock()
			if len(ids) > 0 {
				if _, err := g.db.CancelSessions(ctx, g.who, ids, sqlite.StatusCancelledClinic, "Férias da psicóloga"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// fieldText returns the per-field messages of a *clinic.Error, so a
// generator failure says which value the store rejected.
func fieldText(err error) string {
	var ce *clinic.Error
	if !errors.As(err, &ce) || len(ce.Fields) == 0 {
		return ""
	}
	return fmt.Sprintf(" %v", ce.Fields)
}
