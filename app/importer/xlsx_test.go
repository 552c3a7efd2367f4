package importer_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
)

const testToday = "2026-12-04"

// sheetBuilder writes rows into an excelize sheet, one slice per row;
// each value goes through SetCellValue, so time.Time becomes a real date
// cell and numbers become number cells.
type sheetBuilder struct {
	t     *testing.T
	f     *excelize.File
	sheet string
}

func newWorkbook(t *testing.T) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	return f
}

func addSheet(t *testing.T, f *excelize.File, name string) *sheetBuilder {
	t.Helper()
	if _, err := f.NewSheet(name); err != nil {
		t.Fatal(err)
	}
	return &sheetBuilder{t: t, f: f, sheet: name}
}

func (b *sheetBuilder) row(num int, values ...any) {
	b.t.Helper()
	for i, v := range values {
		if v == nil {
			continue
		}
		name, err := excelize.CoordinatesToCellName(i+1, num)
		if err != nil {
			b.t.Fatal(err)
		}
		if err := b.f.SetCellValue(b.sheet, name, v); err != nil {
			b.t.Fatal(err)
		}
	}
}

// style applies a number format to one cell: a built-in id, or a custom
// code when custom is not "".
func (b *sheetBuilder) style(cell string, builtIn int, custom string) {
	b.t.Helper()
	s := &excelize.Style{NumFmt: builtIn}
	if custom != "" {
		s.CustomNumFmt = &custom
	}
	id, err := b.f.NewStyle(s)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := b.f.SetCellStyle(b.sheet, cell, cell, id); err != nil {
		b.t.Fatal(err)
	}
}

func readWorkbook(t *testing.T, f *excelize.File) *importer.Workbook {
	t.Helper()
	f.DeleteSheet("Sheet1")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	wb, err := importer.Options{Today: testToday}.Read("teste.xlsx", buf)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return wb
}

