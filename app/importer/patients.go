package importer

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"kpsicologia/app/clinic"
)

// patientReader validates patient rows and remembers the accepted ones,
// across all patient sheets of a file, to find duplicates.
type patientReader struct {
	opts Options
	// byNameBirth and byCPF map a key to the first accepted row with it.
	byNameBirth map[string]keptPatient
	byCPF       map[string]keptPatient
}

type keptPatient struct {
	sheet string
	row   int
	name  string
}

func (o Options) newPatientReader() *patientReader {
	return &patientReader{
		opts:        o,
		byNameBirth: map[string]keptPatient{},
		byCPF:       map[string]keptPatient{},
	}
}

// read validates every non-blank row of a patient table.
func (p *patientReader) read(t *table) []PatientRow {
	var out []PatientRow
	for _, r := range t.rows {
		if blankRow(r) {
			continue
		}
		row := p.readRow(t, r)
		if row.Accepted {
			kept := keptPatient{sheet: t.name, row: row.Row, name: row.Name}
			if row.BirthDate != "" {
				p.byNameBirth[nameKey(row.Name)+"|"+row.BirthDate] = kept
			}
			if row.CPF != "" {
				p.byCPF[row.CPF] = kept
			}
		}
		out = append(out, row)
	}
	return out
}

// nameKey is the form in which two names count as the same person's:
// trimmed, spaces collapsed and case ignored. Accents count, so "Luis"
// and "Luís" stay two people rather than losing a patient to a guess.
func nameKey(name string) string {
	return strings.ToLower(clinic.NormalizeName(name))
}

// readRow validates one row. The checks run in a fixed order and the
// first failure rejects the row: name, birth date, repeated name and birth
// date, phone, CPF, price, frequency, email, guardian, guardian CPF and
// phone, a guardian for minors, and repeated CPF. The duplicate check runs
// right after the fields it needs, so a repeated row is reported as a
// repeat instead of sending the receptionist to fix a row she will delete.
func (p *patientReader) readRow(t *table, r tableRow) PatientRow {
	row := PatientRow{Sheet: t.name, Row: r.num}
	var err error
	nameCell := t.get(r, fieldName)
	if row.Name, err = clinic.ParseName(cellText(nameCell)); err != nil {
		return row.reject(t, fieldName, nameCell, err)
	}
	birthCell := t.get(r, fieldBirthDate)
	if row.BirthDate, err = p.birthDate(birthCell, t.date1904); err != nil {
		return row.reject(t, fieldBirthDate, birthCell, err)
	}
	if row.BirthDate != "" {
		if first, ok := p.byNameBirth[nameKey(row.Name)+"|"+row.BirthDate]; ok {
			return row.duplicate(t, CodeDuplicateRow, first, fieldName, nameCell,
				"Repete o paciente da %s, com o mesmo nome e a mesma data de "+
					"nascimento. Apague esta linha ou, se for outra pessoa, "+
					"corrija o nome ou a data.")
		}
	}

	if !p.readContact(t, r, &row) {
		return row
	}
	if !p.readGuardian(t, r, &row) {
		return row
	}
	if first, ok := p.byCPF[row.CPF]; ok && row.CPF != "" {
		return row.duplicate(t, CodeDuplicateCPF, first, fieldCPF, t.get(r, fieldCPF),
			"O mesmo CPF já está na %s. Confira no documento de qual "+
				"paciente é esse CPF e corrija ou apague a outra linha.")
	}
	row.Accepted = true
	return row
}

