package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kpsicologia/app/export/xlsxtest"
)

// unifyClinic is one ledger that the finance pages and the spreadsheets
// must report alike, built through the HTTP handlers the clinic uses:
//
//   - Carla (Dra. Ana Lima, 60 %) has a September session at R$ 116,90,
//     one on 03/11 at the same price, then her price changes to
//     R$ 150,00 for 10/11 and for 30/11 at 21:00, the last evening of
//     the month. She pays R$ 116,90 three times, then R$ 0,10 and
//     R$ 0,20 (the 10/11 session is paid in part), and R$ 200,00 for the
//     30/11 session only, which leaves R$ 50,00 of credit.
//   - Davi (Dr. Bruno Reis, 50 %, whose only unit is Unidade Sul) owes
//     sessions of 22/09 and 15/10 in Unidade Centro and an online missed
//     session of 12/11. He pays R$ 123,45 in November and R$ 50,00 on
//     02/12, both to the 22/09 session.
//   - Expenses: rent of Unidade Centro, material for the whole clinic, and
//     an expense typed by mistake and deleted.
type unifyClinic struct {
	*financeFixture
	admin, rec *testClient
	// s4 is Carla's 30/11 21:00 session.
	s4 int64
	// tokens numbers the payment forms, each of which needs its own
	// one-time token.
	tokens int
}

// November's figures, worked out by hand from the ledger above.
const (
	unifyBilled      = 11690 + 15000 + 15000 + 20000
	unifyReceived    = 3*11690 + 10 + 20 + 20000 + 12345
	unifyExpenses    = 250000 + 4510
	unifyAnaReceived = 3*11690 + 10 + 20 + 15000
	unifyAnaPayout   = 30060 // 60 % of 501,00
	unifyBrunoPayout = 6173  // 50 % of 123,45 is 61,725, rounded half up
	unifyUnallocated = 5000
)

func unifySeed(t *testing.T) *unifyClinic {
	t.Helper()
	c := &unifyClinic{financeFixture: financeFixtureNew(t)}
	c.admin = c.app.login(t, "admin")
	c.rec = c.app.login(t, "recepcao")
	sul := financeFixtureExec(t, c.app, "INSERT INTO units (name) VALUES ('Unidade Sul')")
	financeFixtureExec(t, c.app, "INSERT INTO psychologist_units VALUES (?, ?)", c.psyB, sul)

	financeFixtureExec(t, c.app, "UPDATE patients SET price_cents = 11690 WHERE id = ?", c.patient1)
	s1 := c.session(t, c.patient1, c.psyA, "2026-09-15", "09:00", 11690)
	s2 := c.session(t, c.patient1, c.psyA, "2026-11-03", "09:00", 11690)
	financeFixtureExec(t, c.app, "UPDATE patients SET price_cents = 15000 WHERE id = ?", c.patient1)
	s3 := c.session(t, c.patient1, c.psyA, "2026-11-10", "09:00", 15000)
	c.s4 = c.session(t, c.patient1, c.psyA, "2026-11-30", "21:00", 15000)
	d1 := c.session(t, c.patient2, c.psyB, "2026-09-22", "18:00", 20000)
	d0 := c.session(t, c.patient2, c.psyB, "2026-10-15", "18:00", 20000)
	d2 := c.session(t, c.patient2, c.psyB, "2026-11-12", "18:00", 20000)
	financeFixtureExec(t, c.app, "UPDATE sessions SET room_id = NULL, modality = 'online' WHERE id = ?", d2)

	for _, s := range []int64{s1, s2, s3, c.s4, d1, d0} {
		c.confirm(t, s, "done")
	}
	c.confirm(t, d2, "missed_charged")

	var s4Charge int64
	if err := c.app.db.Read().QueryRow("SELECT id FROM charges WHERE session_id = ?", c.s4).Scan(&s4Charge); err != nil {
		t.Fatal(err)
	}
	c.pay(t, c.patient1, "116,90", "03/11/2026", "pix")
	c.pay(t, c.patient1, "R$ 116,90", "10/11/2026", "pix")
	c.pay(t, c.patient1, "116,90", "17/11/2026", "cash")
	c.pay(t, c.patient1, "0,10", "20/11/2026", "cash")
	c.pay(t, c.patient1, "0,20", "25/11/2026", "cash")
	c.pay(t, c.patient1, "200,00", "30/11/2026", "credit", s4Charge)
	c.pay(t, c.patient2, "123,45", "12/11/2026", "debit")
	c.pay(t, c.patient2, "50,00", "02/12/2026", "pix")

	c.expense(t, "Aluguel", c.unit, "05/11/2026", "2.500,00", "Aluguel novembro")
	c.expense(t, "Material", 0, "20/11/2026", "45,10", "Papel")
	wrong := c.expense(t, "Aluguel", c.unit, "28/11/2026", "999,00", "Lançada por engano")
	res := c.admin.post(t, fmt.Sprintf("/expenses/%d/delete", wrong), url.Values{"reason": {"lançada em dobro"}})
	wantStatus(t, res, http.StatusSeeOther, "delete expense")
	return c
}

