package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"kpsicologia/app/clinic"
)

// exportsClinic is a small clinic for the export query tests: two
// psychologists, patients of each, sessions, charges, payments with
// allocations and expenses, all in December 2026 unless noted.
type exportsClinic struct {
	db                  *DB
	ana, bia            int64 // psychologists: Ana 60 %, Bia 50 %
	centro, online      int64 // unit Centro, and no unit
	roomCentro          int64
	carla, davi, eva    int64 // Ana's patients; Eva deleted
	fabio               int64 // Bia's patient
	anaActor, biaActor  clinic.Actor
	receptionActor      clinic.Actor
	chargeCarla1        int64
	chargeCarla2        int64
	chargeDavi          int64
	chargeFabio         int64
	payCarla, payFabio  int64
	payCarlaUnallocated int64
	sessionCarla1       int64
	sessionLateDecember int64
}

const exportsStamp = "2026-11-01T12:00:00Z"

func exportsFixture(t *testing.T) *exportsClinic {
	t.Helper()
	db := mustOpen(t, testNow)
	c := &exportsClinic{db: db}
	c.centro = mustExec(t, db, `INSERT INTO units (name) VALUES ('Centro')`)
	c.roomCentro = mustExec(t, db, `INSERT INTO rooms (unit_id, name) VALUES (?, 'Sala 1')`, c.centro)
	c.ana = mustExec(t, db, `INSERT INTO psychologists (name, crp, payout_share_bp, created_at, updated_at)
		VALUES ('Ana Lima', '06/12345', 6000, ?, ?)`, exportsStamp, exportsStamp)
	c.bia = mustExec(t, db, `INSERT INTO psychologists (name, crp, payout_share_bp, created_at, updated_at)
		VALUES ('Bia Souza', '06/54321', 5000, ?, ?)`, exportsStamp, exportsStamp)
	c.anaActor = clinic.Actor{UserID: 10, Username: "ana", Role: clinic.RolePsychologist, PsychologistID: c.ana}
	c.biaActor = clinic.Actor{UserID: 11, Username: "bia", Role: clinic.RolePsychologist, PsychologistID: c.bia}
	c.receptionActor = clinic.Actor{UserID: 12, Username: "rec", Role: clinic.RoleReception}

	patient := func(name, cpf string, psy int64) int64 {
		return mustExec(t, db, `INSERT INTO patients (name, cpf, phone, price_cents,
			psychologist_id, created_at, updated_at) VALUES (?, ?, '11987654321', 11690, ?, ?, ?)`,
			name, cpf, psy, exportsStamp, exportsStamp)
	}
	c.carla = patient("Carla Dias", "01234567890", c.ana)
	c.davi = patient("Davi Reis", "", c.ana)
	c.eva = patient("Eva Nunes", "", c.ana)
	mustExec(t, db, `UPDATE patients SET deleted_at = ? WHERE id = ?`, exportsStamp, c.eva)
	c.fabio = patient("Fábio Melo", "", c.bia)

	session := func(patient, psy int64, room any, date string, start int, status string) int64 {
		return mustExec(t, db, `INSERT INTO sessions (patient_id, psychologist_id, room_id,
			modality, kind, date, start_min, end_min, status, price_cents, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'one_off', ?, ?, ?, ?, 11690, ?, ?)`,
			patient, psy, room, map[bool]string{true: "online", false: "in_person"}[room == nil],
			date, start, start+50, status, exportsStamp, exportsStamp)
	}
	charge := func(session any, patient, psy int64, date string, cents int64) int64 {
		return mustExec(t, db, `INSERT INTO charges (session_id, patient_id, psychologist_id,
			date, amount_cents, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			session, patient, psy, date, cents, exportsStamp)
	}
	payment := func(patient int64, date string, cents int64, method string) int64 {
		return mustExec(t, db, `INSERT INTO payments (patient_id, date, amount_cents, method,
			created_at) VALUES (?, ?, ?, ?, ?)`, patient, date, cents, method, exportsStamp)
	}
	allocate := func(pay, charge, cents int64) {
		mustExec(t, db, `INSERT INTO payment_allocations (payment_id, charge_id, amount_cents)
			VALUES (?, ?, ?)`, pay, charge, cents)
	}

	// Carla owes 100,00 from October (a charge 61+ days before 31/12).
	old := session(c.carla, c.ana, c.roomCentro, "2026-10-20", 14*60, "done")
	oldCharge := charge(old, c.carla, c.ana, "2026-10-20", 10000)
	_ = oldCharge
	c.sessionCarla1 = session(c.carla, c.ana, c.roomCentro, "2026-12-01", 14*60, "done")
	c.chargeCarla1 = charge(c.sessionCarla1, c.carla, c.ana, "2026-12-01", 11690)
	s2 := session(c.carla, c.ana, c.roomCentro, "2026-12-08", 14*60, "missed_charged")
	c.chargeCarla2 = charge(s2, c.carla, c.ana, "2026-12-08", 11690)
	session(c.carla, c.ana, c.roomCentro, "2026-12-15", 14*60, "missed_excused")
	sd := session(c.davi, c.ana, nil, "2026-12-02", 9*60, "done")
	c.chargeDavi = charge(sd, c.davi, c.ana, "2026-12-02", 11690)
	sf := session(c.fabio, c.bia, c.roomCentro, "2026-12-03", 10*60, "done")
	c.chargeFabio = charge(sf, c.fabio, c.bia, "2026-12-03", 12345)
	// A session on the last evening of the month, 21:00.
	c.sessionLateDecember = session(c.fabio, c.bia, nil, "2026-12-31", 21*60, "scheduled")

	// Carla pays 116,90 for the first session on the same day, and 50,00
	// toward the second later; Fábio pays his session in full; Carla
	// leaves 20,00 unallocated.
	c.payCarla = payment(c.carla, "2026-12-01", 11690, "pix")
	allocate(c.payCarla, c.chargeCarla1, 11690)
	p2 := payment(c.carla, "2026-12-10", 5000, "cash")
	allocate(p2, c.chargeCarla2, 5000)
	c.payFabio = payment(c.fabio, "2026-12-05", 12345, "credit")
	allocate(c.payFabio, c.chargeFabio, 12345)
	c.payCarlaUnallocated = payment(c.carla, "2026-12-20", 2000, "pix")

	// The schema seeds the default categories, Aluguel and Material among
	// them.
	cat := exportsCategory(t, db, "Aluguel")
	cat2 := exportsCategory(t, db, "Material")
	mustExec(t, db, `INSERT INTO expenses (category_id, unit_id, date, description, amount_cents,
		created_at) VALUES (?, ?, '2026-12-05', 'Aluguel dezembro', 300000, ?)`, cat, c.centro, exportsStamp)
	mustExec(t, db, `INSERT INTO expenses (category_id, date, description, amount_cents,
		created_at) VALUES (?, '2026-12-06', 'Produtos', 4510, ?)`, cat2, exportsStamp)
	mustExec(t, db, `INSERT INTO expenses (category_id, date, description, amount_cents,
		created_at, deleted_at) VALUES (?, '2026-12-07', 'Lançada por engano', 99900, ?, ?)`,
		cat2, exportsStamp, exportsStamp)
	return c
}

// exportsCategory returns the id of a category the schema seeds.
func exportsCategory(t *testing.T, db *DB, name string) int64 {
	t.Helper()
	var id int64
	err := db.read.QueryRow("SELECT id FROM expense_categories WHERE name = ?", name).Scan(&id)
	if err != nil {
		t.Fatalf("seeded category %q: %v", name, err)
	}
	return id
}

func TestEachSessionScope(t *testing.T) {
	c := exportsFixture(t)
	ctx := context.Background()
	tests := []struct {
		name string
		who  clinic.Actor
		want int
	}{
		{"admin", adminActor, 6},
		{"reception", c.receptionActor, 6},
		{"ana", c.anaActor, 4},
		{"bia", c.biaActor, 2},
		{"unlinked psychologist", clinic.Actor{Role: clinic.RolePsychologist}, 0},
	}
	for _, tt := range tests {
		var got []AttendanceRow
		err := c.db.Reports().EachSession(ctx, tt.who, "2026-12-01", "2026-12-31",
			func(s AttendanceRow) error { got = append(got, s); return nil })
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(got) != tt.want {
			t.Errorf("%s: %d sessions, want %d", tt.name, len(got), tt.want)
		}
		for _, s := range got {
			if tt.who.Role == clinic.RolePsychologist && s.PsychologistName == "" {
				t.Errorf("%s: session %d without psychologist", tt.name, s.SessionID)
			}
			if tt.who.PsychologistID == c.ana && s.PsychologistName != "Ana Lima" {
				t.Errorf("%s: sees %s's session %d", tt.name, s.PsychologistName, s.SessionID)
			}
		}
	}
}

func TestEachSessionFields(t *testing.T) {
	c := exportsFixture(t)
	var got []AttendanceRow
	err := c.db.Reports().EachSession(context.Background(), adminActor, "2026-12-31", "2026-12-31",
		func(s AttendanceRow) error { got = append(got, s); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d sessions on 31/12, want 1", len(got))
	}
	s := got[0]
	if s.SessionID != c.sessionLateDecember || s.StartMin != 21*60 || s.Modality != "online" ||
		s.UnitName != "" || s.ChargeID != 0 || s.PatientName != "Fábio Melo" {
		t.Errorf("session %+v", s)
	}

	got = nil
	err = c.db.Reports().EachSession(context.Background(), adminActor, "2026-12-01", "2026-12-01",
		func(s AttendanceRow) error { got = append(got, s); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].UnitName != "Centro" || got[0].RoomName != "Sala 1" ||
		got[0].ChargeID != c.chargeCarla1 || got[0].ChargeCents != 11690 || got[0].PaidCents != 11690 {
		t.Errorf("sessions on 01/12: %+v", got)
	}
}

func TestEachPatientScope(t *testing.T) {
	c := exportsFixture(t)
	names := func(who clinic.Actor) string {
		var out []string
		err := c.db.Reports().EachPatient(context.Background(), who, "2026-12-01", "2026-12-31",
			func(p ExportPatient) error {
				out = append(out, fmt.Sprintf("%s:%d:%s", p.Name, p.SessionsDone, p.LastSession))
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name string
		who  clinic.Actor
		want string
	}{
		{"admin", adminActor, "Carla Dias:1:2026-12-01,Davi Reis:1:2026-12-02,Fábio Melo:1:2026-12-03"},
		{"reception", c.receptionActor, "Carla Dias:1:2026-12-01,Davi Reis:1:2026-12-02,Fábio Melo:1:2026-12-03"},
		{"ana", c.anaActor, "Carla Dias:1:2026-12-01,Davi Reis:1:2026-12-02"},
		{"bia", c.biaActor, "Fábio Melo:1:2026-12-03"},
		{"nobody", clinic.Actor{Role: clinic.RolePsychologist}, ""},
	}
	for _, tt := range tests {
		if got := names(tt.who); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestEachPatientSharedPatient checks that a psychologist who saw another
// psychologist's patient once sees the patient, with only their own
// sessions counted.
func TestEachPatientSharedPatient(t *testing.T) {
	c := exportsFixture(t)
	mustExec(t, c.db, `INSERT INTO sessions (patient_id, psychologist_id, date, start_min,
		end_min, status, created_at, updated_at) VALUES (?, ?, '2026-12-09', 600, 650, 'done', ?, ?)`,
		c.carla, c.bia, exportsStamp, exportsStamp)
	var got []ExportPatient
	err := c.db.Reports().EachPatient(context.Background(), c.biaActor, "2026-12-01", "2026-12-31",
		func(p ExportPatient) error { got = append(got, p); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "Carla Dias" || got[0].SessionsDone != 1 ||
		got[0].LastSession != "2026-12-09" {
		t.Errorf("bia's patients: %+v", got)
	}
	if got[0].CPF != "01234567890" {
		t.Errorf("CPF %q, want the stored digits with the leading zero", got[0].CPF)
	}
}

func exportsLedger(t *testing.T, c *exportsClinic, who clinic.Actor, from, to string) []LedgerEntry {
	t.Helper()
	var out []LedgerEntry
	err := c.db.Reports().EachLedgerEntry(context.Background(), who, from, to,
		func(e LedgerEntry) error { out = append(out, e); return nil })
	if err != nil {
		t.Fatalf("EachLedgerEntry: %v", err)
	}
	return out
}

func exportsLedgerLine(e LedgerEntry) string {
	return fmt.Sprintf("%s %s %s %d/%d=%d", e.PatientName, e.Date, e.Kind,
		e.ChargeCents, e.PaymentCents, e.BalanceCents)
}

func TestEachLedgerEntryAdmin(t *testing.T) {
	c := exportsFixture(t)
	var got []string
	for _, e := range exportsLedger(t, c, adminActor, "2026-12-01", "2026-12-31") {
		got = append(got, exportsLedgerLine(e))
	}
	want := []string{
		"Carla Dias 2026-12-01 opening 0/0=10000",
		"Carla Dias 2026-12-01 charge 11690/0=21690",
		"Carla Dias 2026-12-01 payment 0/11690=10000",
		"Carla Dias 2026-12-08 charge 11690/0=21690",
		"Carla Dias 2026-12-10 payment 0/5000=16690",
		"Carla Dias 2026-12-20 payment 0/2000=14690",
		"Davi Reis 2026-12-02 charge 11690/0=11690",
		"Fábio Melo 2026-12-03 charge 12345/0=12345",
		"Fábio Melo 2026-12-05 payment 0/12345=0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ledger:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEachLedgerEntryPsychologist(t *testing.T) {
	c := exportsFixture(t)
	var got []string
	for _, e := range exportsLedger(t, c, c.biaActor, "2026-12-01", "2026-12-31") {
		got = append(got, exportsLedgerLine(e))
	}
	want := "Fábio Melo 2026-12-03 charge 12345/0=12345\nFábio Melo 2026-12-05 payment 0/12345=0"
	if strings.Join(got, "\n") != want {
		t.Errorf("bia's ledger:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	// Ana gets the allocated parts of Carla's payments, not the
	// unallocated 20,00; Davi has a balance but no entry from 10/12, so he
	// is not listed.
	got = nil
	for _, e := range exportsLedger(t, c, c.anaActor, "2026-12-10", "2026-12-31") {
		got = append(got, exportsLedgerLine(e))
	}
	want = "Carla Dias 2026-12-10 opening 0/0=21690\n" +
		"Carla Dias 2026-12-10 payment 0/5000=16690"
	if strings.Join(got, "\n") != want {
		t.Errorf("ana's ledger from 10/12:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestStatementMatchesLedger checks that a patient's statement and the
// ledger export list the same lines and balances, and that a statement
// without lines in its range still carries the balance brought forward.
func TestStatementMatchesLedger(t *testing.T) {
	c := exportsFixture(t)
	for _, who := range []clinic.Actor{adminActor, c.anaActor} {
		var want []string
		for _, e := range exportsLedger(t, c, who, "2026-12-10", "2026-12-31") {
			if e.PatientID == c.carla && e.Kind != LedgerOpening {
				want = append(want, fmt.Sprintf("%s %s %d/%d=%d", e.Date, e.Kind,
					e.ChargeCents, e.PaymentCents, e.BalanceCents))
			}
		}
		st, err := c.db.PatientStatement(context.Background(), who, c.carla, "2026-12-10", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range st.Lines {
			got = append(got, fmt.Sprintf("%s %s %d/%d=%d", l.Date, l.Kind,
				l.DebitCents, l.CreditCents, l.BalanceCents))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) == 0 {
			t.Errorf("%s: statement\n%s\nledger\n%s", who.Username,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if st.OpeningCents != 21690 {
			t.Errorf("%s: opening %d, want 21690", who.Username, st.OpeningCents)
		}
	}

	st, err := c.db.PatientStatement(context.Background(), c.anaActor, c.davi, "2026-12-10", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Lines) != 0 || st.OpeningCents != 11690 || st.ClosingCents != 11690 {
		t.Errorf("Davi's statement from 10/12: %d lines, opening %d, closing %d; want none, 11690, 11690",
			len(st.Lines), st.OpeningCents, st.ClosingCents)
	}
}

func TestEachReceivable(t *testing.T) {
	c := exportsFixture(t)
	receivables := func(who clinic.Actor, asOf string) []ReceivableRow {
		t.Helper()
		var got []ReceivableRow
		err := c.db.Reports().EachReceivable(context.Background(), who, ReceivablesFilter{AsOf: asOf},
			func(r ReceivableRow) error { got = append(got, r); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := receivables(adminActor, "2026-12-31")
	if len(got) != 2 {
		t.Fatalf("%d patients with receivables, want 2: %+v", len(got), got)
	}
	carla, davi := got[0], got[1]
	// Carla: 100,00 from 20/10 (72 days) and 66,90 left of 08/12 (23
	// days), each in its own bucket.
	if carla.PatientName != "Carla Dias" || carla.Charges != 2 || carla.OldestDate != "2026-10-20" ||
		carla.AgeDays != 72 || carla.OpenCents != 16690 {
		t.Errorf("carla %+v", carla)
	}
	if carla.Over60Cents != 10000 || carla.Upto60Cents != 0 || carla.Upto30Cents != 6690 {
		t.Errorf("carla's ageing %d / %d / %d, want 6690 / 0 / 10000",
			carla.Upto30Cents, carla.Upto60Cents, carla.Over60Cents)
	}
	if carla.CreditCents != 2000 {
		t.Errorf("carla's credit %d, want 2000", carla.CreditCents)
	}
	if davi.OpenCents != 11690 || davi.AgeDays != 29 || davi.Upto30Cents != 11690 || davi.Over60Cents != 0 {
		t.Errorf("davi %+v", davi)
	}

	// As of 09/12 the 50,00 of 10/12 was not paid yet, and Fábio's charge
	// of 03/12 was paid on 05/12.
	got = receivables(c.anaActor, "2026-12-09")
	if len(got) != 2 || got[0].OpenCents != 21690 || got[0].AgeDays != 50 ||
		got[0].Upto60Cents != 10000 || got[0].Upto30Cents != 11690 || got[0].CreditCents != 0 {
		t.Errorf("ana's receivables on 09/12: %+v", got)
	}
	for _, r := range receivables(c.biaActor, "2026-12-31") {
		t.Errorf("bia owes nothing, got %+v", r)
	}

	// An admin may filter by psychologist; a psychologist may not name
	// another one.
	var n int
	err := c.db.Reports().EachReceivable(context.Background(), adminActor,
		ReceivablesFilter{AsOf: "2026-12-31", PsychologistID: c.bia},
		func(ReceivableRow) error { n++; return nil })
	if err != nil || n != 0 {
		t.Errorf("admin filtering by bia: %d rows, %v", n, err)
	}
	err = c.db.Reports().EachReceivable(context.Background(), c.biaActor,
		ReceivablesFilter{AsOf: "2026-12-31", PsychologistID: c.ana},
		func(ReceivableRow) error { return nil })
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("bia asking for ana's receivables: %v, want not found", err)
	}
}

func TestPayouts(t *testing.T) {
	c := exportsFixture(t)
	got, err := c.db.Reports().Payouts(context.Background(), adminActor, "2026-12-01", "2026-12-31", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d payout lines, want 2", len(got))
	}
	ana, bia := got[0], got[1]
	// Ana received 116,90 + 50,00 = 166,90; 60 % is 100,14 exactly.
	if ana.ReceivedCents != 16690 || ana.PayoutCents != 10014 || ana.ClinicCents != 6676 ||
		ana.BilledCents != 3*11690 || ana.Charges != 3 || ana.SessionsDone != 2 ||
		ana.ReceivableCents != 10000+6690+11690 {
		t.Errorf("ana %+v", ana)
	}
	// Bia received 123,45; 50 % is 61,725, rounded half up to 61,73.
	if bia.ReceivedCents != 12345 || bia.PayoutCents != 6173 || bia.ClinicCents != 6172 {
		t.Errorf("bia %+v", bia)
	}

	mine, err := c.db.Reports().Payouts(context.Background(), c.biaActor, "2026-12-01", "2026-12-31", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 1 || mine[0].PsychologistID != c.bia {
		t.Errorf("bia's own payouts: %+v", mine)
	}
	_, err = c.db.Reports().Payouts(context.Background(), c.biaActor, "2026-12-01", "2026-12-31", c.ana)
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("bia asking for ana's payout: %v, want not found", err)
	}
}

func TestEachPayoutLine(t *testing.T) {
	c := exportsFixture(t)
	lines := func(who clinic.Actor, psy int64) []PayoutLine {
		var out []PayoutLine
		err := c.db.Reports().EachPayoutLine(context.Background(), who, "2026-12-01", "2026-12-31", psy,
			func(l PayoutLine) error { out = append(out, l); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	all := lines(adminActor, 0)
	if len(all) != 3 || all[0].PsychologistName != "Ana Lima" || all[2].PsychologistName != "Bia Souza" {
		t.Errorf("all lines: %+v", all)
	}
	if all[0].SessionDate != "2026-12-01" || all[0].SessionStart != 14*60 || all[0].AmountCents != 11690 {
		t.Errorf("first line %+v", all[0])
	}
	if got := lines(adminActor, c.bia); len(got) != 1 || got[0].AmountCents != 12345 {
		t.Errorf("admin asking for bia: %+v", got)
	}
	if got := lines(c.biaActor, 0); len(got) != 1 || got[0].PsychologistID != c.bia {
		t.Errorf("bia's own lines: %+v", got)
	}
	// A psychologist asking for another's id gets not found, as for
	// every record of another psychologist.
	err := c.db.Reports().EachPayoutLine(context.Background(), c.biaActor, "2026-12-01", "2026-12-31",
		c.ana, func(PayoutLine) error { return nil })
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("bia asking for ana's lines: %v, want not found", err)
	}
}

func TestSummary(t *testing.T) {
	c := exportsFixture(t)
	s, err := c.db.Reports().Summary(context.Background(), adminActor, "2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want int64
	}{
		{"charges", int64(s.Charges), 4},
		{"billed", s.BilledCents, 3*11690 + 12345},
		{"payments", int64(s.Payments), 4},
		{"received", s.ReceivedCents, 11690 + 5000 + 12345 + 2000},
		{"expenses", int64(s.Expenses), 2},
		{"expenses total", s.ExpensesCents, 300000 + 4510},
		{"result", s.ResultCents, 31035 - 304510},
		{"receivable patients", int64(s.Receivables.Patients), 2},
		{"receivable", s.Receivables.OpenCents, 16690 + 11690},
		{"receivable 0-30", s.Receivables.Upto30Cents, 6690 + 11690},
		{"receivable 31-60", s.Receivables.Upto60Cents, 0},
		{"receivable >60", s.Receivables.Over60Cents, 10000},
		{"payout", s.PayoutCents, 10014 + 6173},
		{"unallocated", s.UnallocatedCents, 2000},
		// The clinic keeps the psychologists' remainders and the 20,00
		// that pays no session yet.
		{"clinic", s.ClinicCents, 6676 + 6172 + 2000},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: %d, want %d", ch.name, ch.got, ch.want)
		}
	}

	// Davi's online session counts for no unit, because Ana has none.
	want := "Centro:35725/0/29035/300000=-270965," +
		"Geral (sem unidade):11690/11690/0/4510=-4510," +
		"Recebido sem alocação:0/0/2000/0=2000"
	if got := exportsUnits(s.ByUnit); got != want {
		t.Errorf("units %q, want %q", got, want)
	}

	var billed, received, expenses int64
	for _, u := range s.ByUnit {
		billed += u.BilledCents
		received += u.ReceivedCents
		expenses += u.ExpensesCents
	}
	if billed != s.BilledCents || received != s.ReceivedCents || expenses != s.ExpensesCents {
		t.Errorf("units add up to %d/%d/%d, want %d/%d/%d", billed, received, expenses,
			s.BilledCents, s.ReceivedCents, s.ExpensesCents)
	}

	var methods []string
	for _, m := range s.ByMethod {
		methods = append(methods, fmt.Sprintf("%s:%d:%d", m.Method, m.Count, m.Cents))
	}
	if got := strings.Join(methods, ","); got != "pix:2:13690,credit:1:12345,cash:1:5000" {
		t.Errorf("methods %q", got)
	}
}

// TestSummaryReceivableByPsychologist checks that the psychologists'
// receivables add up to the clinic's, an inactive psychologist whose
// patients still owe included.
func TestSummaryReceivableByPsychologist(t *testing.T) {
	c := exportsFixture(t)
	gone := mustExec(t, c.db, `INSERT INTO psychologists (name, active, created_at, updated_at)
		VALUES ('Caio Antigo', 0, ?, ?)`, exportsStamp, exportsStamp)
	mustExec(t, c.db, `INSERT INTO charges (patient_id, psychologist_id, date, amount_cents,
		created_at) VALUES (?, ?, '2026-06-10', 7000, ?)`, c.davi, gone, exportsStamp)
	s, err := c.db.Reports().Summary(context.Background(), adminActor, "2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	var found bool
	for _, p := range s.ByPsychologist {
		sum += p.ReceivableCents
		if p.PsychologistID == gone {
			found = p.ReceivableCents == 7000
		}
	}
	if !found {
		t.Errorf("the inactive psychologist's R$ 70,00 is missing: %+v", s.ByPsychologist)
	}
	if sum != s.Receivables.OpenCents {
		t.Errorf("psychologists owe %d in all, clinic %d", sum, s.Receivables.OpenCents)
	}
	if s.Receivables.OpenCents != 16690+11690+7000 {
		t.Errorf("receivable %d, want %d", s.Receivables.OpenCents, 16690+11690+7000)
	}
}

func exportsUnits(units []UnitTotals) string {
	var out []string
	for _, u := range units {
		out = append(out, fmt.Sprintf("%s:%d/%d/%d/%d=%d", u.Name, u.BilledCents,
			u.OnlineBilledCents, u.ReceivedCents, u.ExpensesCents, u.ResultCents))
	}
	return strings.Join(out, ",")
}

// TestSummaryOnlineUnit checks that an online session counts for its
// psychologist's first unit once they have one.
func TestSummaryOnlineUnit(t *testing.T) {
	c := exportsFixture(t)
	other := mustExec(t, c.db, `INSERT INTO units (name) VALUES ('Zona Sul')`)
	mustExec(t, c.db, `INSERT INTO psychologist_units VALUES (?, ?), (?, ?)`,
		c.ana, other, c.ana, c.centro)
	s, err := c.db.Reports().Summary(context.Background(), adminActor, "2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	// Centro has the lower id, so it is Ana's first unit.
	want := "Centro:47415/11690/29035/300000=-270965," +
		"Geral (sem unidade):0/0/0/4510=-4510," +
		"Recebido sem alocação:0/0/2000/0=2000"
	if got := exportsUnits(s.ByUnit); got != want {
		t.Errorf("units %q, want %q", got, want)
	}
}

func TestExpenses(t *testing.T) {
	c := exportsFixture(t)
	var got []string
	err := c.db.Reports().EachExpense(context.Background(), adminActor,
		ExpenseFilter{From: "2026-12-01", To: "2026-12-31"}, func(e Expense) error {
			got = append(got, fmt.Sprintf("%s %s %s %d", e.Date, e.CategoryName, e.UnitName, e.AmountCents))
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	want := "2026-12-05 Aluguel Centro 300000,2026-12-06 Material  4510"
	if strings.Join(got, ",") != want {
		t.Errorf("expenses %q, want %q", strings.Join(got, ","), want)
	}
	cats, err := c.db.Reports().ExpensesByCategory(context.Background(), adminActor, "2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 2 || cats[1].Name != "Material" || cats[1].Cents != 4510 || cats[1].Count != 1 {
		t.Errorf("by category %+v", cats)
	}
}

func TestExportFinanceForbidden(t *testing.T) {
	c := exportsFixture(t)
	ctx := context.Background()
	x := c.db.Reports()
	nop := func(any) error { return nil }
	calls := map[string]func(who clinic.Actor) error{
		"ledger": func(who clinic.Actor) error {
			return x.EachLedgerEntry(ctx, who, "2026-12-01", "2026-12-31",
				func(e LedgerEntry) error { return nop(e) })
		},
		"receivables": func(who clinic.Actor) error {
			return x.EachReceivable(ctx, who, ReceivablesFilter{AsOf: "2026-12-31"},
				func(r ReceivableRow) error { return nop(r) })
		},
		"expenses": func(who clinic.Actor) error {
			return x.EachExpense(ctx, who, ExpenseFilter{From: "2026-12-01", To: "2026-12-31"},
				func(e Expense) error { return nop(e) })
		},
		"expenses by category": func(who clinic.Actor) error {
			_, err := x.ExpensesByCategory(ctx, who, "2026-12-01", "2026-12-31")
			return err
		},
		"payouts": func(who clinic.Actor) error {
			_, err := x.Payouts(ctx, who, "2026-12-01", "2026-12-31", 0)
			return err
		},
		"payout lines": func(who clinic.Actor) error {
			return x.EachPayoutLine(ctx, who, "2026-12-01", "2026-12-31", 0,
				func(l PayoutLine) error { return nop(l) })
		},
		"history": func(who clinic.Actor) error {
			_, err := x.MonthHistory(ctx, who, "2026-01", "2026-12")
			return err
		},
		"summary": func(who clinic.Actor) error {
			_, err := x.Summary(ctx, who, "2026-12-01", "2026-12-31")
			return err
		},
	}
	for name, call := range calls {
		if err := call(c.receptionActor); clinic.ErrorCode(err) != clinic.ErrForbidden {
			t.Errorf("%s as reception: %v, want forbidden", name, err)
		}
	}
	for _, name := range []string{"expenses", "expenses by category", "summary", "history"} {
		if err := calls[name](c.anaActor); clinic.ErrorCode(err) != clinic.ErrForbidden {
			t.Errorf("%s as psychologist: %v, want forbidden", name, calls[name](c.anaActor))
		}
	}
}

func TestExportRangeRejected(t *testing.T) {
	c := exportsFixture(t)
	tests := []struct{ from, to string }{
		{"2026-12-31", "2026-12-01"},
		{"", "2026-12-01"},
		{"2026-02-30", "2026-03-01"},
		{"01/12/2026", "2026-12-31"},
	}
	for _, tt := range tests {
		err := c.db.Reports().EachSession(context.Background(), adminActor, tt.from, tt.to,
			func(AttendanceRow) error { return nil })
		if clinic.ErrorCode(err) != clinic.ErrInvalid {
			t.Errorf("range %q..%q: %v, want invalid", tt.from, tt.to, err)
		}
	}
}

func TestExportCallbackErrorStops(t *testing.T) {
	c := exportsFixture(t)
	stop := errors.New("stop")
	calls := 0
	err := c.db.ReportSnapshot(context.Background(), func(x *Reports) error {
		return x.EachSession(context.Background(), adminActor, "2026-12-01", "2026-12-31",
			func(AttendanceRow) error { calls++; return stop })
	})
	if !errors.Is(err, stop) {
		t.Errorf("error %v, want the callback's", err)
	}
	if calls != 1 {
		t.Errorf("callback ran %d times after failing, want 1", calls)
	}
}

func TestAttendanceByPsychologist(t *testing.T) {
	c := exportsFixture(t)
	got, err := c.db.Reports().AttendanceByPsychologist(context.Background(), adminActor,
		"2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d psychologists, want 2", len(got))
	}
	ana := got[0]
	if ana.PsychologistName != "Ana Lima" || ana.Total != 4 || ana.ByStatus["done"] != 2 ||
		ana.ByStatus["missed_charged"] != 1 || ana.ByStatus["missed_excused"] != 1 {
		t.Errorf("ana %+v", ana)
	}
	mine, err := c.db.Reports().AttendanceByPsychologist(context.Background(), c.biaActor,
		"2026-12-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 1 || mine[0].PsychologistName != "Bia Souza" || mine[0].Total != 2 {
		t.Errorf("bia's attendance %+v", mine)
	}
}
