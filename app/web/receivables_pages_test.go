package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestReceivablesPagesList checks that the receivables list shows 50
// patients a page, largest debt first, with the totals of everyone on
// every page, and that each debtor appears on exactly one page.
func TestReceivablesPagesList(t *testing.T) {
	f := financeFixtureNew(t)
	const at = "2026-01-01T00:00:00Z"
	const debtors = receivablesPerPage + 7
	var wantOpen int64
	for i := range debtors {
		p := financeFixtureExec(t, f.app, `INSERT INTO patients (name, phone,
			psychologist_id, created_at, updated_at) VALUES (?, '', ?, ?, ?)`,
			fmt.Sprintf("Devedor %03d", i), f.psyA, at, at)
		cents := int64(1000 + i)
		wantOpen += cents
		financeFixtureExec(t, f.app, `INSERT INTO charges (patient_id,
			psychologist_id, date, amount_cents, created_at)
			VALUES (?, ?, '2026-11-20', ?, ?)`, p, f.psyA, cents, at)
	}
	admin := f.app.login(t, "admin")
	seen := map[string]int{}
	for page, want := range map[int]int{1: receivablesPerPage, 2: 7} {
		path := fmt.Sprintf("/receivables?page=%d", page)
		figures, _ := unifyPage(t, admin, path)
		if figures["open"] != wantOpen {
			t.Errorf("%s: total open = %d, want %d", path, figures["open"], wantOpen)
		}
		n := 0
		for name := range figures {
			if strings.HasPrefix(name, "open:Devedor") {
				seen[name]++
				n++
			}
		}
		if n != want {
			t.Errorf("%s lists %d debtors, want %d", path, n, want)
		}
		// The largest debt leads the first page; the smallest ends the last.
		first := fmt.Sprintf("open:Devedor %03d", debtors-1)
		if _, ok := figures[first]; ok != (page == 1) {
			t.Errorf("%s: largest debtor shown = %v", path, ok)
		}
	}
	if len(seen) != debtors {
		t.Errorf("pages list %d distinct debtors, want %d", len(seen), debtors)
	}
	res := admin.get(t, "/receivables?page=99")
	wantStatus(t, res, http.StatusOK, "a page past the end")
	if !strings.Contains(res.Body, "Página 2 de 2") {
		t.Errorf("a page past the end does not show the last page")
	}
}
