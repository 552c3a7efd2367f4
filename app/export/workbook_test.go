package export

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kpsicologia/app/export/xlsxtest"
)

func exportLoc(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		tb.Fatalf("load time zone: %v", err)
	}
	return loc
}

// exportBuild writes a workbook with build and opens the result.
func exportBuild(tb testing.TB, build func(w *Workbook)) *xlsxtest.Book {
	tb.Helper()
	w, err := New(exportLoc(tb))
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	defer w.Close()
	build(w)
	var buf bytes.Buffer
	n, err := w.WriteTo(&buf)
	if err != nil {
		tb.Fatalf("WriteTo: %v", err)
	}
	if n != int64(buf.Len()) {
		tb.Errorf("WriteTo returned %d bytes, wrote %d", n, buf.Len())
	}
	return xlsxtest.Open(tb, buf.Bytes())
}

func mustSheet(tb testing.TB, w *Workbook, name string, cols ...Column) *Sheet {
	tb.Helper()
	sh, err := w.AddSheet(name, cols...)
	if err != nil {
		tb.Fatalf("AddSheet %q: %v", name, err)
	}
	return sh
}

func mustAppend(tb testing.TB, sh *Sheet, values ...any) {
	tb.Helper()
	if err := sh.Append(values...); err != nil {
		tb.Fatalf("Append %v: %v", values, err)
	}
}

func TestMoneyCells(t *testing.T) {
	book := exportBuild(t, func(w *Workbook) {
		sh := mustSheet(t, w, "Pagamentos", Column{Header: "Valor", Kind: Money})
		for _, c := range []int64{11690, 11690, 11690, 10, 20, 123456, -1000, 0} {
			mustAppend(t, sh, c)
		}
		if err := sh.Total(int64(3*11690 + 10 + 20 + 123456 - 1000)); err != nil {
			t.Fatal(err)
		}
	})
	cells := book.Cells("Pagamentos")
	want := map[string]string{
		"A2": "116.9", "A3": "116.9", "A4": "116.9", "A5": "0.1",
		"A6": "0.2", "A7": "1234.56", "A8": "-10", "A9": "0",
		"A11": "1575.56",
	}
	for ref, v := range want {
		c := cells[ref]
		if c.Type != "" {
			t.Errorf("%s: type %q, want a number", ref, c.Type)
		}
		if c.Value != v {
			t.Errorf("%s: stored %q, want %q", ref, c.Value, v)
		}
		if got := book.NumFmt(c.Style); got != moneyFormat {
			t.Errorf("%s: number format %q, want %q", ref, got, moneyFormat)
		}
	}
	// The stored decimals add up to the exact cents, as a spreadsheet's
	// SUM rounded to two places shows them.
	var sum float64
	for _, ref := range []string{"A2", "A3", "A4"} {
		sum += cells[ref].Number(t)
	}
	if cents := math.Round(sum * 100); cents != 35070 {
		t.Errorf("3 × 116,90 sums to %v cents, want 35070", cents)
	}
	if cents := math.Round((cells["A5"].Number(t) + cells["A6"].Number(t)) * 100); cents != 30 {
		t.Errorf("0,10 + 0,20 sums to %v cents, want 30", cents)
	}
	if !book.Bold(cells["A11"].Style) {
		t.Errorf("total row is not bold")
	}
	if _, ok := cells["A10"]; ok {
		t.Errorf("row 10 should be the blank row between data and total")
	}
}

func TestTextStaysText(t *testing.T) {
	hostile := []string{
		"=SUM(A1)", "+5511987654321", "-x", "@x", "\tTab", "\rCR",
		`=HYPERLINK("http://127.0.0.1/","x")`, "=1+1", " =1", "01234",
		"<b>&amp;</b>",
	}
	book := exportBuild(t, func(w *Workbook) {
		sh := mustSheet(t, w, "Texto",
			Column{Header: "Nome", Kind: Text},
			Column{Header: "CPF", Kind: CPF},
			Column{Header: "Telefone", Kind: Phone})
		for _, s := range hostile {
			mustAppend(t, sh, s, s, s)
		}
		mustAppend(t, sh, "Ana", "01234567890", "11987654321")
	})
	raw := book.SheetXML("Texto")
	if strings.Contains(raw, "<f>") || strings.Contains(raw, "<f ") {
		t.Errorf("sheet XML contains a formula element")
	}
	cells := book.Cells("Texto")
	for i, s := range hostile {
		for _, col := range []string{"A", "B", "C"} {
			ref := col + strconv.Itoa(i+2)
			c := cells[ref]
			if c.Type != "inlineStr" {
				t.Errorf("%s (%q): type %q, want inlineStr", ref, s, c.Type)
			}
			if c.Formula != nil {
				t.Errorf("%s (%q): has a formula", ref, s)
			}
			if c.Text() != s {
				t.Errorf("%s: text %q, want %q", ref, c.Text(), s)
			}
			if got := book.NumFmt(c.Style); got != "builtin:49" {
				t.Errorf("%s: number format %s, want the text format", ref, got)
			}
		}
	}
	last := strconv.Itoa(len(hostile) + 2)
	if c := cells["B"+last]; c.Type != "inlineStr" || c.Text() != "012.345.678-90" {
		t.Errorf("CPF cell: type %q text %q, want text 012.345.678-90", c.Type, c.Text())
	}
	if c := cells["C"+last]; c.Type != "inlineStr" || c.Text() != "(11) 98765-4321" {
		t.Errorf("phone cell: type %q text %q, want text (11) 98765-4321", c.Type, c.Text())
	}
}