// readContact reads the phone, CPF, price, frequency, email and the plain
// text fields into row, and reports whether they were all valid.
func (p *patientReader) readContact(t *table, r tableRow, row *PatientRow) bool {
	var err error
	phoneCell := t.get(r, fieldPhone)
	if row.Phone, err = phoneValue(phoneCell); err != nil {
		row.reject(t, fieldPhone, phoneCell, err)
		return false
	}
	cpfCell := t.get(r, fieldCPF)
	if row.CPF, err = cpfValue(cpfCell); err != nil {
		row.reject(t, fieldCPF, cpfCell, err)
		return false
	}

	priceCell := t.get(r, fieldPrice)
	if row.PriceCents, err = priceValue(priceCell); err != nil {
		row.reject(t, fieldPrice, priceCell, err)
		return false
	}
	freqCell := t.get(r, fieldFrequency)
	if row.Frequency, err = parseFrequency(cellText(freqCell)); err != nil {
		row.reject(t, fieldFrequency, freqCell, err)
		return false
	}
	emailCell := t.get(r, fieldEmail)
	if row.Email, err = clinic.ParseEmail(blankish(cellText(emailCell))); err != nil {
		row.reject(t, fieldEmail, emailCell, err)
		return false
	}
	row.SocialName = clinic.NormalizeName(blankish(cellText(t.get(r, fieldSocialName))))
	row.Psychologist = clinic.NormalizeName(blankish(cellText(t.get(r, fieldPsychologist))))
	row.Notes = strings.TrimSpace(cellText(t.get(r, fieldNotes)))
	return true
}

// readGuardian reads the guardian's name, CPF and phone into row and
// requires a guardian for patients under 18 on Options.Today. It reports
// whether the row is still valid.
func (p *patientReader) readGuardian(t *table, r tableRow, row *PatientRow) bool {
	var err error
	row.Guardian = clinic.NormalizeName(blankish(cellText(t.get(r, fieldGuardian))))
	gCPFCell := t.get(r, fieldGuardianCPF)
	if row.GuardianCPF, err = cpfValue(gCPFCell); err != nil {
		row.reject(t, fieldGuardianCPF, gCPFCell, err)
		return false
	}
	gPhoneCell := t.get(r, fieldGuardianPhone)
	if row.GuardianPhone, err = phoneValue(gPhoneCell); err != nil {
		row.reject(t, fieldGuardianPhone, gPhoneCell, err)
		return false
	}

	if row.BirthDate == "" || row.Guardian != "" {
		return true
	}
	age, err := clinic.AgeOn(row.BirthDate, p.opts.Today)
	if err != nil || age >= 18 {
		return true
	}
	row.Code = CodeMissingGuardian
	row.Column = t.header(fieldGuardian, "Responsável")
	row.Message = fmt.Sprintf("Coluna %q: Pela data de nascimento, o "+
		"paciente tem %d anos, e quem tem menos de 18 precisa de um "+
		"responsável. Digite o nome da mãe, do pai ou de quem responde "+
		"pelo paciente.", row.Column, age)
	if _, ok := t.columns[fieldGuardian]; !ok {
		row.Message = fmt.Sprintf("Pela data de nascimento, o paciente "+
			"tem %d anos, e quem tem menos de 18 precisa de um responsável. "+
			"Acrescente uma coluna %q com o nome da mãe, do pai ou de quem "+
			"responde pelo paciente.", age, row.Column)
	}
	return false
}

// birthDate reads a birth date from a real date cell or from text typed
// day first, and rejects dates after Options.Today.
func (p *patientReader) birthDate(c cell, date1904 bool) (string, error) {
	date, err := dateValue(c, date1904)
	if err != nil || date == "" {
		return date, err
	}
	if date > p.opts.Today {
		return "", &clinic.ValueError{Code: clinic.CodeInvalidDate, Message: "A " +
			"data está no futuro. Confira o ano e digite a data de " +
			"nascimento como dd/mm/aaaa."}
	}
	return date, nil
}

// dateValue reads a date cell. A number in a cell without a date format
// is rejected: it may be a serial whose format was lost or digits typed
// without separators, and guessing could store a wrong birthday.
func dateValue(c cell, date1904 bool) (string, error) {
	switch c.kind {
	case kindDate, kindDateTime:
		return serialDate(c.text, date1904)
	case kindISODate:
		return clinic.ParseISODate(c.text[:10])
	case kindNumber, kindTime:
		return "", &clinic.ValueError{Code: clinic.CodeInvalidDate, Message: "A " +
			"célula tem um número, não uma data. Formate a célula como data " +
			"ou digite a data como dd/mm/aaaa, por exemplo 04/12/2026."}
	}
	return clinic.ParseDateBR(blankish(c.text))
}

