package importer_test

import (
	"strings"
	"testing"

	"kpsicologia/app/importer"
)

// slotWant is the expected outcome of one agenda row: kept with a parity,
// or rejected for a conflict with an earlier row.
type slotWant struct {
	conflict    string
	conflictRow int
	parity      int
}

// agendaCSV builds an agenda file from rows of "patient;psychologist;day;
// time;room;frequency"; the header is row 1.
func agendaCSV(rows ...string) []byte {
	return []byte("Paciente;Psicóloga;Dia;Horário;Sala;Frequência\n" + strings.Join(rows, "\n") + "\n")
}

func TestScheduleConflicts(t *testing.T) {
	const (
		psych = importer.ConflictPsychologist
		room  = importer.ConflictRoom
		pat   = importer.ConflictPatient
	)
	tests := []struct {
		name string
		rows []string
		want []slotWant
	}{
		{"partial overlap same psychologist", []string{
			"Ana;Dra. Lia;segunda;14:00;Sala 1;S",
			"Bia;Dra. Lia;segunda;14:30;Sala 2;S",
		}, []slotWant{{}, {psych, 2, 0}}},
		{"back to back", []string{
			"Ana;Dra. Lia;segunda;14:00;Sala 1;S",
			"Bia;Dra. Lia;segunda;14:50;Sala 1;S",
			"Caio;Dra. Lia;segunda;13:10;Sala 1;S",
		}, []slotWant{{}, {}, {}}},
		{"one minute overlap", []string{
			"Ana;Dra. Lia;segunda;14:00;Sala 1;S",
			"Bia;Dra. Lia;segunda;14:49;Sala 1;S",
		}, []slotWant{{}, {psych, 2, 0}}},
		{"same room", []string{
			"Ana;Dra. Lia;terça;09:00;Sala 1;S",
			"Bia;Dr. Rui;terça;09:20;sala 1;S",
		}, []slotWant{{}, {room, 2, 0}}},
		{"psychologist before room", []string{
			"Ana;Dr. Rui;terça;09:00;Sala 2;S",
			"Bia;Dra. Lia;terça;09:00;Sala 1;S",
			"Caio;Dra. Lia;terça;09:00;Sala 2;S",
		}, []slotWant{{}, {}, {psych, 3, 0}}},
		{"online is no room", []string{
			"Ana;Dra. Lia;quarta;10:00;Online;S",
			"Bia;Dr. Rui;quarta;10:00;on-line;S",
			"Caio;Dra. Eva;quarta;10:00;;S",
		}, []slotWant{{}, {}, {}}},
		{"other weekday", []string{
			"Ana;Dra. Lia;quinta;10:00;Sala 1;S",
			"Bia;Dra. Lia;sexta;10:00;Sala 1;S",
		}, []slotWant{{}, {}}},
		{"accents and case", []string{
			"Ana;Dra. Cecília Lopes;sábado;10:00;Sala Lúdica;S",
			"Bia;DRA. CECILIA LOPES;sabado;10:00;Online;S",
			"Caio;Dr. Rui;Sábado;10:00;SALA LUDICA;S",
		}, []slotWant{{}, {psych, 2, 0}, {room, 2, 0}}},
		{"titles ignored", []string{
			"Ana;Dra. Lia Matos;segunda;09:00;Sala 1;S",
			"Bia;Psicóloga Lia  Matos;segunda;09:30;Sala 2;S",
			"Caio;lia matos;segunda;09:40;Sala 3;S",
		}, []slotWant{{}, {psych, 2, 0}, {psych, 2, 0}}},
		{"same patient", []string{
			"Ana;Dra. Lia;segunda;08:00;Sala 1;S",
			"ana;Dr. Rui;segunda;08:30;Sala 2;S",
		}, []slotWant{{}, {pat, 2, 0}}},
		{"rejected row blocks nothing", []string{
			"Ana;Dra. Lia;segunda;14:00;Sala 1;S",
			"Bia;Dra. Lia;segunda;14:40;Sala 1;S",
			"Caio;Dr. Rui;segunda;15:00;Sala 1;S",
		}, []slotWant{{}, {psych, 2, 0}, {}}},
		{"biweekly partners", []string{
			"Ana;Dra. Lia;sábado;13:50;Sala 1;Q",
			"Bia;Dra. Lia;sábado;13:50;Sala 1;quinzenal",
		}, []slotWant{{}, {parity: 1}}},
		{"third biweekly", []string{
			"Ana;Dra. Lia;sábado;13:50;Sala 1;Q",
			"Bia;Dra. Lia;sábado;13:50;Sala 1;Q",
			"Caio;Dra. Lia;sábado;13:50;Sala 1;Q",
		}, []slotWant{{}, {parity: 1}, {psych, 2, 0}}},
		{"weekly after biweekly", []string{
			"Ana;Dra. Lia;sábado;13:50;Sala 1;Q",
			"Bia;Dra. Lia;sábado;14:00;Sala 2;S",
		}, []slotWant{{}, {psych, 2, 0}}},
		{"biweekly after weekly", []string{
			"Ana;Dra. Lia;sábado;13:50;Sala 1;S",
			"Bia;Dra. Lia;sábado;13:50;Sala 1;Q",
		}, []slotWant{{}, {psych, 2, 0}}},
		{"biweekly partial overlap", []string{
			"Ana;Dra. Lia;domingo;14:00;Sala 1;Q",
			"Bia;Dra. Lia;domingo;14:30;Sala 1;Q",
			"Caio;Dra. Lia;domingo;15:00;Sala 1;Q",
		}, []slotWant{{}, {parity: 1}, {}}},
		{"biweekly blocked in both weeks", []string{
			"Ana;Dra. Lia;domingo;14:00;Sala 1;Q",
			"Bia;Dr. Rui;domingo;14:00;Sala 2;Q",
			"Caio;Dr. Rui;domingo;14:00;Sala 1;Q",
			"Duda;Dra. Lia;domingo;14:00;Sala 2;Q",
			"Eva;Dra. Lia;domingo;14:00;Sala 3;Q",
		}, []slotWant{{}, {}, {parity: 1}, {parity: 1}, {psych, 2, 0}}},
		{"biweekly chain across resources", []string{
			"Ana;Dra. Lia;segunda;10:00;Sala 1;Q",
			"Bia;Dr. Rui;segunda;10:00;Sala 1;Q",
			"Caio;Dra. Lia;segunda;10:00;Sala 2;Q",
		}, []slotWant{{}, {parity: 1}, {parity: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb := readCSVText(t, "agenda.csv", agendaCSV(tt.rows...))
			if len(wb.Slots) != len(tt.want) {
				t.Fatalf("got %d slots, want %d", len(wb.Slots), len(tt.want))
			}
			for i, w := range tt.want {
				s := wb.Slots[i]
				if s.Conflict != w.conflict || s.ConflictRow != w.conflictRow {
					t.Errorf("row %d conflict = %q with row %d, want %q with row %d (%s)", s.Row, s.Conflict, s.ConflictRow, w.conflict, w.conflictRow, s.Message)
				}
				if s.Accepted != (w.conflict == "") {
					t.Errorf("row %d accepted = %v (%s)", s.Row, s.Accepted, s.Message)
				}
				if s.Accepted && s.Parity != w.parity {
					t.Errorf("row %d parity = %d, want %d", s.Row, s.Parity, w.parity)
				}
				if !s.Accepted && (s.Code != importer.CodeConflict || !strings.Contains(s.Message, "linha")) {
					t.Errorf("row %d code %q message %q", s.Row, s.Code, s.Message)
				}
			}
		})
	}
}

func TestScheduleSessionMinutes(t *testing.T) {
	rows := agendaCSV(
		"Ana;Dra. Lia;segunda;14:00;Sala 1;S",
		"Bia;Dra. Lia;segunda;14:50;Sala 1;S",
	)
	wb, err := importer.Options{Today: testToday, SessionMinutes: 60}.Read("agenda.csv", strings.NewReader(string(rows)))
	if err != nil {
		t.Fatal(err)
	}
	if s := wb.Slots[1]; s.Accepted || s.Minutes != 60 {
		t.Errorf("with 60-minute sessions, row 3 = %+v, want a conflict", s)
	}
}
