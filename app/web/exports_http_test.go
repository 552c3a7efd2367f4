package web

import (
	"context"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportsPageByRole(t *testing.T) {
	c := exportsSeed(t)
	tests := []struct {
		user string
		want []string
		deny []string
	}{
		{"admin", []string{"pacientes", "agenda", "presencas", "lancamentos", "a-receber",
			"despesas", "resumo-mensal", "repasse", "fechamento"}, nil},
		{"recepcao", []string{"pacientes", "agenda", "presencas"},
			[]string{"lancamentos", "a-receber", "despesas", "resumo-mensal", "repasse", "fechamento"}},
		{"ana", []string{"pacientes", "agenda", "presencas", "lancamentos", "a-receber", "repasse"},
			[]string{"despesas", "resumo-mensal", "fechamento"}},
	}
	for _, tt := range tests {
		cl := c.app.login(t, tt.user)
		res := cl.get(t, "/exports")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: /exports status %d", tt.user, res.StatusCode)
		}
		for _, slug := range tt.want {
			if !strings.Contains(res.Body, `action="/exports/`+slug+`.xlsx"`) {
				t.Errorf("%s: page lacks the %s form", tt.user, slug)
			}
			if !strings.Contains(res.Body, `href="/exports/`+slug+`.xlsx`) {
				t.Errorf("%s: page lacks a %s link", tt.user, slug)
			}
		}
		for _, slug := range tt.deny {
			if strings.Contains(res.Body, "/exports/"+slug+".xlsx") {
				t.Errorf("%s: page offers %s", tt.user, slug)
			}
			if got := cl.get(t, "/exports/"+slug+".xlsx").StatusCode; got != http.StatusForbidden {
				t.Errorf("%s: GET %s status %d, want 403", tt.user, slug, got)
			}
		}
	}
}

func TestExportBadInput(t *testing.T) {
	c := exportsSeed(t)
	admin := c.app.login(t, "admin")
	tests := []struct {
		path   string
		status int
		msg    string
	}{
		{"/exports/agenda.xlsx?from=2026-13-01&to=2026-12-31", 422, "A data inicial"},
		{"/exports/agenda.xlsx?from=31/12/2026&to=01/12/2026", 422, "é depois da data final"},
		{"/exports/agenda.xlsx?from=ontem", 422, "não é válida"},
		{"/exports/agenda.xlsx?from=2026-12-01&to=2026-02-30", 422, "A data final"},
		{"/exports/fechamento.xlsx?month=2026-13", 422, "O mês"},
		{"/exports/fechamento.xlsx?month=dezembro", 422, "O mês"},
		{"/exports/fechamento.xlsx?month=2026-12&from=2026-12-01", 422, "não os dois"},
		{"/exports/a-receber.xlsx?to=2026-02-29", 422, "A data final"},
		{"/exports/repasse.xlsx?psicologa=abc", 404, "Psicóloga não encontrada"},
		{"/exports/repasse.xlsx?psicologa=999", 404, "Psicóloga não encontrada"},
	}
	for _, tt := range tests {
		res := admin.get(t, tt.path)
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, res.StatusCode, tt.status)
		}
		if !strings.Contains(res.Body, tt.msg) {
			t.Errorf("%s: page lacks %q", tt.path, tt.msg)
		}
		if strings.Contains(res.Header.Get("Content-Type"), "spreadsheet") {
			t.Errorf("%s: sent a spreadsheet", tt.path)
		}
	}
	// The failed card keeps what was typed and is marked invalid.
	res := admin.get(t, "/exports/agenda.xlsx?from=2026-12-31&to=2026-12-01")
	if !strings.Contains(res.Body, `value="2026-12-31"`) || !strings.Contains(res.Body, "is-invalid") {
		t.Errorf("failed form does not keep the input")
	}
	// A psychologist naming another psychologist gets 404, not 403.
	ana := c.app.login(t, "ana")
	res = ana.get(t, "/exports/repasse.xlsx?psicologa="+exportsItoa(c.bia))
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("ana asking for bia's payout: status %d, want 404", res.StatusCode)
	}
}

func exportsItoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestExportDefaultsAndHeaders(t *testing.T) {
	c := exportsSeed(t)
	_, res := c.download(t, "admin", "/exports/agenda.xlsx")
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="agenda-2026-12.xlsx"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	_, res = c.download(t, "admin", "/exports/agenda.xlsx?from=01/12/2026&to=15/12/2026")
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "agenda-2026-12-01-a-2026-12-15.xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	_, res = c.download(t, "admin", "/exports/a-receber.xlsx")
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "a-receber-2026-12-04.xlsx") {
		t.Errorf("Content-Disposition %q, want the position on today", cd)
	}
	entries, err := c.app.db.AuditLog(context.Background(), "spreadsheet", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 || !strings.HasPrefix(entries[0].Detail, "a-receber 2026-12-04") {
		t.Errorf("audit entries %+v", entries)
	}
}

func TestExportPatientsCells(t *testing.T) {
	c := exportsSeed(t)
	book, _ := c.download(t, "recepcao", "/exports/pacientes.xlsx?month=2026-12")
	if names := book.SheetNames(); len(names) != 1 || names[0] != "Pacientes" {
		t.Fatalf("sheets %q", names)
	}

	raw := book.SheetXML("Pacientes")
	if strings.Contains(raw, "<f>") {
		t.Errorf("patients sheet has a formula")
	}
	cells := book.Cells("Pacientes")
	// Rows are by name, and "=SUM(A1)" sorts before "Fábio".
	textCells := map[string]string{
		"A2": exportsCarlaName, "B2": "@x", "D2": "012.345.678-90",
		"E2": "(11) 98765-4321", "F2": "+5511987654321",
		"A3": exportsFabioName, "D3": "987.654.321-00",
	}
	for ref, want := range textCells {
		cell := cells[ref]
		if cell.Type != "inlineStr" || cell.Text() != want || cell.Formula != nil {
			t.Errorf("%s: type %q text %q formula %v, want text %q", ref, cell.Type,
				cell.Text(), cell.Formula != nil, want)
		}
	}

	birth := cells["C2"]
	if birth.Number(t) != 32994 || book.NumFmt(birth.Style) != "dd/mm/yyyy" {
		t.Errorf("birth date %q format %q, want 32994 (01/05/1990) as dd/mm/yyyy",
			birth.Value, book.NumFmt(birth.Style))
	}
	price := cells["M2"]
	if price.Value != "116.9" || !strings.Contains(book.NumFmt(price.Style), `"R$ "`) {
		t.Errorf("price %q format %q", price.Value, book.NumFmt(price.Style))
	}
	if done := cells["P2"]; done.Value != "3" {
		t.Errorf("sessions done %q, want 3", done.Value)
	}

	if !book.Bold(cells["A1"].Style) {
		t.Errorf("header not bold")
	}
	panes, err := book.File.GetPanes("Pacientes")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v, want the header frozen", panes, err)
	}
	if !regexp.MustCompile(`<autoFilter ref="\$?A\$?1:\$?Q\$?3"`).MatchString(raw) {
		t.Errorf("autofilter: %s", regexp.MustCompile(`<autoFilter[^>]*>`).FindString(raw))
	}
}

func TestExportAgendaMonthEdge(t *testing.T) {
	c := exportsSeed(t)
	book, _ := c.download(t, "admin", "/exports/agenda.xlsx?month=2026-12")
	rows := book.Rows("Agenda")
	var last []string
	for _, r := range rows[1:] {
		if len(r) > 0 && strings.HasPrefix(r[0], "31/12/2026") {
			last = r
		}
	}
	if last == nil {
		t.Fatalf("the 21:00 session of 31/12 is missing from December: %q", rows)
	}
	if last[0] != "31/12/2026 21:00" || last[1] != "31/12/2026 21:50" || last[2] != "quinta-feira" {
		t.Errorf("31/12 session shown as %q", last[:3])
	}
	// The stored value is 31/12/2026 (serial 46387) plus 21/24 of a day.
	for ref, cell := range book.Cells("Agenda") {
		if strings.HasPrefix(ref, "A") && ref != "A1" && strings.HasPrefix(cell.Value, "46387.") {
			if v := cell.Number(t); math.Abs(v-46387.875) > 1e-9 {
				t.Errorf("%s: serial %v, want 46387.875", ref, v)
			}
			got, _ := excelize.ExcelDateToTime(cell.Number(t), false)
			if got.Hour() != 21 || got.Day() != 31 {
				t.Errorf("%s: %v, want 31/12 21:00", ref, got)
			}
		}
	}

	jan, _ := c.download(t, "admin", "/exports/agenda.xlsx?month=2027-01")
	for _, r := range jan.Rows("Agenda")[1:] {
		if len(r) > 0 && strings.HasPrefix(r[0], "31/12") {
			t.Errorf("January export holds a December session: %q", r)
		}
	}
}

