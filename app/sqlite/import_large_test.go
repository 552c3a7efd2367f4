package sqlite

import (
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// importLargeWorkbook builds a clinic's spreadsheet with patients valid
// patients and slots agenda rows: 40 psychologists, each in her own room,
// Monday to Saturday from 08:00, so no row clashes with another.
func importLargeWorkbook(tb testing.TB, patients, slots int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Pacientes")
	f.SetSheetRow("Pacientes", "A1", &[]any{"Nome", "Data de nascimento",
		"Telefone", "CPF", "Valor da sessão", "Frequência", "Psicóloga"})
	first := []string{"Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabriela",
		"Heitor", "Isabela", "João", "Karina", "Lucas", "Mariana", "Nicolas", "Olívia"}
	last := []string{"Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima",
		"Costa", "Rocha", "Alves", "Melo", "Dias", "Nunes", "Freitas", "Barros"}
	name := func(i int) string {
		return fmt.Sprintf("%s %s %s %s", first[i%len(first)], last[(i/len(first))%len(last)],
			last[(i/(len(first)*len(last)))%len(last)], last[(i/(len(first)*len(last)*len(last)))%len(last)])
	}
	for i := 0; i < patients; i++ {
		birth := fmt.Sprintf("%02d/%02d/%d", i%28+1, i%12+1, 1950+i%50)
		f.SetSheetRow("Pacientes", fmt.Sprintf("A%d", i+2), &[]any{name(i), birth,
			fmt.Sprintf("(11) 9%04d-%04d", i/10000, i%10000), importLargeCPF(100000000 + i),
			"150,00", "semanal", fmt.Sprintf("Dra. Psicóloga %d", i%40)})
	}
	f.NewSheet("Agenda")
	f.SetSheetRow("Agenda", "A1", &[]any{"Paciente", "Psicóloga", "Dia", "Horário",
		"Sala", "Frequência"})
	days := []string{"segunda", "terça", "quarta", "quinta", "sexta", "sábado"}
	for i := 0; i < slots; i++ {
		psy, day, slot := i%40, (i/40)%6, i/240
		start := 8*60 + slot*50
		freq := "S"
		if i%2 == 1 {
			freq = "Q"
		}
		f.SetSheetRow("Agenda", fmt.Sprintf("A%d", i+2), &[]any{name(i),
			fmt.Sprintf("Dra. Psicóloga %d", psy), days[day],
			fmt.Sprintf("%02d:%02d", start/60, start%60), fmt.Sprintf("Sala %d", psy), freq})
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// importLargeCPF returns a valid CPF whose first nine digits are base.
func importLargeCPF(base int) string {
	digits := fmt.Sprintf("%09d", base)
	for _, n := range []int{9, 10} {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(digits[i]-'0') * (n + 1 - i)
		}
		d := sum * 10 % 11
		if d == 10 {
			d = 0
		}
		digits += fmt.Sprint(d)
	}
	return digits
}

// TestImportLargeFile imports 3,000 patients and 2,000 agenda rows, the
// size of a large clinic's spreadsheet, and logs how long it takes. Under
// the race detector, which slows this test about sixfold, it imports a
// tenth of that.
func TestImportLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large import skipped in -short mode")
	}
	patients, slots := 3000, 2000
	if importRaceEnabled {
		patients, slots = 300, 200
	}
	db := mustOpen(t, testNow)
	data := importLargeWorkbook(t, patients, slots)
	req := ImportRequest{FileName: "grande.xlsx", Data: data, Token: "large"}

	start := time.Now()
	rep := mustPreview(t, db, req)
	preview := time.Since(start)
	if rep.Counts.Patients != patients || rep.Counts.Slots != slots {
		t.Fatalf("preview counts %+v; first rejected: %+v", rep.Counts, rep.Summary().Skipped[:1])
	}

	start = time.Now()
	rep = mustImport(t, db, req)
	write := time.Since(start)
	if rep.Counts.Patients != patients || rep.Counts.Slots != slots || rep.Counts.PsychologistsCreated != 40 {
		t.Errorf("import counts %+v", rep.Counts)
	}
	if n := importCount(t, db, "SELECT count(*) FROM sessions"); n != rep.Counts.Sessions || n < slots*6 {
		t.Errorf("%d sessions written, report says %d", n, rep.Counts.Sessions)
	}
	t.Logf("%d bytes: preview %v, import %v (%d sessions)", len(data), preview, write, rep.Counts.Sessions)

	// Importing it again finds every row in the database.
	req.Token = "large-again"
	start = time.Now()
	rep = mustPreview(t, db, req)
	t.Logf("preview against the imported clinic: %v", time.Since(start))
	if rep.Counts.Patients != 0 || rep.Counts.Slots != 0 || rep.Counts.Existing != patients {
		t.Errorf("second preview counts %+v", rep.Counts)
	}
}
