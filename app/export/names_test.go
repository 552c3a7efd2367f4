package export

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func TestSheetName(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Resumo", "Resumo"},
		{"Repasse 12/2026", "Repasse 12-2026"},
		{`a:b\c/d?e*f[g]h`, "a-b-c-d-e-f-g-h"},
		{"  Dra.   Ana\tSilva\n", "Dra. Ana Silva"},
		{"'Ana'", "Ana"},
		{"D'Ávila", "D’Ávila"},
		{"''''", "Planilha"},
		{"", "Planilha"},
		{"   ", "Planilha"},
		{"[]", "--"},
		{"Psicóloga com um nome muito comprido demais", "Psicóloga com um nome muito com"},
		{"Nome comprido que termina em '  x", "Nome comprido que termina em"},
		{"\x00\x01abc\x7f", "abc"},
		{strings.Repeat("😀", 20), strings.Repeat("😀", 15)},
	}
	for _, tt := range tests {
		got := SheetName(tt.in)
		if got != tt.want {
			t.Errorf("SheetName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := len(utf16.Encode([]rune(got))); n > 31 {
			t.Errorf("SheetName(%q) has %d UTF-16 units", tt.in, n)
		}
		if strings.ContainsAny(got, `:\/?*[]`) {
			t.Errorf("SheetName(%q) = %q keeps a forbidden character", tt.in, got)
		}
	}
}

func TestSheetNamesUnique(t *testing.T) {
	long := "Psicóloga com um nome muito comprido demais"
	inputs := []string{"Ana", "ana", "ANA", "History", long, long, "", "Planilha"}
	want := []string{"Ana", "ana (2)", "ANA (3)", "History (2)",
		"Psicóloga com um nome muito com", "Psicóloga com um nome muito (2)",
		"Planilha", "Planilha (2)"}
	var n sheetNames
	for i, in := range inputs {
		if got := n.add(in); got != want[i] {
			t.Errorf("add(%q) = %q, want %q", in, got, want[i])
		}
	}
}

// TestHostileSheetNames writes a workbook with names a psychologist's
// profile could hold and checks that Excel's rules hold in the file.
func TestHostileSheetNames(t *testing.T) {
	inputs := []string{
		"Dra. Ana: [teste]/?*", "dra. ana- -teste----", "'=cmd|' /C calc'!A0",
		"History", "", "Ana D'Ávila", strings.Repeat("x", 40),
		strings.Repeat("x", 40),
	}
	var written []string
	book := exportBuild(t, func(w *Workbook) {
		for i, in := range inputs {
			sh := mustSheet(t, w, in, Column{Header: "N", Kind: Integer})
			mustAppend(t, sh, i)
			written = append(written, sh.Name())
		}
	})
	got := book.SheetNames()
	if strings.Join(got, "|") != strings.Join(written, "|") {
		t.Fatalf("workbook sheets %q, want %q", got, written)
	}
	seen := map[string]bool{}
	for _, name := range got {
		key := strings.ToLower(name)
		if seen[key] {
			t.Errorf("sheet name %q repeats", name)
		}
		seen[key] = true
		if name == "" || len(utf16.Encode([]rune(name))) > 31 ||
			strings.ContainsAny(name, `:\/?*[]`) ||
			strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") {
			t.Errorf("invalid sheet name %q", name)
		}
		// Each sheet opens and holds its one data row.
		if rows := book.Rows(name); len(rows) != 2 {
			t.Errorf("sheet %q has %d rows, want 2", name, len(rows))
		}
	}
	if strings.EqualFold(got[3], "History") {
		t.Errorf("reserved name History was used")
	}
}