func TestExportPsychologistSeesOnlyOwn(t *testing.T) {
	c := exportsSeed(t)
	for _, slug := range []string{"pacientes", "agenda", "presencas", "lancamentos", "a-receber", "repasse"} {
		book, _ := c.download(t, "ana", "/exports/"+slug+".xlsx?to=2026-12-31&from=2026-12-01")
		text := exportsAllText(t, book)
		if strings.Contains(text, exportsFabioName) || strings.Contains(text, "Bia Souza") {
			t.Errorf("%s: ana's export contains bia's patient or name", slug)
		}
		if slug != "a-receber" && !strings.Contains(text, exportsCarlaName) {
			t.Errorf("%s: ana's export lacks her own patient", slug)
		}
	}
	book, _ := c.download(t, "bia", "/exports/repasse.xlsx?month=2026-12")
	names := book.SheetNames()
	if len(names) != 2 || names[1] != "Bia Souza" {
		t.Errorf("bia's payout sheets %q, want Resumo and Bia Souza", names)
	}
	if strings.Contains(exportsAllText(t, book), exportsCarlaName) {
		t.Errorf("bia's payout contains ana's patient")
	}
}

func TestExportLedgerMoney(t *testing.T) {
	c := exportsSeed(t)
	book, _ := c.download(t, "admin", "/exports/lancamentos.xlsx?month=2026-12")
	rows := book.Rows("Lançamentos")
	cells := book.Cells("Lançamentos")
	var payments []float64
	var balance string
	for i, r := range rows[1:] {
		ref := "I" + exportsItoa(int64(i+2))
		if len(r) > 3 && r[3] == "Pagamento" && r[0] == exportsCarlaName {
			cell := cells[ref]
			if book.NumFmt(cell.Style) != `"R$ "#,##0.00;\-"R$ "#,##0.00` {
				t.Errorf("%s: format %q", ref, book.NumFmt(cell.Style))
			}
			payments = append(payments, cell.Number(t))
			balance = cells["J"+exportsItoa(int64(i+2))].Value
		}
	}

	want := []float64{116.9, 116.9, 116.9, 0.1, 0.2}
	if len(payments) != len(want) {
		t.Fatalf("carla's payments %v, want %v", payments, want)
	}
	for i := range want {
		if payments[i] != want[i] {
			t.Errorf("payment %d stored as %v, want %v", i, payments[i], want[i])
		}
	}
	var sum float64
	for _, p := range payments {
		sum += p
	}
	if math.Round(sum*100) != 35100 {
		t.Errorf("payments sum to %v, want 351,00", sum)
	}
	// Carla was charged 3 × 116,90 and paid 351,00: a credit of 0,30.
	if balance != "-0.3" {
		t.Errorf("carla's last balance %q, want -0.3", balance)
	}

	raw := book.SheetXML("Lançamentos")
	if strings.Contains(raw, "<f>") {
		t.Errorf("ledger has a formula")
	}
	// The payer "+55 pagador" stays text.
	if !strings.Contains(strings.Join(exportsFlatten(rows), "|"), "Pago por +55 pagador") {
		t.Errorf("payer text missing")
	}

	// The total row: charged 3 × 116,90 + 200,00, paid 351,00 + 123,45.
	totalRow := rows[len(rows)-3]
	if totalRow[0] != "Total do período" {
		t.Fatalf("row before the notes is %q", totalRow)
	}
	for ref, cell := range cells {
		if strings.HasPrefix(ref, "H") && cells["A"+ref[1:]].Text() == "Total do período" {
			if cell.Value != "550.7" {
				t.Errorf("total charged %q, want 550.7", cell.Value)
			}
			if paid := cells["I"+ref[1:]].Value; paid != "474.45" {
				t.Errorf("total paid %q, want 474.45", paid)
			}
		}
	}
}

func exportsFlatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func TestExportClosingWorkbook(t *testing.T) {
	c := exportsSeed(t)
	book, res := c.download(t, "admin", "/exports/fechamento.xlsx?month=2026-12")
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "fechamento-2026-12.xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	want := []string{"Resumo", "Lançamentos", "Despesas", "A receber", "Repasse"}
	if got := book.SheetNames(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	for _, name := range want {
		raw := book.SheetXML(name)
		if strings.Contains(raw, "<f>") {
			t.Errorf("%s: has a formula", name)
		}
		if !strings.Contains(raw, `state="frozen"`) || !strings.Contains(raw, "<autoFilter") {
			t.Errorf("%s: header not frozen or no autofilter", name)
		}
		if !book.Bold(book.Cells(name)["A1"].Style) {
			t.Errorf("%s: header not bold", name)
		}
	}

	expenses := strings.Join(exportsFlatten(book.Rows("Despesas")), "|")
	if strings.Contains(expenses, "Excluída por engano") {
		t.Errorf("a deleted expense was exported")
	}
	if !strings.Contains(expenses, "=cmd|calc") {
		t.Errorf("the expense description is missing")
	}

	summary := map[string]string{}
	cells := book.Cells("Resumo")
	for ref, cell := range cells {
		if strings.HasPrefix(ref, "B") {
			summary[cell.Text()] = cells["D"+ref[1:]].Value
		}
	}
	checks := map[string]string{
		"Faturado (cobranças do período)":  "550.7",
		"Recebido (pagamentos do período)": "474.45",
		"Despesas":                         "2500",
		"Resultado (recebido − despesas)":  "-2025.55",
		"Repasse às psicólogas":            "272.15",
		"Recebido sem alocação":            "0.3",
		// Received 474,45 less the payouts 272,15, the 0,30 included.
		"Parte da clínica (recebido − repasse)": "202.3",
	}
	for item, want := range checks {
		if summary[item] != want {
			t.Errorf("Resumo %q = %q, want %q", item, summary[item], want)
		}
	}

	repasse := book.Rows("Repasse")
	if len(repasse) < 3 || repasse[1][0] != "Bia Souza" || repasse[2][0] != "Dra. [Ana]: 1/2" {
		t.Errorf("Repasse rows %q", repasse)
	}
}

func TestExportPayoutSheets(t *testing.T) {
	c := exportsSeed(t)
	book, _ := c.download(t, "admin", "/exports/repasse.xlsx?month=2026-12")
	names := book.SheetNames()
	want := []string{"Resumo", "Bia Souza", "Dra. -Ana-- 1-2"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", names, want)
	}
	// Ana received 3 × 116,90 = 350,70; 60 % is 210,42.
	rows := book.Rows("Dra. -Ana-- 1-2")
	var labels []string
	for _, r := range rows {
		if len(r) > 5 && r[0] == "" && r[1] != "" {
			labels = append(labels, r[1]+"="+r[5])
		}
	}
	got := strings.Join(labels, ",")
	if !strings.Contains(got, "Total recebido=") || !strings.Contains(got, "Repasse (60,00 %)=") {
		t.Errorf("payout totals %q", got)
	}
	cells := book.Cells("Dra. -Ana-- 1-2")
	values := map[string]string{}
	for ref, cell := range cells {
		if strings.HasPrefix(ref, "B") {
			values[cell.Text()] = cells["F"+ref[1:]].Value
		}
	}
	if values["Total recebido"] != "350.7" || values["Repasse (60,00 %)"] != "210.42" ||
		values["Parte da clínica"] != "140.28" {
		t.Errorf("ana's payout values %v", values)
	}
	// Bia received 123,45; 50 % is 61,725, rounded half up.
	bia := book.Cells("Bia Souza")
	for ref, cell := range bia {
		if cell.Text() == "Repasse (50,00 %)" {
			if v := bia["F"+ref[1:]].Value; v != "61.73" {
				t.Errorf("bia's payout %q, want 61.73", v)
			}
		}
	}

	one, _ := c.download(t, "admin", "/exports/repasse.xlsx?month=2026-12&psicologa="+exportsItoa(c.bia))
	if names := one.SheetNames(); strings.Join(names, "|") != "Resumo|Bia Souza" {
		t.Errorf("one psychologist's payout sheets %q", names)
	}
}

func TestExportAttendance(t *testing.T) {
	c := exportsSeed(t)
	book, _ := c.download(t, "admin", "/exports/presencas.xlsx?month=2026-12")
	rows := book.Rows("Presenças")
	var dates []string
	for _, r := range rows[1:] {
		if len(r) > 0 && strings.HasPrefix(r[0], "3") && strings.Contains(r[0], "/12/2026 ") {
			dates = append(dates, r[0])
		}
	}
	// The clock is 04/12/2026, so the 31/12 session is not attendance yet.
	for _, d := range dates {
		if strings.HasPrefix(d, "31/12") {
			t.Errorf("a future session is in the attendance export: %s", d)
		}
	}

	summary := book.Rows("Resumo por psicóloga")
	if len(summary) < 3 || summary[0][1] != "Realizada" {
		t.Fatalf("summary %q", summary)
	}
	rateCells := book.Cells("Resumo por psicóloga")
	for ref, cell := range rateCells {
		if strings.HasPrefix(ref, "K") && ref != "K1" && cell.Value != "" {
			if cell.Value != "1" {
				t.Errorf("%s attendance rate %q, want 1 (100 %%)", ref, cell.Value)
			}
		}
	}

	text := strings.Join(exportsFlatten(rows), "|")
	if !strings.Contains(text, "as seguintes ainda não aconteceram") {
		t.Errorf("attendance lacks the note on future sessions")
	}
}

func TestExportReceivables(t *testing.T) {
	c := exportsSeed(t)
	book, _ := c.download(t, "admin", "/exports/a-receber.xlsx?to=2026-12-31")
	rows := book.Rows("A receber")
	if len(rows) < 2 || rows[1][0] != exportsFabioName {
		t.Fatalf("rows %q", rows)
	}
	// Fábio owes 200,00 − 123,45 from 03/12: 28 days on 31/12.
	cells := book.Cells("A receber")
	if v := cells["G2"].Value; v != "76.55" {
		t.Errorf("open %q, want 76.55", v)
	}
	if v := cells["F2"].Value; v != "28" {
		t.Errorf("days %q, want 28", v)
	}
	if v := cells["H2"].Value; v != "76.55" {
		t.Errorf("0–30 bucket %q, want 76.55", v)
	}
	if _, ok := cells["I2"]; !ok {
		// Zero is written as a number, not left empty.
		t.Errorf("31–60 bucket cell missing")
	}
}

// TestExportHostileCellsEverywhere checks every exported workbook for
// formula elements and for hostile strings stored as anything but text.
func TestExportHostileCellsEverywhere(t *testing.T) {
	c := exportsSeed(t)
	for _, k := range exportKinds() {
		book, _ := c.download(t, "admin", "/exports/"+k.Slug+".xlsx?month=2026-12")
		for _, name := range book.SheetNames() {
			if strings.Contains(book.SheetXML(name), "<f>") {
				t.Errorf("%s/%s: formula element", k.Slug, name)
			}
			for ref, cell := range book.Cells(name) {
				// Numbers (no type) may be negative; any other cell that
				// starts like a formula must be an inline string.
				s := cell.Text()
				if cell.Type != "" && s != "" && strings.ContainsAny(s[:1], "=+-@\t\r") &&
					cell.Type != "inlineStr" {
					t.Errorf("%s/%s!%s: %q stored with type %q", k.Slug, name, ref, s, cell.Type)
				}
			}
		}
	}
}
