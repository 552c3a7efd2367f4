package importer

import (
	"testing"
	"time"
)

func TestSerialDate(t *testing.T) {
	tests := []struct {
		raw      string
		date1904 bool
		want     string
		ok       bool
	}{
		{"1", false, "1900-01-01", true},
		{"59", false, "1900-02-28", true},
		{"60", false, "", false}, // Excel's 1900-02-29 never existed
		{"61", false, "1900-03-01", true},
		{"23081", false, "1963-03-11", true},
		{"44105", false, "2020-10-01", true},
		{"45000.75", false, "2023-03-15", true},
		{"4.4105E4", false, "2020-10-01", true},
		{"0", false, "", false},
		{"-5", false, "", false},
		{"999999999", false, "", false},
		{"abc", false, "", false},
		{"0", true, "1904-01-01", true},
		{"28259", true, "1981-05-15", true},
	}
	for _, tt := range tests {
		got, err := serialDate(tt.raw, tt.date1904)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("serialDate(%q, %v) = %q, %v; want %q, ok %v", tt.raw, tt.date1904, got, err, tt.want, tt.ok)
		}
	}
}

func TestSerialTime(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"0.5", "12:00", true},
		{"0.57638888888888884", "13:50", true},
		{"0.5763888", "13:50", true},
		{"45000.25", "06:00", true},
		{"0", "00:00", true},
		{"0.99999", "00:00", true}, // 23:59:59 rounds to midnight
		{"-0.5", "", false},
		{"x", "", false},
	}
	for _, tt := range tests {
		got, err := serialTime(tt.raw)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("serialTime(%q) = %q, %v; want %q, ok %v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestNumberCents(t *testing.T) {
	tests := []struct {
		raw  string
		want int64
		ok   bool
	}{
		{"150", 15000, true},
		{"150.5", 15050, true},
		{"116.9", 11690, true},
		{"150.30000000000001", 15030, true},
		{"80.499999999999986", 8050, true},
		{"1E3", 100000, true},
		{"0", 0, true},
		{"150.333", 0, false},
		{"150.005", 0, false},
		{"-10", 0, false},
		{"1E12", 0, false},
		{"abc", 0, false},
	}
	for _, tt := range tests {
		got, err := numberCents(tt.raw)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("numberCents(%q) = %d, %v; want %d, ok %v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestNumberDigits(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"4337849386", "4337849386"},
		{"1.1987654321E10", "11987654321"},
		{"123.5", ""},
		{"-1", ""},
	}
	for _, tt := range tests {
		if got := numberDigits(tt.raw); got != tt.want {
			t.Errorf("numberDigits(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestFormatKind(t *testing.T) {
	tests := []struct {
		code string
		want cellKind
	}{
		{"dd/mm/yyyy", kindDate},
		{"d/m/yy;@", kindDate},
		{"[$-416]d/m/yy;@", kindDate},
		{"mmm-yy", kindDate},
		{"mm/yyyy", kindDate},
		{"dd/mm/yyyy hh:mm", kindDateTime},
		{"h:mm", kindTime},
		{"hh:mm:ss", kindTime},
		{"[h]:mm", kindTime},
		{"mm:ss", kindTime},
		{"h:mm AM/PM", kindTime},
		{"General", kindNumber},
		{"0.00", kindNumber},
		{`"R$" #,##0.00`, kindNumber},
		{`[$R$-416] #,##0.00;[Red]-[$R$-416] #,##0.00`, kindNumber},
		{"#,##0.00_);[Red](#,##0.00)", kindNumber},
		{`0 "dias"`, kindNumber},
		{`0\d`, kindNumber},
		{"[Yellow]0.00", kindNumber},
		{"0.00E+00", kindNumber},
		{"@", kindNumber},
	}
	for _, tt := range tests {
		if got := formatKind(tt.code); got != tt.want {
			t.Errorf("formatKind(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestBuiltInFormatKind(t *testing.T) {
	tests := []struct {
		id   int
		want cellKind
	}{
		{0, kindNumber}, {2, kindNumber}, {14, kindDate}, {17, kindDate},
		{18, kindTime}, {21, kindTime}, {22, kindDateTime}, {45, kindTime},
		{47, kindTime}, {49, kindNumber}, {57, kindDate}, {31, kindDate},
		{32, kindTime}, {56, kindTime},
	}
	for _, tt := range tests {
		if got := builtInFormatKind(tt.id); got != tt.want {
			t.Errorf("builtInFormatKind(%d) = %d, want %d", tt.id, got, tt.want)
		}
	}
}

func TestCSVSeparator(t *testing.T) {
	tests := []struct {
		text string
		want rune
	}{
		{"Nome;CPF;Valor\r\nAna;1;2", ';'},
		{"Nome,CPF,Valor\nAna,1,2", ','},
		{"Nome\tCPF\nAna\t1", '\t'},
		{"\r\n\r\nNome,CPF\n", ','},
		{`"Nome; completo",CPF,Valor` + "\n", ','},
		{"Nome;Valor, em reais\n", ';'},
		{"Nome\n", ';'},
		{"", ';'},
	}
	for _, tt := range tests {
		if got := csvSeparator(tt.text); got != tt.want {
			t.Errorf("csvSeparator(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseWeekday(t *testing.T) {
	tests := []struct {
		in   string
		want time.Weekday
		ok   bool
	}{
		{"segunda", time.Monday, true},
		{"Segunda-feira", time.Monday, true},
		{"SEG", time.Monday, true},
		{"seg.", time.Monday, true},
		{"2ª feira", time.Monday, true},
		{"terça", time.Tuesday, true},
		{"Terca-Feira", time.Tuesday, true},
		{"quarta", time.Wednesday, true},
		{"quinta", time.Thursday, true},
		{" sexta ", time.Friday, true},
		{"sábado", time.Saturday, true},
		{"SABADO", time.Saturday, true},
		{"domingo", time.Sunday, true},
		{"", 0, false},
		{"monday", 0, false},
		{"2", 0, false},
	}
	for _, tt := range tests {
		got, err := parseWeekday(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseWeekday(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseFrequency(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"semanal", Weekly, true},
		{"Semanal", Weekly, true},
		{"SEMANAL ", Weekly, true},
		{"S", Weekly, true},
		{"s.", Weekly, true},
		{"", Weekly, true},
		{"quinzenal", Biweekly, true},
		{"Quinzenal", Biweekly, true},
		{"Q", Biweekly, true},
		{"a cada 15 dias", Biweekly, true},
		{"mensal", "", false},
		{"2x por semana", "", false},
		{"x", "", false},
	}
	for _, tt := range tests {
		got, err := parseFrequency(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseFrequency(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestHeaderKey(t *testing.T) {
	tests := []struct {
		header string
		want   field
	}{
		{"Nome", fieldName},
		{" NOME COMPLETO ", fieldName},
		{"Paciente", fieldName},
		{"Data de nascimento", fieldBirthDate},
		{"Data nasc.", fieldBirthDate},
		{"D.N.", fieldBirthDate},
		{"DN", fieldBirthDate},
		{"Telefone/WhatsApp", fieldPhone},
		{"Fone", fieldPhone},
		{"Responsável", fieldGuardian},
		{"Responsavel", fieldGuardian},
		{"Nome do responsável", fieldGuardian},
		{"CPF do Responsável", fieldGuardianCPF},
		{"Valor da sessão", fieldPrice},
		{"Valor (R$)", fieldPrice},
		{"Preço", fieldPrice},
		{"Freq.", fieldFrequency},
		{"Psicólogo(a)", fieldPsychologist},
		{"Terapeuta", fieldPsychologist},
		{"Observações", fieldNotes},
		{"E-mail", fieldEmail},
		{"Nome social", fieldSocialName},
		{"Horário", fieldTime},
		{"Dia da semana", fieldWeekday},
		{"Sala", fieldRoom},
	}
	for _, tt := range tests {
		if got := headerFields[headerKey(tt.header)]; got != tt.want {
			t.Errorf("header %q maps to %d (key %q), want %d", tt.header, got, headerKey(tt.header), tt.want)
		}
	}
	if _, ok := headerFields[headerKey("Convênio")]; ok {
		t.Error("an unknown header was mapped")
	}
}
