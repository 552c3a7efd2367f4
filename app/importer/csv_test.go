package importer_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
)

func readCSVText(t *testing.T, name string, data []byte) *importer.Workbook {
	t.Helper()
	wb, err := importer.Options{Today: testToday}.Read(name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return wb
}

// TestCSVEncodings reads the same two patients saved in each encoding
// and separator a spreadsheet program may use.
func TestCSVEncodings(t *testing.T) {
	semicolon := "Nome;Data de nascimento;Telefone;Responsável;CPF;Valor da sessão;Frequência;Psicóloga\r\n" +
		"José da Conceição;15/05/1981;(11) 98765-4321;;123.456.789-09;R$ 1.234,56;Semanal;Dra. Cecília\r\n" +
		"Ângela Müller;1/2/1990;+55 21 3456-7890;;;150,5;Q;Dra. Cecília\r\n"
	comma := "Nome completo,Data nasc.,Celular,Nome do responsável,CPF,Valor sessão,Freq,Psicólogo\n" +
		"José da Conceição,15-05-1981,(11) 98765-4321,,123.456.789-09,\"R$ 1.234,56\",semanal,Dra. Cecília\n" +
		"\"Ângela Müller\",01.02.1990,+55 21 3456-7890,,,\"150,5\",quinzenal,Dra. Cecília\n"
	tab := strings.NewReplacer(";", "\t").Replace(semicolon)

	cp1252, err := charmap.Windows1252.NewEncoder().Bytes([]byte(semicolon))
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(tab))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"utf8 bom semicolon", append([]byte{0xEF, 0xBB, 0xBF}, semicolon...)},
		{"utf8 semicolon", []byte(semicolon)},
		{"cp1252 semicolon", cp1252},
		{"utf8 comma lf", []byte(comma)},
		{"utf16 tab", utf16},
		{"utf8 tab", []byte(tab)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb := readCSVText(t, tt.name+".csv", tt.data)
			if len(wb.Patients) != 2 {
				t.Fatalf("got %d rows, want 2", len(wb.Patients))
			}
			jose, angela := wb.Patients[0], wb.Patients[1]
			if !jose.Accepted || !angela.Accepted {
				t.Fatalf("rejected: %q / %q", jose.Message, angela.Message)
			}
			if jose.Name != "José da Conceição" || angela.Name != "Ângela Müller" {
				t.Errorf("names = %q, %q", jose.Name, angela.Name)
			}
			if jose.Psychologist != "Dra. Cecília" {
				t.Errorf("psychologist = %q", jose.Psychologist)
			}
			if jose.BirthDate != "1981-05-15" || angela.BirthDate != "1990-02-01" {
				t.Errorf("birth dates = %q, %q", jose.BirthDate, angela.BirthDate)
			}
			if jose.PriceCents != 123456 || angela.PriceCents != 15050 {
				t.Errorf("prices = %d, %d", jose.PriceCents, angela.PriceCents)
			}
			if jose.Phone != "11987654321" || angela.Phone != "2134567890" {
				t.Errorf("phones = %q, %q", jose.Phone, angela.Phone)
			}
			if jose.CPF != "12345678909" || angela.CPF != "" {
				t.Errorf("CPFs = %q, %q", jose.CPF, angela.CPF)
			}
			if jose.Frequency != importer.Weekly || angela.Frequency != importer.Biweekly {
				t.Errorf("frequencies = %q, %q", jose.Frequency, angela.Frequency)
			}
			if jose.Row != 2 || angela.Row != 3 {
				t.Errorf("rows = %d, %d", jose.Row, angela.Row)
			}
		})
	}
}

// TestCSVRowNumbers checks blank lines, blank records and a note that
// spans lines inside quotes: rows keep the numbers a spreadsheet shows.
func TestCSVRowNumbers(t *testing.T) {
	text := "Nome;Obs\r\n" +
		"Ana;\r\n" +
		"\r\n" +
		";\r\n" +
		"Bia;\"primeira linha\r\nsegunda linha\"\r\n" +
		"Caio;\"diz \"\"oi\"\"\"\r\n" +
		"Duda;Maria \"Mari\" Silva\r\n"
	wb := readCSVText(t, "linhas.csv", []byte(text))
	want := []struct {
		row   int
		name  string
		notes string
	}{
		{2, "Ana", ""},
		{5, "Bia", "primeira linha\nsegunda linha"}, // encoding/csv turns CRLF inside quotes into LF
		{6, "Caio", `diz "oi"`},
		{7, "Duda", `Maria "Mari" Silva`},
	}
	if len(wb.Patients) != len(want) {
		t.Fatalf("got %d rows, want %d", len(wb.Patients), len(want))
	}
	for i, w := range want {
		p := wb.Patients[i]
		if p.Row != w.row || p.Name != w.name || p.Notes != w.notes {
			t.Errorf("patient %d = row %d %q notes %q, want row %d %q notes %q", i, p.Row, p.Name, p.Notes, w.row, w.name, w.notes)
		}
	}
}

// TestCSVMessages checks that a rejected row's message names the column
// as the file writes it and quotes the value typed.
func TestCSVMessages(t *testing.T) {
	text := "Paciente;Valor\r\nAna;1,234.56\r\n"
	wb := readCSVText(t, "valores.csv", []byte(text))
	p := wb.Patients[0]
	if p.Accepted || p.Code != clinic.CodePriceNotNumber || p.Column != "Valor" {
		t.Fatalf("row = %+v", p)
	}
	if !strings.HasPrefix(p.Message, `Coluna "Valor" ("1,234.56"): `) {
		t.Errorf("message = %q", p.Message)
	}
}

func TestCSVAgenda(t *testing.T) {
	text := "Paciente;Psicóloga;Dia;Horário;Sala;Frequência\n" +
		"Ana;Dra. Lia;segunda;14:00;Sala 1;semanal\n" +
		"Bia;Dra. Lia;segunda;14:30;Sala 2;semanal\n"
	wb := readCSVText(t, "agenda.csv", []byte(text))
	if len(wb.Patients) != 0 || len(wb.Slots) != 2 {
		t.Fatalf("got %d patients and %d slots, want 0 and 2", len(wb.Patients), len(wb.Slots))
	}
	if s := wb.Slots[0]; !s.Accepted || s.PatientRow != 0 {
		t.Errorf("first slot = %+v, want accepted without a patient row", s)
	}
	if s := wb.Slots[1]; s.Accepted || s.Conflict != importer.ConflictPsychologist || s.ConflictRow != 2 {
		t.Errorf("second slot = %+v, want a psychologist conflict with row 2", s)
	}
}
