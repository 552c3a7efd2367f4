package importer

import (
	"fmt"
	"time"

	"kpsicologia/app/clinic"
)

// keptSlot is an accepted agenda row in the form the overlap check uses.
// Intervals are half-open, [start, end) in minutes since midnight, so a
// session ending at 14:50 does not clash with one starting at 14:50.
type keptSlot struct {
	row          int
	weekday      time.Weekday
	start, end   int
	psychologist string // PsychologistKey of the name
	room         string // clinic.Fold of the room, "" for none
	patient      string // nameKey of the patient
	biweekly     bool
	parity       int

	// For messages.
	psychologistName, roomName string
}

func newKeptSlot(s SlotRow) keptSlot {
	start := clockMinutes(s.Start)
	return keptSlot{
		row:              s.Row,
		weekday:          s.Weekday,
		start:            start,
		end:              start + s.Minutes,
		psychologist:     PsychologistKey(s.Psychologist),
		room:             clinic.Fold(s.Room),
		patient:          nameKey(s.Patient),
		biweekly:         s.Frequency == Biweekly,
		psychologistName: s.Psychologist,
		roomName:         s.Room,
	}
}

// schedule is the accepted slots so far, in file order.
type schedule struct {
	kept []keptSlot
}

func newSchedule() *schedule { return &schedule{} }

// place keeps the candidate and returns its parity when it clashes with
// no kept slot. Otherwise it returns the blocking slot and the conflict
// kind.
//
// A weekly slot occurs every week, so it clashes with any overlapping kept
// slot that shares its psychologist, room or patient. A biweekly slot
// occurs every other week, and the file does not say which, so it takes
// parity 0 when no overlapping weekly slot or parity-0 biweekly slot
// blocks it, else parity 1 on the same terms. Two biweekly rows for the
// same psychologist, day, time and room therefore become partners on
// alternate weeks, and a third clashes with one of them. The same goes
// for biweekly rows that overlap only in part.
func (s *schedule) place(c keptSlot) (parity int, blocker *keptSlot, kind string) {
	if !c.biweekly {
		blocker, kind = s.firstBlocker(c, -1)
	} else {
		for parity = 0; parity < 2; parity++ {
			b, k := s.firstBlocker(c, parity)
			if b == nil {
				blocker = nil
				break
			}
			// Report the better of the two blockers: a psychologist
			// clash before a room clash, then the earlier row.
			if blocker == nil || conflictRank(k) < conflictRank(kind) ||
				conflictRank(k) == conflictRank(kind) && b.row < blocker.row {
				blocker, kind = b, k
			}
		}
	}
	if blocker != nil {
		return 0, blocker, kind
	}
	c.parity = parity
	s.kept = append(s.kept, c)
	return parity, nil, ""
}

// firstBlocker returns the kept slot that blocks c in the given parity
// (-1 for every week): psychologist clashes first, then room, then
// patient, and the earliest row within each kind.
func (s *schedule) firstBlocker(c keptSlot, parity int) (*keptSlot, string) {
	var best *keptSlot
	bestKind := ""
	for i := range s.kept {
		k := &s.kept[i]
		if k.weekday != c.weekday || k.start >= c.end || c.start >= k.end {
			continue
		}
		if parity >= 0 && k.biweekly && k.parity != parity {
			continue
		}
		kind := clashKind(c, *k)
		if kind == "" {
			continue
		}
		if best == nil || conflictRank(kind) < conflictRank(bestKind) {
			best, bestKind = k, kind
		}
	}
	return best, bestKind
}

// clashKind returns the resource two overlapping slots share, or "".
func clashKind(a, b keptSlot) string {
	switch {
	case a.psychologist == b.psychologist:
		return ConflictPsychologist
	case a.room != "" && a.room == b.room:
		return ConflictRoom
	case a.patient == b.patient:
		return ConflictPatient
	}
	return ""
}

func conflictRank(kind string) int {
	switch kind {
	case ConflictPsychologist:
		return 0
	case ConflictRoom:
		return 1
	}
	return 2
}

// conflictError explains a clash with the kept row b.
func conflictError(c, b keptSlot, kind string) error {
	when := fmt.Sprintf("%s das %s às %s, na linha %d", weekdayNames[b.weekday],
		clockText(b.start), clockText(b.end), b.row)
	every := ""
	if c.biweekly {
		every = " As duas semanas da quinzena já estão ocupadas nesse horário."
	}
	var message string
	switch kind {
	case ConflictPsychologist:
		message = fmt.Sprintf("%s já atende %s.%s Escolha outro horário ou "+
			"outro dia.", b.psychologistName, when, every)
	case ConflictRoom:
		message = fmt.Sprintf("A sala %s já está ocupada %s.%s Escolha outra "+
			"sala, outro horário ou outro dia.", b.roomName, when, every)
	default:
		message = fmt.Sprintf("O mesmo paciente já tem sessão %s.%s Escolha "+
			"outro horário ou outro dia.", when, every)
	}
	return &clinic.ValueError{Code: CodeConflict, Message: message}
}