func TestDateCells(t *testing.T) {
	book := exportBuild(t, func(w *Workbook) {
		sh := mustSheet(t, w, "Agenda",
			Column{Header: "Data", Kind: Date},
			Column{Header: "Início", Kind: DateTime})
		at, err := w.LocalTime("2026-12-31", 21*60)
		if err != nil {
			t.Fatal(err)
		}
		mustAppend(t, sh, "2026-12-31", at)
		// 2027-01-01 00:30 UTC is 31/12/2026 21:30 in São Paulo.
		utc := time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC)
		mustAppend(t, sh, utc, utc)
		mustAppend(t, sh, "", time.Time{})
	})
	cells := book.Cells("Agenda")
	tests := []struct {
		ref, format string
		want        time.Time
	}{
		{"A2", dateFormat, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"B2", dateTimeFormat, time.Date(2026, 12, 31, 21, 0, 0, 0, time.UTC)},
		{"A3", dateFormat, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"B3", dateTimeFormat, time.Date(2026, 12, 31, 21, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		c := cells[tt.ref]
		serial := c.Number(t)
		got, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			t.Fatalf("%s: %v", tt.ref, err)
		}
		if !got.Round(time.Second).Equal(tt.want) {
			t.Errorf("%s: serial %v is %v, want wall time %v", tt.ref, serial, got, tt.want)
		}
		if f := book.NumFmt(c.Style); f != tt.format {
			t.Errorf("%s: number format %q, want %q", tt.ref, f, tt.format)
		}
	}
	// 31/12/2026 is day 46387 counted from Excel's 1900 epoch (30/12/1899),
	// and 21:00 is 0.875 of a day.
	if v := cells["A2"].Value; v != "46387" {
		t.Errorf("date serial %s, want 46387", v)
	}
	if v := cells["B2"].Number(t); v != 46387.875 {
		t.Errorf("date-time serial %v, want 46387.875", v)
	}
	if _, ok := cells["A4"]; ok {
		t.Errorf("empty date wrote a cell")
	}
	rows := book.Rows("Agenda")
	if got := rows[1][0]; got != "31/12/2026" {
		t.Errorf("date shown as %q, want 31/12/2026", got)
	}
	if got := rows[1][1]; got != "31/12/2026 21:00" {
		t.Errorf("date-time shown as %q, want 31/12/2026 21:00", got)
	}
}

func TestPercentAndInteger(t *testing.T) {
	book := exportBuild(t, func(w *Workbook) {
		sh := mustSheet(t, w, "Repasse",
			Column{Header: "Percentual", Kind: Percent},
			Column{Header: "Sessões", Kind: Integer})
		mustAppend(t, sh, int64(6000), 12)
		mustAppend(t, sh, int64(3333), int64(0))
	})
	cells := book.Cells("Repasse")
	if v := cells["A2"].Value; v != "0.6" {
		t.Errorf("60%% stored as %q, want 0.6", v)
	}
	if v := cells["A3"].Value; v != "0.3333" {
		t.Errorf("33,33%% stored as %q, want 0.3333", v)
	}
	if v := cells["B2"].Value; v != "12" {
		t.Errorf("integer stored as %q, want 12", v)
	}
	if f := book.NumFmt(cells["A2"].Style); f != "builtin:10" {
		t.Errorf("percent format %s, want builtin:10", f)
	}
}

