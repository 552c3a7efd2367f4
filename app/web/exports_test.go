package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"kpsicologia/app/clinic"
	"kpsicologia/app/export/xlsxtest"
)

// exportsClinic is the data of the export tests: two psychologists with
// one patient each, whose names and texts are hostile to spreadsheets.
type exportsClinic struct {
	app      *testApp
	ana, bia int64
	// carla is Ana's patient, named like a formula; fabio is Bia's.
	carla, fabio int64
	expense      int64
}

const (
	exportsCarlaName = "=SUM(A1)"
	exportsFabioName = "Fábio Bia-Only"
	exportsStamp     = "2026-11-01T12:00:00Z"
)

// exportsSeed fills a set-up test app with the export tests' clinic and
// creates the accounts admin, recepcao, ana and bia.
func exportsSeed(tb testing.TB) *exportsClinic {
	tb.Helper()
	app := newTestApp(tb)
	app.setup(tb)
	c := &exportsClinic{app: app}
	c.ana = insertTestPsychologist(tb, app, "Dra. [Ana]: 1/2")
	c.bia = insertTestPsychologist(tb, app, "Bia Souza")
	app.createUser(tb, "recepcao", clinic.RoleReception, 0)
	app.createUser(tb, "ana", clinic.RolePsychologist, c.ana)
	app.createUser(tb, "bia", clinic.RolePsychologist, c.bia)

	err := app.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		x := exportsExec{tx: tx, tb: tb}
		x.exec(`UPDATE psychologists SET payout_share_bp = 6000 WHERE id = ?`, c.ana)
		unit := x.exec(`INSERT INTO units (name) VALUES ('Centro')`)
		room := x.exec(`INSERT INTO rooms (unit_id, name) VALUES (?, 'Sala 1')`, unit)
		c.carla = x.exec(`INSERT INTO patients (name, social_name, birth_date, phone, phone2,
			cpf, price_cents, psychologist_id, notes, created_at, updated_at)
			VALUES (?, '@x', '1990-05-01', '11987654321', '+5511987654321', '01234567890',
			11690, ?, '-x', ?, ?)`, exportsCarlaName, c.ana, exportsStamp, exportsStamp)
		c.fabio = x.exec(`INSERT INTO patients (name, cpf, price_cents, psychologist_id,
			created_at, updated_at) VALUES (?, '98765432100', 20000, ?, ?, ?)`,
			exportsFabioName, c.bia, exportsStamp, exportsStamp)

		s1 := x.session(c.carla, c.ana, room, "2026-12-01", 14*60, "done")
		s2 := x.session(c.carla, c.ana, room, "2026-12-02", 14*60, "done")
		s3 := x.session(c.carla, c.ana, room, "2026-12-03", 14*60, "done")
		sf := x.session(c.fabio, c.bia, nil, "2026-12-03", 10*60, "done")
		// The last evening of the year, 21:00 in São Paulo, which is
		// already 01/01/2027 in UTC.
		x.session(c.fabio, c.bia, nil, "2026-12-31", 21*60, "scheduled")
		x.session(c.carla, c.ana, room, "2027-01-04", 14*60, "scheduled")

		for i, s := range []int64{s1, s2, s3} {
			ch := x.charge(s, c.carla, c.ana, fmt.Sprintf("2026-12-%02d", i+1), 11690)
			p := x.payment(c.carla, "2026-12-04", 11690, "pix", "+55 pagador")
			x.exec(`INSERT INTO payment_allocations (payment_id, charge_id, amount_cents)
				VALUES (?, ?, 11690)`, p, ch)
		}
		x.payment(c.carla, "2026-12-04", 10, "cash", "")
		x.payment(c.carla, "2026-12-04", 20, "cash", "")
		cf := x.charge(sf, c.fabio, c.bia, "2026-12-03", 20000)
		pf := x.payment(c.fabio, "2026-12-03", 12345, "credit", "")
		x.exec(`INSERT INTO payment_allocations (payment_id, charge_id, amount_cents)
			VALUES (?, ?, 12345)`, pf, cf)

		// Aluguel is one of the categories the schema seeds.
		var cat int64
		if err := tx.QueryRow(`SELECT id FROM expense_categories WHERE name = 'Aluguel'`).Scan(&cat); err != nil {
			return err
		}
		c.expense = x.exec(`INSERT INTO expenses (category_id, unit_id, date, description,
			amount_cents, created_at) VALUES (?, ?, '2026-12-02', '=cmd|calc', 250000, ?)`,
			cat, unit, exportsStamp)
		x.exec(`INSERT INTO expenses (category_id, date, description, amount_cents,
			created_at, deleted_at) VALUES (?, '2026-12-02', 'Excluída por engano', 99900, ?, ?)`,
			cat, exportsStamp, exportsStamp)
		return nil
	})
	if err != nil {
		tb.Fatalf("seed exports clinic: %v", err)
	}
	return c
}

// exportsExec runs fixture statements inside one write transaction.
type exportsExec struct {
	tx *sql.Tx
	tb testing.TB
}

func (x exportsExec) exec(query string, args ...any) int64 {
	x.tb.Helper()
	res, err := x.tx.Exec(query, args...)
	if err != nil {
		x.tb.Fatalf("exec %q: %v", query, err)
	}
	id, _ := res.LastInsertId()
	return id
}

func (x exportsExec) session(patient, psy int64, room any, date string, start int, status string) int64 {
	x.tb.Helper()
	modality := "in_person"
	if room == nil {
		modality = "online"
	}
	return x.exec(`INSERT INTO sessions (patient_id, psychologist_id, room_id, modality,
		date, start_min, end_min, status, price_cents, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 11690, ?, ?)`, patient, psy, room, modality,
		date, start, start+50, status, exportsStamp, exportsStamp)
}

func (x exportsExec) charge(session, patient, psy int64, date string, cents int64) int64 {
	x.tb.Helper()
	return x.exec(`INSERT INTO charges (session_id, patient_id, psychologist_id, date,
		amount_cents, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		session, patient, psy, date, cents, exportsStamp)
}

func (x exportsExec) payment(patient int64, date string, cents int64, method, payer string) int64 {
	x.tb.Helper()
	return x.exec(`INSERT INTO payments (patient_id, date, amount_cents, method, payer_name,
		created_at) VALUES (?, ?, ?, ?, ?, ?)`, patient, date, cents, method, payer, exportsStamp)
}

// download gets path as user and opens the workbook, failing the
// test unless the response is a complete .xlsx file.
func (c *exportsClinic) download(tb testing.TB, user, path string) (*xlsxtest.Book, response) {
	tb.Helper()
	res := c.app.login(tb, user).get(tb, path)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s as %s: status %d\n%s", path, user, res.StatusCode, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		tb.Errorf("GET %s: content type %q", path, ct)
	}
	if cl := res.Header.Get("Content-Length"); cl != strconv.Itoa(len(res.Body)) {
		tb.Errorf("GET %s: Content-Length %s, body %d bytes", path, cl, len(res.Body))
	}
	return xlsxtest.Open(tb, []byte(res.Body)), res
}

// exportsAllText returns the text of every cell of every sheet, for checks that
// a name appears nowhere.
func exportsAllText(tb testing.TB, book *xlsxtest.Book) string {
	tb.Helper()
	var b strings.Builder
	for _, name := range book.SheetNames() {
		b.WriteString(name + "\n")
		for _, c := range book.Cells(name) {
			b.WriteString(c.Text() + "\n")
		}
	}
	return b.String()
}