func (c *unifyClinic) confirm(t *testing.T, session int64, status string) {
	t.Helper()
	res := c.rec.post(t, fmt.Sprintf("/attendance/%d", session), url.Values{"status": {status}})
	wantStatus(t, res, http.StatusSeeOther, fmt.Sprintf("confirm session %d", session))
}

func (c *unifyClinic) pay(t *testing.T, patient int64, amount, date, method string, charges ...int64) {
	t.Helper()
	c.tokens++
	form := url.Values{"amount": {amount}, "date": {date}, "method": {method},
		"token": {fmt.Sprintf("unify-%d", c.tokens)}}
	for _, ch := range charges {
		form.Add("charge", strconv.FormatInt(ch, 10))
	}
	res := c.rec.post(t, fmt.Sprintf("/patients/%d/payments", patient), form)
	wantStatus(t, res, http.StatusSeeOther, "payment of "+amount+" on "+date)
}

func (c *unifyClinic) expense(t *testing.T, category string, unit int64, date, amount, description string) int64 {
	t.Helper()
	cat := financeFixtureCount(t, c.app, "SELECT id FROM expense_categories WHERE name = ?", category)
	res := c.admin.post(t, "/expenses", url.Values{"category_id": {strconv.FormatInt(cat, 10)},
		"unit_id": {strconv.FormatInt(unit, 10)}, "date": {date}, "amount": {amount},
		"description": {description}})
	wantStatus(t, res, http.StatusSeeOther, "expense "+description)
	return financeFixtureCount(t, c.app, "SELECT max(id) FROM expenses")
}

// unifyFigure matches an element marked data-figure and its text.
var unifyFigure = regexp.MustCompile(`data-figure="([^"]*)"[^>]*>([^<]*)<`)

// unifyPage gets path as client and returns the amounts the page marks
// with data-figure: one value per name, and every value of a name that
// repeats.
func unifyPage(t *testing.T, client *testClient, path string) (map[string]int64, map[string][]int64) {
	t.Helper()
	res := client.get(t, path)
	wantStatus(t, res, http.StatusOK, path)
	one := map[string]int64{}
	all := map[string][]int64{}
	for _, m := range unifyFigure.FindAllStringSubmatch(res.Body, -1) {
		name := html.UnescapeString(m[1])
		cents := unifyPageCents(t, html.UnescapeString(m[2]))
		one[name] = cents
		all[name] = append(all[name], cents)
	}
	if len(one) == 0 {
		t.Fatalf("%s marks no figure", path)
	}
	return one, all
}

// unifyPageCents reads "R$ 1.234,56" or "-R$ 0,10" as cents; an empty
// cell is 0.
func unifyPageCents(t *testing.T, text string) int64 {
	t.Helper()
	text = strings.TrimSpace(text)
	if text == "" {
		return 0
	}
	sign := int64(1)
	if strings.HasPrefix(text, "-") {
		sign, text = -1, text[1:]
	}
	digits := strings.NewReplacer("R$ ", "", ".", "", ",", "").Replace(text)
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || !strings.Contains(text, ",") {
		t.Fatalf("page amount %q is not R$ 0,00", text)
	}
	return sign * n
}