// cpfValue reads a CPF. A CPF stored as a number has lost its leading
// zeros, so they are put back. A CPF typed as text must have all 11
// digits.
func cpfValue(c cell) (string, error) {
	if c.kind == kindNumber {
		if digits := numberDigits(c.text); digits != "" && len(digits) <= 11 {
			return clinic.ParseCPF(strings.Repeat("0", 11-len(digits)) + digits)
		}
	}
	return clinic.ParseCPF(blankish(c.text))
}

func phoneValue(c cell) (string, error) {
	return clinic.ParsePhone(blankish(cellText(c)))
}

// priceValue reads a session price. A blank cell is 0, meaning no price
// was given, because a missing price is filled in later while a rejected
// row loses the patient from the import.
func priceValue(c cell) (int64, error) {
	switch c.kind {
	case kindNumber:
		return numberCents(c.text)
	case kindDate, kindDateTime, kindTime, kindISODate:
		return 0, &clinic.ValueError{Code: clinic.CodePriceNotNumber, Message: "A " +
			"célula tem formato de data. Formate a célula como número ou " +
			"digite o valor, por exemplo 150,00."}
	}
	text := blankish(c.text)
	if text == "" {
		return 0, nil
	}
	return clinic.ParseMoney(text)
}

// frequencies maps folded cell values to Weekly or Biweekly.
var frequencies = map[string]string{
	"semanal": Weekly, "s": Weekly, "sem": Weekly, "toda semana": Weekly,
	"1x por semana": Weekly, "1x semana": Weekly, "1 vez por semana": Weekly,
	"weekly":    Weekly,
	"quinzenal": Biweekly, "q": Biweekly, "quinz": Biweekly,
	"15 em 15 dias": Biweekly, "de 15 em 15 dias": Biweekly,
	"a cada 15 dias": Biweekly, "biweekly": Biweekly,
}

// parseFrequency reads "semanal", "Semanal", "S", "quinzenal", "Q",
// "SEMANAL " and similar. Blank means Weekly, the usual rhythm of therapy.
// Anything else, such as "mensal" or "2x por semana", is rejected because
// the agenda has only weekly and biweekly series.
func parseFrequency(s string) (string, error) {
	key := strings.TrimSuffix(clinic.Fold(s), ".")
	if key == "" {
		return Weekly, nil
	}
	if freq, ok := frequencies[key]; ok {
		return freq, nil
	}
	return "", &clinic.ValueError{Code: CodeInvalidFrequency, Message: "A " +
		"frequência deve ser semanal ou quinzenal. Digite Semanal (ou S) " +
		"ou Quinzenal (ou Q). Outros ritmos se marcam depois, na agenda."}
}

// blankish returns "" for a cell that holds only dashes, dots or spaces,
// which spreadsheets use to mean "none", and s trimmed otherwise.
func blankish(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}) {
		return ""
	}
	return s
}

// reject marks the row as rejected because of the value of field f and
// returns it.
func (row *PatientRow) reject(t *table, f field, c cell, err error) PatientRow {
	row.Accepted = false
	row.Column = t.header(f, "")
	row.Code, row.Message = describe(row.Column, c, err)
	return *row
}

// duplicate marks the row as a repeat of first; format has one %s for
// "linha N" (with the sheet when it differs).
func (row *PatientRow) duplicate(t *table, code string, first keptPatient, f field, c cell, format string) PatientRow {
	where := fmt.Sprintf("linha %d", first.row)
	if first.sheet != t.name {
		where = fmt.Sprintf("linha %d da aba %q", first.row, first.sheet)
	}
	row.DuplicateOf = first.row
	return row.reject(t, f, c, &clinic.ValueError{Code: code, Message: fmt.Sprintf(format, where)})
}

// describe returns the code and the Portuguese message for a failed
// cell: the column, the value as typed and what to do.
func describe(header string, c cell, err error) (code, message string) {
	var ve *clinic.ValueError
	if !errors.As(err, &ve) {
		ve = &clinic.ValueError{Code: "invalid value", Message: err.Error()}
	}
	value := strings.TrimSpace(c.text)
	switch {
	case header == "":
		return ve.Code, ve.Message
	case value == "" || c.kind != kindText:
		return ve.Code, fmt.Sprintf("Coluna %q: %s", header, ve.Message)
	}
	return ve.Code, fmt.Sprintf("Coluna %q (%q): %s", header, value, ve.Message)
}