func patientByRow(t *testing.T, rows []importer.PatientRow, num int) importer.PatientRow {
	t.Helper()
	for _, r := range rows {
		if r.Row == num {
			return r
		}
	}
	t.Fatalf("no patient row %d", num)
	return importer.PatientRow{}
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// TestXLSXVariants writes a patient sheet the way other clinics keep
// theirs: a title above the header, variant header names in another
// order, real date cells in several formats, numbers typed as numbers and
// the usual mistakes.
func TestXLSXVariants(t *testing.T) {
	f := newWorkbook(t)
	s := addSheet(t, f, "Cadastro")
	s.row(1, "Pacientes da clínica")
	s.row(3, "Telefone/WhatsApp", "Paciente", "E-mail", "DN", "Preço",
		"Freq.", "Terapeuta", "Obs", "CPF do responsável",
		"Responsável legal", "Nome social", "CPF", "Tel. responsável")
	s.row(4, "(11) 98765-4321", "Ana Lima", "ana@exemplo.com.br",
		date(1981, 5, 15), 150.5, "S", "Dra. Paula", "primeira consulta",
		nil, nil, "Aninha", "123.456.789-09")
	s.style("D4", 14, "")
	s.row(5, 11987654322, "Bruno Costa", nil, "15/05/1981", 200, "quinzenal",
		nil, nil, nil, nil, nil, 4337849386)
	s.row(6, "11 3456-7890", "Carla Dias", nil, date(1990, 1, 31), "R$ 1.200,00",
		nil, nil, nil, nil, nil, nil, "-")
	s.style("D6", 0, "dd/mm/yyyy")
	s.row(7, "11 3456-7891", "Davi Reis", nil, time.Date(1985, 7, 9, 14, 30, 0, 0, time.UTC), "80")
	s.style("D7", 22, "")
	s.row(8, "11 3456-7892", "Eva Souza", nil, date(1977, 3, 2), "90")
	s.style("D8", 0, "[$-416]d/m/yy;@")
	s.row(9, "11 3456-7893", "Fábio Melo", nil, "29/02/2023", "90")
	s.row(10, "11 3456-7894", "Gil Rocha", nil, "15/05/1981", "1,234.56")
	s.row(11, "11 3456-7895", "Hugo Nunes", nil, "15/05/81", "90")
	s.row(12, "11 3456-7896", "Iara Alves", nil, date(2015, 6, 1), "90")
	s.style("D12", 14, "")
	s.row(13, "11 3456-7897", "Júlia Prado", nil, date(2015, 6, 1), "90",
		nil, nil, nil, "12345678909", "Marta Prado", nil, nil, "(11) 99999-0000")
	s.style("D13", 14, "")
	s.row(14, "11 3456-7898", "Caio Dutra", nil, "01/01/1970", "90", nil, nil,
		nil, nil, nil, nil, "123.456.789-09")
	s.row(15, "11 3456-7899", "Lia Campos", nil, "01/01/2030", "90")
	s.row(16, "11 3456-7800", "Mel Torres", nil, 30000, "90")
	s.row(17, "11 3456-7801", "Nina Ramos", "nina@", "01/01/1970", "90")
	s.row(18, "11 3456-7802", "Otto Vaz", nil, "01/01/1970", "90", "mensal")
	s.row(19, "11 3456-7803", "  ANA   LIMA ", nil, date(1981, 5, 15), "150")
	s.style("D19", 14, "")
	s.row(20, "11 3456-7804", "Pia Gomes", nil, "01/01/1970", "150.50")
	s.row(21, "11 3456-7805", "Rui Faria", nil, "01/01/1970", 150.333)
	s.row(22, "11 3456-7806", "Sara Luz", nil, "01/01/1970", "")

	n := addSheet(t, f, "Notas")
	n.row(1, "Lembrar de ligar para os pacientes novos")

	wb := readWorkbook(t, f)
	if len(wb.Ignored) != 1 || wb.Ignored[0] != "Notas" {
		t.Errorf("ignored sheets = %v, want [Notas]", wb.Ignored)
	}
	if len(wb.Patients) != 19 {
		t.Errorf("got %d patient rows, want 19", len(wb.Patients))
	}

	ana := patientByRow(t, wb.Patients, 4)
	want := importer.PatientRow{
		Sheet: "Cadastro", Row: 4, Accepted: true, Name: "Ana Lima",
		BirthDate: "1981-05-15", Phone: "11987654321", CPF: "12345678909",
		Email: "ana@exemplo.com.br", SocialName: "Aninha",
		Notes: "primeira consulta", Psychologist: "Dra. Paula",
		PriceCents: 15050, Frequency: importer.Weekly,
	}
	if ana != want {
		t.Errorf("row 4 =\n%+v\nwant\n%+v", ana, want)
	}

	tests := []struct {
		row       int
		code      string
		column    string
		birthDate string
		check     func(importer.PatientRow) error
	}{
		{5, "", "", "1981-05-15", func(p importer.PatientRow) error {
			if p.CPF != "04337849386" || p.Phone != "11987654322" || p.PriceCents != 20000 || p.Frequency != importer.Biweekly {
				return fmt.Errorf("CPF %q phone %q price %d frequency %q", p.CPF, p.Phone, p.PriceCents, p.Frequency)
			}
			return nil
		}},
		{6, "", "", "1990-01-31", func(p importer.PatientRow) error {
			if p.CPF != "" || p.PriceCents != 120000 {
				return fmt.Errorf("CPF %q price %d", p.CPF, p.PriceCents)
			}
			return nil
		}},
		{7, "", "", "1985-07-09", nil},
		{8, "", "", "1977-03-02", nil},
		{9, clinic.CodeInvalidDate, "DN", "", nil},
		{10, clinic.CodePriceNotNumber, "Preço", "1981-05-15", nil},
		{11, clinic.CodeInvalidDate, "DN", "", nil},
		{12, importer.CodeMissingGuardian, "Responsável legal", "2015-06-01", nil},
		{13, "", "", "2015-06-01", func(p importer.PatientRow) error {
			if p.Guardian != "Marta Prado" || p.GuardianCPF != "12345678909" || p.GuardianPhone != "11999990000" {
				return fmt.Errorf("guardian %q CPF %q phone %q", p.Guardian, p.GuardianCPF, p.GuardianPhone)
			}
			return nil
		}},
		{14, importer.CodeDuplicateCPF, "CPF", "1970-01-01", func(p importer.PatientRow) error {
			if p.DuplicateOf != 4 {
				return fmt.Errorf("duplicate of %d, want 4", p.DuplicateOf)
			}
			return nil
		}},
		{15, clinic.CodeInvalidDate, "DN", "", nil},
		{16, clinic.CodeInvalidDate, "DN", "", nil},
		{17, clinic.CodeInvalidEmail, "E-mail", "1970-01-01", nil},
		{18, importer.CodeInvalidFrequency, "Freq.", "1970-01-01", nil},
		{19, importer.CodeDuplicateRow, "Paciente", "1981-05-15", func(p importer.PatientRow) error {
			if p.DuplicateOf != 4 {
				return fmt.Errorf("duplicate of %d, want 4", p.DuplicateOf)
			}
			return nil
		}},
		{20, clinic.CodePriceNotNumber, "Preço", "1970-01-01", nil},
		{21, clinic.CodePriceNotNumber, "Preço", "1970-01-01", nil},
		{22, "", "", "1970-01-01", func(p importer.PatientRow) error {
			if p.PriceCents != 0 || p.Frequency != importer.Weekly {
				return fmt.Errorf("price %d frequency %q, want 0 and weekly", p.PriceCents, p.Frequency)
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("row %d", tt.row), func(t *testing.T) {
			p := patientByRow(t, wb.Patients, tt.row)
			if p.Code != tt.code || p.Accepted != (tt.code == "") {
				t.Fatalf("code = %q accepted = %v, want %q (%s)", p.Code, p.Accepted, tt.code, p.Message)
			}
			if p.Column != tt.column {
				t.Errorf("column = %q, want %q", p.Column, tt.column)
			}
			if tt.code != "" && !bytes.Contains([]byte(p.Message), []byte(tt.column)) {
				t.Errorf("message %q does not name column %q", p.Message, tt.column)
			}
			if p.BirthDate != tt.birthDate {
				t.Errorf("birth date = %q, want %q", p.BirthDate, tt.birthDate)
			}
			if tt.check != nil {
				if err := tt.check(p); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestXLSXRowNumbers checks that row numbers stay as the spreadsheet
// shows them across blank rows, over 53 data rows.
func TestXLSXRowNumbers(t *testing.T) {
	f := newWorkbook(t)
	s := addSheet(t, f, "Pacientes")
	s.row(1, "Nome", "Nascimento")
	for i := 0; i < 53; i++ {
		num := i + 2
		if i >= 30 {
			num += 3 // rows 32 to 34 stay blank
		}
		s.row(num, fmt.Sprintf("Paciente %02d", i+1), date(1980, 1, 1).AddDate(0, 0, i))
		s.style(fmt.Sprintf("B%d", num), 14, "")
	}
	wb := readWorkbook(t, f)
	if len(wb.Patients) != 53 {
		t.Fatalf("got %d rows, want 53", len(wb.Patients))
	}
	for i, p := range wb.Patients {
		wantRow := i + 2
		if i >= 30 {
			wantRow += 3
		}
		if p.Row != wantRow || !p.Accepted {
			t.Errorf("patient %d: row %d accepted %v (%s), want row %d", i+1, p.Row, p.Accepted, p.Message, wantRow)
		}
		if want := date(1980, 1, 1).AddDate(0, 0, i).Format(time.DateOnly); p.BirthDate != want {
			t.Errorf("row %d birth date = %s, want %s", p.Row, p.BirthDate, want)
		}
	}
}

// TestXLSXAgendaTimes writes an agenda with real time cells, variant
// headers in another order and a patient sheet to link to.
func TestXLSXAgendaTimes(t *testing.T) {
	f := newWorkbook(t)
	p := addSheet(t, f, "Pacientes")
	p.row(1, "Nome completo", "Data de nascimento")
	p.row(2, "João Silva", "01/01/1980")
	p.row(3, "Maria Souza", "01/01/1981")
	p.row(4, "Maria Souza", "02/02/1982")
	p.row(5, "", "03/03/1983")
	p.row(6, "Rita Dias", "31/02/1983")
	a := addSheet(t, f, "Horários")
	a.row(1, "Hora", "Dia da semana", "Nome do paciente", "Profissional", "Local", "Periodicidade")
	a.row(2, 13*time.Hour+50*time.Minute, "Segunda-feira", "Joao Silva", "Dra. Ana", "Sala 1", "S")
	a.style("A2", 20, "")
	a.row(3, "14h", "TERÇA", "JOÃO SILVA", "Dra. Ana", "online", "")
	a.row(4, 0.5, "qua", "Maria Souza", "Dra. Ana", "Sala 1", "Q")
	a.style("A4", 0, "hh:mm")
	a.row(5, "10:00", "quinta", "Pedro Alves", "Dra. Ana", "Sala 1", "S")
	a.row(6, "10:00", "sexta", "Rita Dias", "Dra. Ana", "Sala 1", "S")
	a.row(7, "10:00", "sábado", "João Silva", "", "Sala 1", "S")
	a.row(8, "25:00", "sábado", "João Silva", "Dra. Ana", "Sala 1", "S")
	a.row(9, "10:00", "feriado", "João Silva", "Dra. Ana", "Sala 1", "S")
	a.row(10, "23:30", "domingo", "João Silva", "Dra. Ana", "Sala 1", "S")
	a.row(11, "10:00", "domingo", "João Silva", "Dra. Ana", "Sala 1", "a cada 15 dias")

	wb := readWorkbook(t, f)
	tests := []struct {
		row        int
		code       string
		weekday    time.Weekday
		start      string
		room       string
		patientRow int
	}{
		{2, "", time.Monday, "13:50", "Sala 1", 2},
		{3, "", time.Tuesday, "14:00", "", 2},
		{4, importer.CodeAmbiguousPatient, time.Wednesday, "12:00", "Sala 1", 0},
		{5, importer.CodeUnknownPatient, time.Thursday, "10:00", "Sala 1", 0},
		{6, importer.CodeRejectedPatient, time.Friday, "10:00", "Sala 1", 0},
		{7, importer.CodeMissingPsychologist, 0, "", "", 0},
		{8, clinic.CodeInvalidTime, time.Saturday, "", "", 0},
		{9, importer.CodeInvalidWeekday, 0, "", "", 0},
		{10, clinic.CodeInvalidTime, time.Sunday, "", "", 0},
		{11, "", time.Sunday, "10:00", "Sala 1", 2},
	}
	if len(wb.Slots) != len(tests) {
		t.Fatalf("got %d slots, want %d", len(wb.Slots), len(tests))
	}
	for i, tt := range tests {
		s := wb.Slots[i]
		if s.Row != tt.row || s.Code != tt.code || s.Accepted != (tt.code == "") {
			t.Errorf("slot %d: row %d code %q accepted %v (%s), want row %d code %q", i, s.Row, s.Code, s.Accepted, s.Message, tt.row, tt.code)
			continue
		}
		if s.Weekday != tt.weekday || s.Start != tt.start || s.Room != tt.room || s.PatientRow != tt.patientRow {
			t.Errorf("row %d: %v %q room %q patient row %d, want %v %q room %q patient row %d",
				s.Row, s.Weekday, s.Start, s.Room, s.PatientRow, tt.weekday, tt.start, tt.room, tt.patientRow)
		}
	}
	if wb.Slots[0].Frequency != importer.Weekly || wb.Slots[1].Frequency != importer.Weekly || wb.Slots[9].Frequency != importer.Biweekly {
		t.Errorf("frequencies = %q, %q, %q", wb.Slots[0].Frequency, wb.Slots[1].Frequency, wb.Slots[9].Frequency)
	}
}

func TestXLSX1904Dates(t *testing.T) {
	f := newWorkbook(t)
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	s := addSheet(t, f, "Pacientes")
	s.row(1, "Nome", "Nascimento")
	s.row(2, "Ana Lima", date(1981, 5, 15))
	s.style("B2", 14, "")
	wb := readWorkbook(t, f)
	if got := wb.Patients[0].BirthDate; got != "1981-05-15" {
		t.Errorf("birth date = %q (%s), want 1981-05-15", got, wb.Patients[0].Message)
	}
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		code string
	}{
		{"old excel.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, importer.CodeUnsupportedFile},
		{"broken.xlsx", []byte("PK\x03\x04 not really a zip"), importer.CodeUnreadableFile},
		{"renamed.xlsx", []byte("Nome;CPF\r\nAna;\r\n"), importer.CodeUnreadableFile},
		{"no header.csv", []byte("a;b;c\r\n1;2;3\r\n"), importer.CodeNoHeader},
		{"empty.csv", nil, importer.CodeNoHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.Read(tt.name, bytes.NewReader(tt.data))
			var ve *clinic.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("Read error = %v, want a *clinic.ValueError", err)
			}
			if ve.Code != tt.code || ve.Message == "" {
				t.Errorf("code = %q message %q, want %q", ve.Code, ve.Message, tt.code)
			}
		})
	}
	if _, err := importer.ReadFile("testdata/missing.xlsx"); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
	if _, err := (importer.Options{Today: "04/12/2026"}).ReadFile("testdata/clinica.xlsx"); err == nil {
		t.Error("Today in dd/mm/aaaa was accepted")
	}
}

func TestReadDefaultToday(t *testing.T) {
	wb, err := importer.ReadFile("testdata/clinica.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Patients) != 127 || len(wb.Slots) != 79 {
		t.Errorf("got %d patients and %d slots, want 127 and 79", len(wb.Patients), len(wb.Slots))
	}
}

// BenchmarkReadXLSX reads a generated sheet of 2,000 patients with real
// date cells, numeric prices and text CPFs.
func BenchmarkReadXLSX(b *testing.B) {
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"Nome", "Data de nascimento", "Telefone", "CPF", "Valor da sessão", "Frequência", "Psicóloga"}
	if err := f.SetSheetRow("Sheet1", "A1", &header); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 2000; i++ {
		row := []any{fmt.Sprintf("Paciente %04d", i), date(1970, 1, 1).AddDate(0, 0, i*7),
			fmt.Sprintf("(11) 9%04d-%04d", i, i), "123.456.789-09", 150.5, "semanal", "Dra. Lia"}
		cell := fmt.Sprintf("A%d", i+2)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			b.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", fmt.Sprintf("B%d", i+2), fmt.Sprintf("B%d", i+2), style); err != nil {
			b.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ResetTimer()
	for b.Loop() {
		wb, err := importer.Options{Today: testToday}.Read("grande.xlsx", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(wb.Patients) != 2000 {
			b.Fatalf("got %d rows", len(wb.Patients))
		}
	}
}