// unifyCellCents reads a cell's stored number ("116.9", "-2025.55") as
// cents without going through float64; an empty cell is 0.
func unifyCellCents(t *testing.T, raw string) int64 {
	t.Helper()
	if raw == "" {
		return 0
	}
	sign := int64(1)
	if strings.HasPrefix(raw, "-") {
		sign, raw = -1, raw[1:]
	}
	whole, frac, _ := strings.Cut(raw, ".")
	if len(frac) > 2 {
		t.Fatalf("cell value %q has more than two decimals", raw)
	}
	n, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	if err != nil {
		t.Fatalf("cell value %q is not a number: %v", raw, err)
	}
	return sign * n
}

// unifyBook downloads path as client and returns each sheet's rows as
// excelize stores them (raw numbers, not formatted text).
func unifyBook(t *testing.T, client *testClient, path string) map[string][][]string {
	t.Helper()
	res := client.get(t, path)
	wantStatus(t, res, http.StatusOK, path)
	book := xlsxtest.Open(t, []byte(res.Body))
	out := map[string][][]string{}
	for _, name := range book.File.GetSheetList() {
		rows, err := book.File.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s: read sheet %s: %v", path, name, err)
		}
		out[name] = rows
	}
	return out
}

// unifyColumn returns the index of a column letter, A being 0.
func unifyColumn(letter string) int { return int(letter[0] - 'A') }

// unifyCells returns the cents in column value of the rows whose column
// key holds label, failing unless exactly one row does.
func unifyCells(t *testing.T, rows [][]string, key, label, value string) int64 {
	t.Helper()
	k, v := unifyColumn(key), unifyColumn(value)
	var found []int64
	for _, r := range rows {
		if len(r) > k && r[k] == label {
			cell := ""
			if len(r) > v {
				cell = r[v]
			}
			found = append(found, unifyCellCents(t, cell))
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d rows labelled %q in column %s, want 1", len(found), label, key)
	}
	return found[0]
}

// unifyAbsent is a hand-worked value for a figure the page must not show.
const unifyAbsent = -1 << 62

// unifyAgree fails when a page figure and a workbook cell differ.
func unifyAgree(t *testing.T, what string, page, cell int64) {
	t.Helper()
	if page != cell {
		t.Errorf("%s: page %d cents, workbook %d cents", what, page, cell)
	}
}

func unifyWant(t *testing.T, what string, got, want int64) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %d cents, want %d", what, got, want)
	}
}

