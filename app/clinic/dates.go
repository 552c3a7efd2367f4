package clinic

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Years outside this range are rejected as typos, because no patient was
// born before 1900 and the clinic books nothing after 2100. Excel's 1900
// date system cannot store earlier dates either.
const (
	minDateYear = 1900
	maxDateYear = 2100
)

var (
	// brDateShape is day, month and year with the same separator twice.
	// Go's regexp has no back-references, so ParseDateBR compares the
	// two separators itself.
	brDateShape  = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d+)$`)
	isoDateShape = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	// clockShape is "14:50", "8:00", "14:50:00", "14h50", "14h" or "14H".
	clockShape = regexp.MustCompile(`^(\d{1,2})(?:(?::(\d{2})(?::\d{2})?)|(?:[hH](\d{2})?))$`)
)

// ParseDateBR reads a date typed day first, as "dd/mm/aaaa", "d/m/aaaa",
// "dd-mm-aaaa" or "dd.mm.aaaa", and returns it as "YYYY-MM-DD", the form
// dates are stored in. It never reads month first: "12/25/2020" fails
// because there is no month 25. It also accepts an ISO "YYYY-MM-DD", which
// cannot be mistaken for a day-first date. Two-digit years, dates that do
// not exist (29/02/2023) and years outside 1900 to 2100 are ValueErrors
// with code CodeInvalidDate. Blank input returns ("", nil).
func ParseDateBR(s string) (string, error) {
	s = trimDateInput(s)
	if s == "" {
		return "", nil
	}
	if isoDateShape.MatchString(s) {
		return ParseISODate(s)
	}
	m := brDateShape.FindStringSubmatch(s)
	if m == nil || m[2] != m[4] {
		return "", newValueError(CodeInvalidDate,
			"Não é uma data. Digite dia, mês e ano com quatro dígitos, por "+
				"exemplo 04/12/2026.")
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[3])
	if len(m[5]) == 2 {
		return "", newValueError(CodeInvalidDate, fmt.Sprintf(
			"O ano %s pode ser 19%s ou 20%s. Digite o ano com quatro "+
				"dígitos: %02d/%02d/19%s ou %02d/%02d/20%s.",
			m[5], m[5], m[5], day, month, m[5], day, month, m[5]))
	}
	if len(m[5]) != 4 {
		return "", newValueError(CodeInvalidDate,
			"O ano precisa ter quatro dígitos. Digite, por exemplo, "+
				"04/12/2026.")
	}
	year, _ := strconv.Atoi(m[5])
	return isoFromParts(year, month, day)
}

// trimDateInput trims spaces, including the non-breaking ones that
// spreadsheet programs leave around dates.
func trimDateInput(s string) string {
	return NormalizeName(s)
}

// ParseISODate checks that s is an existing date written "YYYY-MM-DD", the
// value of an HTML date input, and returns it unchanged. Failures are
// ValueErrors with code CodeInvalidDate. Blank input returns ("", nil).
func ParseISODate(s string) (string, error) {
	s = trimDateInput(s)
	if s == "" {
		return "", nil
	}
	m := isoDateShape.FindStringSubmatch(s)
	if m == nil {
		return "", newValueError(CodeInvalidDate,
			"Não é uma data. Escolha ou digite a data como dd/mm/aaaa, por "+
				"exemplo 04/12/2026.")
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	return isoFromParts(year, month, day)
}

// isoFromParts validates a calendar date and returns it as "YYYY-MM-DD".
func isoFromParts(year, month, day int) (string, error) {
	if year < minDateYear || year > maxDateYear {
		return "", newValueError(CodeInvalidDate, fmt.Sprintf(
			"O ano %d está fora do intervalo aceito, de %d a %d. Confira e "+
				"digite o ano com quatro dígitos.",
			year, minDateYear, maxDateYear))
	}
	if month < 1 || month > 12 {
		return "", newValueError(CodeInvalidDate, fmt.Sprintf(
			"Não existe mês %d. Digite o dia primeiro e depois o mês, por "+
				"exemplo 04/12/2026 para 4 de dezembro.", month))
	}
	// Day 0 of the next month is the last day of this one.
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > last {
		return "", newValueError(CodeInvalidDate, fmt.Sprintf(
			"Essa data não existe: o mês %02d/%d tem %d dias. Confira o dia "+
				"e digite de novo.", month, year, last))
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), nil
}

// FormatDateBR returns "2026-12-04" as "04/12/2026". Input that is not an
// ISO date is returned unchanged, so a bad stored value stays visible.
func FormatDateBR(iso string) string {
	m := isoDateShape.FindStringSubmatch(iso)
	if m == nil {
		return iso
	}
	return m[3] + "/" + m[2] + "/" + m[1]
}

// AgeOn returns the age in whole years on the date on of a person born on
// birth, both "YYYY-MM-DD". Someone born on 29 February turns a year
// older on 1 March in years without that day. It fails when either date
// is invalid or on is before birth.
func AgeOn(birth, on string) (int, error) {
	b, err := ParseISODate(birth)
	if err != nil || b == "" {
		return 0, fmt.Errorf("clinic: age: birth date %q is not a date", birth)
	}
	o, err := ParseISODate(on)
	if err != nil || o == "" {
		return 0, fmt.Errorf("clinic: age: reference date %q is not a date", on)
	}
	if o < b {
		return 0, fmt.Errorf("clinic: age: birth date %s is after %s", b, o)
	}
	by, _ := strconv.Atoi(b[:4])
	oy, _ := strconv.Atoi(o[:4])
	age := oy - by
	// "MM-DD" strings compare in calendar order.
	if o[5:] < b[5:] {
		age--
	}
	return age, nil
}

// ParseTimeOfDay reads a time typed as "14:50", "8:00", "14:50:00",
// "14h50" or "14h" and returns it as "HH:MM" on the 24-hour clock. Seconds
// are dropped. Failures are ValueErrors with code CodeInvalidTime. Blank
// input returns ("", nil).
func ParseTimeOfDay(s string) (string, error) {
	s = trimDateInput(s)
	if s == "" {
		return "", nil
	}
	m := clockShape.FindStringSubmatch(s)
	if m == nil {
		return "", newValueError(CodeInvalidTime,
			"Não é um horário. Digite hora e minutos, por exemplo 14:50 "+
				"ou 8:00.")
	}
	hour, _ := strconv.Atoi(m[1])
	minute := 0
	if digits := m[2] + m[3]; digits != "" {
		minute, _ = strconv.Atoi(digits)
	}
	if hour > 23 || minute > 59 {
		return "", newValueError(CodeInvalidTime, fmt.Sprintf(
			"O horário %s não existe. Digite de 00:00 a 23:59, por "+
				"exemplo 14:50.", s))
	}
	return fmt.Sprintf("%02d:%02d", hour, minute), nil
}