func TestHeaderRow(t *testing.T) {
	book := exportBuild(t, func(w *Workbook) {
		sh := mustSheet(t, w, "Pacientes",
			Column{Header: "Nome", Kind: Text},
			Column{Header: "Nascimento", Kind: Date},
			Column{Header: "Valor da sessão", Kind: Money, Width: 20})
		mustAppend(t, sh, "Ana", "1990-05-01", int64(15000))
		mustAppend(t, sh, "Bia", "", int64(0))
		if err := sh.Total("Total", nil, int64(15000)); err != nil {
			t.Fatal(err)
		}
		if err := sh.Note("Período: 01/12/2026 a 31/12/2026"); err != nil {
			t.Fatal(err)
		}
	})
	cells := book.Cells("Pacientes")
	for _, ref := range []string{"A1", "B1", "C1"} {
		c := cells[ref]
		if c.Type != "inlineStr" {
			t.Errorf("header %s: type %q", ref, c.Type)
		}
		if !book.Bold(c.Style) {
			t.Errorf("header %s is not bold", ref)
		}
	}
	if cells["C1"].Text() != "Valor da sessão" {
		t.Errorf("header C1 %q", cells["C1"].Text())
	}
	raw := book.SheetXML("Pacientes")
	pane := firstMatch(raw, `<pane [^>]*>`)
	for _, attr := range []string{`ySplit="1"`, `topLeftCell="A2"`, `state="frozen"`} {
		if !strings.Contains(pane, attr) {
			t.Errorf("pane %q lacks %s", pane, attr)
		}
	}
	panes, err := book.File.GetPanes("Pacientes")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 {
		t.Errorf("panes %+v, want the first row frozen", panes)
	}
	// The filter covers the header and the two data rows, not the total
	// (row 5) or the note (row 6).
	if got := filterRef(raw); got != "A1:C3" {
		t.Errorf("autofilter range %q, want A1:C3", got)
	}
	if !strings.Contains(book.Part("xl/workbook.xml"), `_xlnm._FilterDatabase`) {
		t.Errorf("workbook lacks the filter's defined name")
	}
	widths := map[string]float64{"A": 24, "B": 13, "C": 20}
	for col, want := range widths {
		got, err := book.File.GetColWidth("Pacientes", col)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("column %s width %v, want %v", col, got, want)
		}
	}
	if c := cells["A6"]; c.Text() != "Período: 01/12/2026 a 31/12/2026" {
		t.Errorf("note at A6 is %q", c.Text())
	}
	if c := cells["A5"]; c.Text() != "Total" || !book.Bold(c.Style) {
		t.Errorf("total label at A5: %q bold=%v", c.Text(), book.Bold(c.Style))
	}
	if _, ok := cells["B3"]; ok {
		t.Errorf("empty birth date wrote a cell")
	}
}

// filterRef returns the range of the sheet's autoFilter element without
// the $ signs excelize writes.
func filterRef(sheetXML string) string {
	m := regexp.MustCompile(`<autoFilter ref="([^"]*)"`).FindStringSubmatch(sheetXML)
	if m == nil {
		return ""
	}
	return strings.ReplaceAll(m[1], "$", "")
}

func firstMatch(s, re string) string {
	return regexp.MustCompile(`(?s)` + re).FindString(s)
}

func TestEmptySheetFilter(t *testing.T) {
	book := exportBuild(t, func(w *Workbook) {
		sh := mustSheet(t, w, "Despesas", Column{Header: "Data", Kind: Date},
			Column{Header: "Valor", Kind: Money})
		if err := sh.Note("Nenhuma despesa no período."); err != nil {
			t.Fatal(err)
		}
	})
	raw := book.SheetXML("Despesas")
	if got := filterRef(raw); got != "A1:B1" {
		t.Errorf("autofilter range of an empty sheet %q, want A1:B1", got)
	}
}

func TestAppendErrors(t *testing.T) {
	w, err := New(exportLoc(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sh := mustSheet(t, w, "Dados",
		Column{Header: "Valor", Kind: Money},
		Column{Header: "Data", Kind: Date})
	tests := []struct {
		name   string
		values []any
	}{
		{"float money", []any{116.9, "2026-12-01"}},
		{"string money", []any{"116,90", "2026-12-01"}},
		{"bad date", []any{int64(1), "31/12/2026"}},
		{"impossible date", []any{int64(1), "2026-02-30"}},
		{"too few", []any{int64(1)}},
		{"too many", []any{int64(1), "2026-12-01", "x"}},
	}
	for _, tt := range tests {
		if err := sh.Append(tt.values...); err == nil {
			t.Errorf("%s: Append(%v) succeeded", tt.name, tt.values)
		}
	}
	if err := sh.Total(int64(1), nil); err != nil {
		t.Fatal(err)
	}
	if err := sh.Append(int64(1), "2026-12-01"); err == nil {
		t.Errorf("Append after Total succeeded")
	}
	if _, err := w.AddSheet("Vazia"); err == nil {
		t.Errorf("AddSheet without columns succeeded")
	}
}

func TestWriteWithoutSheets(t *testing.T) {
	w, err := New(exportLoc(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.WriteTo(&bytes.Buffer{}); err == nil {
		t.Errorf("WriteTo of a workbook without sheets succeeded")
	}
}