func TestMoneyPagesMatchExports(t *testing.T) {
	c := unifySeed(t)
	ana := c.app.login(t, "ana")
	psyA := strconv.FormatInt(c.psyA, 10)
	psyB := strconv.FormatInt(c.psyB, 10)

	page, _ := unifyPage(t, c.admin, "/finance?month=2026-11")
	hand := map[string]int64{
		"billed":      unifyBilled,
		"received":    unifyReceived,
		"expenses":    unifyExpenses,
		"result":      unifyReceived - unifyExpenses,
		"receivables": 3280 + 7655 + 20000 + 20000,
		"payout":      unifyAnaPayout + unifyBrunoPayout,
		"clinic":      unifyReceived - unifyAnaPayout - unifyBrunoPayout,
		"unallocated": unifyUnallocated,

		"psy-billed:" + psyA:   41690,
		"psy-received:" + psyA: unifyAnaReceived,
		"psy-payout:" + psyA:   unifyAnaPayout,
		"psy-clinic:" + psyA:   unifyAnaReceived - unifyAnaPayout,
		"psy-billed:" + psyB:   20000,
		"psy-received:" + psyB: 12345,
		"psy-payout:" + psyB:   unifyBrunoPayout,
		"psy-clinic:" + psyB:   12345 - unifyBrunoPayout,

		// Davi's online session counts for Bruno's only unit.
		"unit-billed:Unidade Centro":          41690,
		"unit-received:Unidade Centro":        unifyAnaReceived + 12345,
		"unit-expenses:Unidade Centro":        250000,
		"unit-billed:Unidade Sul":             20000,
		"unit-online:Unidade Sul":             20000,
		"unit-expenses:Geral (sem unidade)":   4510,
		"unit-received:Recebido sem alocação": unifyUnallocated,
		"unit-result:Unidade Centro":          unifyAnaReceived + 12345 - 250000,
		"unit-result:Geral (sem unidade)":     -4510,
		"unit-result:Recebido sem alocação":   unifyUnallocated,
		"method:pix":                          2 * 11690,
		"method:cash":                         11690 + 10 + 20,
		"method:credit":                       20000,
		"method:debit":                        12345,
		"category:Aluguel":                    250000,
		"category:Material":                   4510,
		// Unidade Centro has no online session, so it shows no online
		// part; no payment was a transfer.
		"unit-online:Unidade Centro": unifyAbsent,
		"method:transfer":            unifyAbsent,
	}
	for name, want := range hand {
		got, ok := page[name]
		if want == unifyAbsent {
			if ok {
				t.Errorf("/finance shows %s = %d, want no such figure", name, got)
			}
			continue
		}
		if !ok {
			t.Errorf("/finance lacks the figure %s", name)
			continue
		}
		unifyWant(t, "/finance "+name, got, want)
	}

	t.Run("monthly summary", func(t *testing.T) {
		book := unifyBook(t, c.admin, "/exports/resumo-mensal.xlsx?month=2026-11")
		unifySummarySheet(t, page, book["Resumo"])
		unifyPayoutSheet(t, page, book["Por psicóloga"], c)
		units := book["Por unidade"]
		for _, unit := range []string{"Unidade Centro", "Unidade Sul", "Geral (sem unidade)", "Recebido sem alocação"} {
			unifyAgree(t, unit+" billed", page["unit-billed:"+unit], unifyCells(t, units, "A", unit, "B"))
			unifyAgree(t, unit+" received", page["unit-received:"+unit], unifyCells(t, units, "A", unit, "D"))
			unifyAgree(t, unit+" expenses", page["unit-expenses:"+unit], unifyCells(t, units, "A", unit, "E"))
			unifyAgree(t, unit+" result", page["unit-result:"+unit], unifyCells(t, units, "A", unit, "F"))
		}
		unifyAgree(t, "Unidade Sul online", page["unit-online:Unidade Sul"],
			unifyCells(t, units, "A", "Unidade Sul", "C"))
		unifyAgree(t, "units total billed", page["billed"], unifyCells(t, units, "A", "Total", "B"))
		unifyAgree(t, "units total received", page["received"], unifyCells(t, units, "A", "Total", "D"))
		unifyAgree(t, "units total expenses", page["expenses"], unifyCells(t, units, "A", "Total", "E"))
		unifyAgree(t, "units total result", page["result"], unifyCells(t, units, "A", "Total", "F"))
		methods := book["Por forma de pagamento"]
		for code, label := range map[string]string{"pix": "PIX", "cash": "Dinheiro",
			"credit": "Cartão de crédito", "debit": "Cartão de débito"} {
			unifyAgree(t, "method "+code, page["method:"+code], unifyCells(t, methods, "A", label, "C"))
		}
		unifyAgree(t, "methods total", page["received"], unifyCells(t, methods, "A", "Total", "C"))
	})

	t.Run("month closing", func(t *testing.T) {
		book := unifyBook(t, c.admin, "/exports/fechamento.xlsx?month=2026-11")
		unifySummarySheet(t, page, book["Resumo"])
		unifyPayoutSheet(t, page, book["Repasse"], c)
		ledger := book["Lançamentos"]
		unifyAgree(t, "ledger charged", page["billed"], unifyCells(t, ledger, "A", "Total do período", "H"))
		unifyAgree(t, "ledger paid", page["received"], unifyCells(t, ledger, "A", "Total do período", "I"))
		expenses := book["Despesas"]
		unifyAgree(t, "expenses sheet", page["expenses"], unifyCells(t, expenses, "D", "Total", "E"))
		for _, r := range expenses {
			if len(r) > 3 && r[3] == "Lançada por engano" {
				t.Errorf("the deleted expense is in the closing workbook: %q", r)
			}
		}
		// The receivables sheet is the position on 30/11, as the card.
		open := book["A receber"]
		unifyAgree(t, "receivables on 30/11", page["receivables"], unifyCells(t, open, "A", "Total", "G"))
		unifyWant(t, "31–60 days on 30/11", unifyCells(t, open, "A", "Total", "I"), 20000)
		unifyWant(t, "over 60 days on 30/11", unifyCells(t, open, "A", "Total", "J"), 7655)
	})

	t.Run("receivables", func(t *testing.T) {
		rec, _ := unifyPage(t, c.admin, "/receivables")
		want := map[string]int64{"open": 3280 + 2655 + 20000 + 20000, "upto30": 3280 + 20000,
			"upto60": 20000, "over60": 2655, "credit": unifyUnallocated,
			"open:Davi Melo": 42655, "upto30:Davi Melo": 20000, "upto60:Davi Melo": 20000,
			"over60:Davi Melo": 2655, "open:Carla Souza": 3280, "credit:Carla Souza": unifyUnallocated}
		for name, w := range want {
			unifyWant(t, "/receivables "+name, rec[name], w)
		}
		sheet := unifyBook(t, c.admin, "/exports/a-receber.xlsx?to=2026-12-04")["A receber"]
		unifyReceivablesAgree(t, rec, sheet, []string{"Carla Souza", "Davi Melo"})
	})

	t.Run("receivables of one psychologist", func(t *testing.T) {
		rec, _ := unifyPage(t, c.admin, "/receivables?psychologist="+psyB)
		unifyWant(t, "Bruno's open", rec["open"], 42655)
		sheet := unifyBook(t, c.admin, "/exports/a-receber.xlsx?to=2026-12-04&psicologa="+psyB)["A receber"]
		unifyReceivablesAgree(t, rec, sheet, []string{"Davi Melo"})
		res := ana.get(t, "/exports/a-receber.xlsx?psicologa="+psyB)
		wantStatus(t, res, http.StatusNotFound, "ana asking for Bruno's receivables")
	})

	t.Run("psychologist receivables", func(t *testing.T) {
		rec, _ := unifyPage(t, ana, "/receivables")
		unifyWant(t, "ana's open", rec["open"], 3280)
		unifyWant(t, "ana's credit", rec["credit"], unifyUnallocated)
		sheet := unifyBook(t, ana, "/exports/a-receber.xlsx?to=2026-12-04")["A receber"]
		unifyReceivablesAgree(t, rec, sheet, []string{"Carla Souza"})
		for _, r := range sheet {
			if len(r) > 0 && r[0] == "Davi Melo" {
				t.Errorf("ana's receivables list Bruno's patient")
			}
		}
	})

	t.Run("payout", func(t *testing.T) {
		mine, all := unifyPage(t, ana, "/my/payout?month=2026-11")
		unifyWant(t, "ana's payout", mine["payout"], unifyAnaPayout)
		book := unifyBook(t, ana, "/exports/repasse.xlsx?month=2026-11")
		summary := book["Resumo"]
		unifyAgree(t, "ana billed", mine["billed"], unifyCells(t, summary, "A", "Dra. Ana Lima", "D"))
		unifyAgree(t, "ana received", mine["received"], unifyCells(t, summary, "A", "Dra. Ana Lima", "E"))
		unifyAgree(t, "ana payout", mine["payout"], unifyCells(t, summary, "A", "Dra. Ana Lima", "G"))
		unifyAgree(t, "ana clinic", mine["clinic"], unifyCells(t, summary, "A", "Dra. Ana Lima", "H"))
		sheet := book["Dra. Ana Lima"]
		unifyAgree(t, "ana's sheet received", mine["received"], unifyCells(t, sheet, "B", "Total recebido", "F"))
		unifyAgree(t, "ana's sheet payout", mine["payout"], unifyCells(t, sheet, "B", "Repasse (60,00 %)", "F"))
		unifyAgree(t, "ana's sheet clinic", mine["clinic"], unifyCells(t, sheet, "B", "Parte da clínica", "F"))
		var lines []int64
		for _, r := range sheet[1:] {
			if len(r) > 5 && r[0] != "" && r[1] != "" && !strings.Contains(r[0], " ") {
				lines = append(lines, unifyCellCents(t, r[5]))
			}
		}
		if fmt.Sprint(lines) != fmt.Sprint(all["line"]) {
			t.Errorf("payout lines: page %v, workbook %v", all["line"], lines)
		}
		if len(lines) != 6 {
			t.Errorf("%d payout lines, want 6 (three of 116,90, 0,10, 0,20 and 150,00)", len(lines))
		}
	})

	t.Run("admin payout", func(t *testing.T) {
		summary := unifyBook(t, c.admin, "/exports/repasse.xlsx?month=2026-11")["Resumo"]
		unifyPayoutSheet(t, page, summary, c)
	})

	// The admin's home page repeats December's totals and today's
	// receivables.
	t.Run("dashboard", func(t *testing.T) {
		home, _ := unifyPage(t, c.admin, "/")
		dec, _ := unifyPage(t, c.admin, "/finance?month=2026-12")
		for _, figure := range []string{"billed", "received", "expenses", "result"} {
			unifyWant(t, "home "+figure, home[figure], dec[figure])
		}
		rec, _ := unifyPage(t, c.admin, "/receivables")
		unifyWant(t, "home receivables", home["receivables"], rec["open"])
	})

	// The 21:00 session of 30/11 is November's: December has no charge.
	t.Run("month edge", func(t *testing.T) {
		dec, _ := unifyPage(t, c.admin, "/finance?month=2026-12")
		unifyWant(t, "December billed", dec["billed"], 0)
		unifyWant(t, "December received", dec["received"], 5000)
		resumo := unifyBook(t, c.admin, "/exports/resumo-mensal.xlsx?month=2026-12")["Resumo"]
		unifyAgree(t, "December billed", dec["billed"],
			unifyCells(t, resumo, "B", "Faturado (cobranças do período)", "D"))
		unifyAgree(t, "December received", dec["received"],
			unifyCells(t, resumo, "B", "Recebido (pagamentos do período)", "D"))
		unifyAgree(t, "receivables on 31/12", dec["receivables"],
			unifyCells(t, resumo, "B", "Total em 31/12/2026 (pacientes)", "D"))
	})
}

