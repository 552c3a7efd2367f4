package importer_test

import (
	"testing"

	"kpsicologia/app/importer"
)

func TestPsychologistKey(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"Dra. Marina Tavares", "marina tavares"},
		{"DRA MARINA TAVARES", "marina tavares"},
		{"  marina   tavares ", "marina tavares"},
		{"Dr. Henrique Sá", "henrique sa"},
		{"Psicóloga Cecília Lopes", "cecilia lopes"},
		{"Psic. Cecília Lopes", "cecilia lopes"},
		{"psicólogo Rui Paiva", "rui paiva"},
		{"Psicóloga Dra. Renata Fontes", "renata fontes"},
		{"Drª Paula Vasconcelos", "paula vasconcelos"},
		{"Dr(a). Paula Vasconcelos", "paula vasconcelos"},
		{"Dra.", "dra."},
		{"Drauzio Lima", "drauzio lima"},
		{"Ana Dra", "ana dra"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := importer.PsychologistKey(tt.name); got != tt.want {
			t.Errorf("PsychologistKey(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPsychologistName(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"Dra. Marina Tavares", "Marina Tavares"},
		{"PSICÓLOGA  Cecília   Lopes", "Cecília Lopes"},
		{"Dr.", "Dr."},
		{"Marina Tavares", "Marina Tavares"},
	}
	for _, tt := range tests {
		if got := importer.PsychologistName(tt.name); got != tt.want {
			t.Errorf("PsychologistName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSlotOnline(t *testing.T) {
	wb := readCSVText(t, "agenda.csv", agendaCSV(
		"Ana;Dra. Lia;segunda;09:00;Online;S",
		"Bia;Dra. Lia;segunda;10:00;;S",
		"Caio;Dra. Lia;segunda;11:00;Sala 2;S",
		"Duda;Dra. Lia;segunda;12:00;Videochamada;S",
	))
	want := []struct {
		room   string
		online bool
	}{{"", true}, {"", false}, {"Sala 2", false}, {"", true}}
	if len(wb.Slots) != len(want) {
		t.Fatalf("got %d slots, want %d", len(wb.Slots), len(want))
	}
	for i, w := range want {
		s := wb.Slots[i]
		if s.Room != w.room || s.Online != w.online {
			t.Errorf("row %d room %q online %v, want %q %v", s.Row, s.Room, s.Online, w.room, w.online)
		}
	}
}

func TestWorkbookHeader(t *testing.T) {
	wb := readCSVText(t, "lista.csv", []byte("Nome completo;CPF do paciente;Terapeuta\nAna Lima;;Dra. Lia\n"))
	tests := []struct {
		column, want string
	}{
		{importer.ColumnName, "Nome completo"},
		{importer.ColumnCPF, "CPF do paciente"},
		{importer.ColumnPsychologist, "Terapeuta"},
		{importer.ColumnRoom, "Sala"},
		{"unknown", "Sala"},
	}
	for _, tt := range tests {
		if got := wb.Header("lista.csv", tt.column, "Sala"); got != tt.want {
			t.Errorf("Header(%q) = %q, want %q", tt.column, got, tt.want)
		}
	}
	if got := wb.Header("other", importer.ColumnName, "Nome"); got != "Nome" {
		t.Errorf("Header of a missing sheet = %q, want the fallback", got)
	}
}
