package clinic

import (
	"fmt"
	"strings"
	"time"
)

var weekdayNames = [7]string{
	"domingo", "segunda-feira", "terça-feira", "quarta-feira",
	"quinta-feira", "sexta-feira", "sábado",
}

var weekdayShort = [7]string{"dom", "seg", "ter", "qua", "qui", "sex", "sáb"}

var weekdayPlural = [7]string{
	"domingos", "segundas-feiras", "terças-feiras", "quartas-feiras",
	"quintas-feiras", "sextas-feiras", "sábados",
}

var monthNames = [12]string{
	"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
	"agosto", "setembro", "outubro", "novembro", "dezembro",
}

// WeekdayName returns the pt-BR name of w in lower case, such as
// "segunda-feira".
func WeekdayName(w time.Weekday) string { return weekdayNames[w%7] }

// WeekdayShort returns the three-letter pt-BR abbreviation of w, such as
// "seg" or "sáb".
func WeekdayShort(w time.Weekday) string { return weekdayShort[w%7] }

// WeekdayPlural returns the plural pt-BR name of w, such as
// "segundas-feiras", for phrases like "às segundas-feiras".
func WeekdayPlural(w time.Weekday) string { return weekdayPlural[w%7] }

// onWeekdays returns "às segundas-feiras" or "aos sábados": Saturday and
// Sunday are masculine in Portuguese, the other days feminine.
func onWeekdays(w time.Weekday) string {
	if w == time.Saturday || w == time.Sunday {
		return "aos " + WeekdayPlural(w)
	}
	return "às " + WeekdayPlural(w)
}

// MonthName returns the pt-BR name of m in lower case, such as
// "dezembro".
func MonthName(m time.Month) string {
	if m < time.January || m > time.December {
		return fmt.Sprintf("mês %d", int(m))
	}
	return monthNames[m-1]
}

// weekdayFold replaces the accented letters and ordinal signs found in
// weekday names with plain letters, so "sábado" matches "sabado" and
// "2ª" matches "2a". Input is lower-cased first.
var weekdayFold = strings.NewReplacer("á", "a", "ç", "c", "ª", "a", "º", "a")

// weekdayWords maps folded spellings to weekdays: full names, names
// without "-feira", three-letter forms and the ordinals "2a" to "6a"
// that Brazilians write for Monday to Friday.
var weekdayWords = map[string]time.Weekday{
	"domingo": time.Sunday, "dom": time.Sunday,
	"segunda": time.Monday, "seg": time.Monday, "2a": time.Monday,
	"terca": time.Tuesday, "ter": time.Tuesday, "3a": time.Tuesday,
	"quarta": time.Wednesday, "qua": time.Wednesday, "4a": time.Wednesday,
	"quinta": time.Thursday, "qui": time.Thursday, "5a": time.Thursday,
	"sexta": time.Friday, "sex": time.Friday, "6a": time.Friday,
	"sabado": time.Saturday, "sab": time.Saturday,
}

// ParseWeekday parses a pt-BR weekday as people type it, ignoring case,
// accents and a final dot: "segunda", "Segunda-feira", "segunda feira",
// "seg", "2ª", "sábado", "sabado" and "sáb." all work.
func ParseWeekday(s string) (time.Weekday, error) {
	word := weekdayFold.Replace(strings.ToLower(strings.TrimSpace(s)))
	word = strings.TrimSuffix(word, ".")
	for _, suffix := range []string{"-feira", " feira", "feira"} {
		if base, ok := strings.CutSuffix(word, suffix); ok {
			word = strings.TrimSpace(base)
			break
		}
	}
	w, ok := weekdayWords[word]
	if !ok {
		return 0, fmt.Errorf("clinic: invalid weekday %q: expected a name such as segunda-feira", s)
	}
	return w, nil
}

// Label returns the pt-BR name of f shown on screen: "Semanal" or
// "Quinzenal".
func (f Frequency) Label() string {
	switch f {
	case Weekly:
		return "Semanal"
	case Biweekly:
		return "Quinzenal"
	}
	return string(f)
}

// ParseFrequency parses the stored values "weekly" and "biweekly" and the
// screen labels "Semanal" and "Quinzenal", ignoring case.
func ParseFrequency(s string) (Frequency, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "weekly", "semanal":
		return Weekly, nil
	case "biweekly", "quinzenal":
		return Biweekly, nil
	}
	return "", fmt.Errorf("clinic: invalid frequency %q: expected weekly or biweekly", s)
}