// unifySummarySheet compares the Resumo sheet with the /finance page.
func unifySummarySheet(t *testing.T, page map[string]int64, rows [][]string) {
	t.Helper()
	items := map[string]string{
		"billed":      "Faturado (cobranças do período)",
		"received":    "Recebido (pagamentos do período)",
		"expenses":    "Despesas",
		"result":      "Resultado (recebido − despesas)",
		"receivables": "Total em 30/11/2026 (pacientes)",
		"payout":      "Repasse às psicólogas",
		"unallocated": "Recebido sem alocação",
		"clinic":      "Parte da clínica (recebido − repasse)",
	}
	for figure, item := range items {
		unifyAgree(t, "Resumo "+item, page[figure], unifyCells(t, rows, "B", item, "D"))
	}
}

// unifyPayoutSheet compares a sheet of payouts by psychologist with the
// /finance page's table, the line of unallocated money included.
func unifyPayoutSheet(t *testing.T, page map[string]int64, rows [][]string, c *unifyClinic) {
	t.Helper()
	for id, name := range map[int64]string{c.psyA: "Dra. Ana Lima", c.psyB: "Dr. Bruno Reis"} {
		key := strconv.FormatInt(id, 10)
		unifyAgree(t, name+" billed", page["psy-billed:"+key], unifyCells(t, rows, "A", name, "D"))
		unifyAgree(t, name+" received", page["psy-received:"+key], unifyCells(t, rows, "A", name, "E"))
		unifyAgree(t, name+" payout", page["psy-payout:"+key], unifyCells(t, rows, "A", name, "G"))
		unifyAgree(t, name+" clinic", page["psy-clinic:"+key], unifyCells(t, rows, "A", name, "H"))
	}
	unifyAgree(t, "unallocated received", page["unallocated"], unifyCells(t, rows, "A", "Recebido sem alocação", "E"))
	unifyAgree(t, "unallocated clinic", page["unallocated"], unifyCells(t, rows, "A", "Recebido sem alocação", "H"))
	unifyAgree(t, "total received", page["received"], unifyCells(t, rows, "A", "Total", "E"))
	unifyAgree(t, "total payout", page["payout"], unifyCells(t, rows, "A", "Total", "G"))
	unifyAgree(t, "total clinic", page["clinic"], unifyCells(t, rows, "A", "Total", "H"))
}

// unifyReceivablesAgree compares the /receivables page with an a-receber
// sheet: the totals and each patient's line.
func unifyReceivablesAgree(t *testing.T, page map[string]int64, rows [][]string, patients []string) {
	t.Helper()
	columns := map[string]string{"open": "G", "upto30": "H", "upto60": "I", "over60": "J", "credit": "K"}
	for figure, col := range columns {
		unifyAgree(t, "total "+figure, page[figure], unifyCells(t, rows, "A", "Total", col))
		for _, p := range patients {
			unifyAgree(t, p+" "+figure, page[figure+":"+p], unifyCells(t, rows, "A", p, col))
		}
	}
}
