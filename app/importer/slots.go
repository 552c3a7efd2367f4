package importer

import (
	"fmt"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// readSlots validates every non-blank row of an agenda table, links it to
// its patient and places it in sched, which keeps the accepted slots of
// all agenda sheets.
func (o Options) readSlots(t *table, linker *patientLinker, sched *schedule) []SlotRow {
	var out []SlotRow
	for _, r := range t.rows {
		if blankRow(r) {
			continue
		}
		out = append(out, o.readSlot(t, r, linker, sched))
	}
	return out
}

// readSlot checks patient, psychologist, weekday, time, room and
// frequency, in that order, then the patient link and conflicts with the
// rows kept so far.
func (o Options) readSlot(t *table, r tableRow, linker *patientLinker, sched *schedule) SlotRow {
	slot := SlotRow{Sheet: t.name, Row: r.num, Minutes: o.SessionMinutes}
	var err error
	patientCell := t.get(r, fieldName)
	if slot.Patient, err = clinic.ParseName(cellText(patientCell)); err != nil {
		return slot.reject(t, fieldName, patientCell, err)
	}

	psychCell := t.get(r, fieldPsychologist)
	slot.Psychologist = clinic.NormalizeName(blankish(cellText(psychCell)))
	if slot.Psychologist == "" {
		return slot.reject(t, fieldPsychologist, psychCell, &clinic.ValueError{
			Code: CodeMissingPsychologist, Message: "Está em branco. Digite o " +
				"nome de quem atende, por exemplo Dra. Marina Tavares."})
	}
	dayCell := t.get(r, fieldWeekday)
	if slot.Weekday, err = parseWeekday(cellText(dayCell)); err != nil {
		return slot.reject(t, fieldWeekday, dayCell, err)
	}
	timeCell := t.get(r, fieldTime)
	if slot.Start, err = o.startTime(timeCell); err != nil {
		return slot.reject(t, fieldTime, timeCell, err)
	}
	slot.Room, slot.Online = roomName(cellText(t.get(r, fieldRoom)))
	freqCell := t.get(r, fieldFrequency)
	if slot.Frequency, err = parseFrequency(cellText(freqCell)); err != nil {
		return slot.reject(t, fieldFrequency, freqCell, err)
	}
	if slot.PatientRow, err = linker.link(slot.Patient); err != nil {
		return slot.reject(t, fieldName, patientCell, err)
	}

	candidate := newKeptSlot(slot)
	parity, blocker, kind := sched.place(candidate)
	if blocker != nil {
		slot.Conflict = kind
		slot.ConflictRow = blocker.row
		return slot.reject(t, fieldTime, timeCell, conflictError(candidate, *blocker, kind))
	}
	slot.Parity = parity
	slot.Accepted = true
	return slot
}

// startTime reads the start from a time cell or from text such as "14:50"
// and rejects sessions that would run past midnight.
func (o Options) startTime(c cell) (string, error) {
	var start string
	var err error
	switch c.kind {
	case kindTime, kindDateTime:
		start, err = serialTime(c.text)
	case kindNumber, kindDate, kindISODate:
		err = &clinic.ValueError{Code: clinic.CodeInvalidTime, Message: "A " +
			"célula tem um número ou uma data, não um horário. Digite o " +
			"horário como 14:50."}
	default:
		start, err = clinic.ParseTimeOfDay(c.text)
	}
	if err != nil {
		return "", err
	}
	if start == "" {
		return "", &clinic.ValueError{Code: clinic.CodeInvalidTime, Message: "Está " +
			"em branco. Digite o horário de início, por exemplo 14:50."}
	}
	if clockMinutes(start)+o.SessionMinutes > 24*60 {
		return "", &clinic.ValueError{Code: clinic.CodeInvalidTime, Message: fmt.Sprintf(
			"Uma sessão de %d minutos começando às %s passaria da "+
				"meia-noite. Confira o horário.", o.SessionMinutes, start)}
	}
	return start, nil
}

// clockMinutes returns the minutes since midnight of a valid "HH:MM".
func clockMinutes(hhmm string) int {
	return int(hhmm[0]-'0')*600 + int(hhmm[1]-'0')*60 + int(hhmm[3]-'0')*10 + int(hhmm[4]-'0')
}

func clockText(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

// onlineRooms are folded room values that mean the session has no room.
var onlineRooms = map[string]bool{
	"online": true, "on line": true, "on-line": true, "remoto": true,
	"virtual": true, "teleatendimento": true, "telepsicologia": true,
	"videochamada": true, "video": true, "atendimento online": true,
}

// roomName returns the room as typed, or "" for online sessions and blank
// cells, and whether the cell marks an online session. A blank room takes
// part in no room conflict.
func roomName(s string) (room string, online bool) {
	room = clinic.NormalizeName(blankish(s))
	if onlineRooms[clinic.Fold(room)] {
		return "", true
	}
	return room, false
}

// weekdays maps folded day names, without "-feira", to weekdays.
var weekdays = map[string]time.Weekday{
	"domingo": time.Sunday, "dom": time.Sunday,
	"segunda": time.Monday, "seg": time.Monday, "2a": time.Monday, "2ª": time.Monday,
	"terca": time.Tuesday, "ter": time.Tuesday, "3a": time.Tuesday, "3ª": time.Tuesday,
	"quarta": time.Wednesday, "qua": time.Wednesday, "4a": time.Wednesday, "4ª": time.Wednesday,
	"quinta": time.Thursday, "qui": time.Thursday, "5a": time.Thursday, "5ª": time.Thursday,
	"sexta": time.Friday, "sex": time.Friday, "6a": time.Friday, "6ª": time.Friday,
	"sabado": time.Saturday, "sab": time.Saturday,
}

// weekdayNames are the short day names used in messages.
var weekdayNames = [...]string{"domingo", "segunda", "terça", "quarta", "quinta", "sexta", "sábado"}

// parseWeekday reads "segunda", "Segunda-feira", "SEG", "2ª feira",
// "sábado" and similar.
func parseWeekday(s string) (time.Weekday, error) {
	key := clinic.Fold(s)
	key = strings.TrimSuffix(key, ".")
	key = strings.TrimSuffix(key, "-feira")
	key = strings.TrimSuffix(key, " feira")
	if day, ok := weekdays[key]; ok {
		return day, nil
	}
	return 0, &clinic.ValueError{Code: CodeInvalidWeekday, Message: "Não é um " +
		"dia da semana. Digite segunda, terça, quarta, quinta, sexta, " +
		"sábado ou domingo."}
}

func (slot *SlotRow) reject(t *table, f field, c cell, err error) SlotRow {
	slot.Accepted = false
	slot.Column = t.header(f, "")
	slot.Code, slot.Message = describe(slot.Column, c, err)
	return *slot
}

// patientLinker finds the accepted patient row of an agenda row by name.
type patientLinker struct {
	// enabled is false when the file has no patient sheet. Slots then
	// link to nothing, and the caller matches names against the database.
	enabled  bool
	exact    map[string][]PatientRow // by nameKey
	folded   map[string][]PatientRow // by clinic.Fold, for "Joao" and "João"
	rejected map[string]PatientRow   // first rejected row by nameKey
}

func newPatientLinker(rows []PatientRow, enabled bool) *patientLinker {
	l := &patientLinker{
		enabled:  enabled,
		exact:    map[string][]PatientRow{},
		folded:   map[string][]PatientRow{},
		rejected: map[string]PatientRow{},
	}
	for _, row := range rows {
		if row.Name == "" {
			continue
		}
		key := nameKey(row.Name)
		if !row.Accepted {
			if _, seen := l.rejected[key]; !seen {
				l.rejected[key] = row
			}
			continue
		}
		l.exact[key] = append(l.exact[key], row)
		l.folded[clinic.Fold(row.Name)] = append(l.folded[clinic.Fold(row.Name)], row)
	}
	return l
}

// link returns the accepted patient row named name. Names match as in
// duplicate detection, ignoring case and spacing. When none matches, a
// name that differs only in accents matches if it is the only one.
func (l *patientLinker) link(name string) (int, error) {
	if !l.enabled {
		return 0, nil
	}
	matches := l.exact[nameKey(name)]
	if len(matches) == 0 {
		matches = l.folded[clinic.Fold(name)]
	}
	switch {
	case len(matches) == 1:
		return matches[0].Row, nil
	case len(matches) > 1:
		return 0, &clinic.ValueError{Code: CodeAmbiguousPatient, Message: fmt.Sprintf(
			"Há mais de um paciente com esse nome (linhas %d e %d da aba "+
				"%q). Marque esse horário depois, na agenda do paciente certo.",
			matches[0].Row, matches[1].Row, matches[0].Sheet)}
	}
	if rejected, ok := l.rejected[nameKey(name)]; ok {
		return 0, &clinic.ValueError{Code: CodeRejectedPatient, Message: fmt.Sprintf(
			"O paciente está na linha %d da aba %q, que foi recusada. "+
				"Corrija aquela linha e importe a planilha de novo.",
			rejected.Row, rejected.Sheet)}
	}
	return 0, &clinic.ValueError{Code: CodeUnknownPatient, Message: "Esse nome " +
		"não está na lista de pacientes. Confira a grafia ou acrescente o " +
		"paciente à lista."}
}
