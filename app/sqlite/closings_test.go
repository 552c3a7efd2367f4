package sqlite

import (
	"context"
	"testing"

	"kpsicologia/app/clinic"
)

func TestClosingLocksAndReopens(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-20", "09:00", 15000)
	other := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-11-20", "10:00", 20000)
	cats, _ := c.db.ExpenseCategories(ctx)

	id, err := c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2026-11", Today: "2026-12-04"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2026-11", Today: "2026-12-04"})
	wantCode(t, err, clinic.ErrConflict)

	_, err = c.db.SetAttendance(ctx, adminActor, AttendanceChange{SessionID: s,
		Status: StatusDone, Now: financeFixtureNow})
	wantCode(t, err, clinic.ErrLocked)
	_, err = c.db.RecordPayment(ctx, adminActor, PaymentInput{PatientID: c.patient1,
		Date: "2026-11-30", AmountCents: 100, Method: MethodPix})
	wantCode(t, err, clinic.ErrLocked)
	_, err = c.db.CreateExpense(ctx, adminActor, ExpenseInput{CategoryID: cats[0].ID,
		Date: "2026-11-01", AmountCents: 100})
	wantCode(t, err, clinic.ErrLocked)
	// December stays open.
	if _, err := c.db.RecordPayment(ctx, adminActor, PaymentInput{PatientID: c.patient1,
		Date: "2026-12-01", AmountCents: 100, Method: MethodPix}); err != nil {
		t.Errorf("payment in an open month: %v", err)
	}

	wantCode(t, c.db.ReopenMonth(ctx, adminActor, id, "  "), clinic.ErrInvalid)
	if err := c.db.ReopenMonth(ctx, adminActor, id, "faltou lançar uma sessão"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, c.db.ReopenMonth(ctx, adminActor, id, "de novo"), clinic.ErrConflict)
	res := financeFixtureConfirm(t, c, s, StatusDone)
	if !res.ChargeCreated {
		t.Errorf("after reopening = %+v, want a charge", res)
	}
	financeFixtureConfirm(t, c, other, StatusDone)

	for _, action := range []string{"close_month", "reopen_month"} {
		if n := financeFixtureCount(t, c.db, `SELECT count(*) FROM audit_log
			WHERE action = ? AND entity_id = ?`, action, id); n != 1 {
			t.Errorf("%s audit rows = %d, want 1", action, n)
		}
	}
	list, err := c.db.MonthClosings(ctx)
	if err != nil || len(list) != 1 || !list[0].Open() || list[0].ReopenReason != "faltou lançar uma sessão" {
		t.Errorf("closings = %+v, %v", list, err)
	}
}

func TestClosingForOnePsychologist(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	ana := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-20", "09:00", 15000)
	bruno := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-11-20", "10:00", 20000)
	financeFixtureConfirm(t, c, bruno, StatusDone)
	if _, err := c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2026-11",
		PsychologistID: c.psyA, Today: "2026-12-04"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.db.SetAttendance(ctx, adminActor, AttendanceChange{SessionID: ana,
		Status: StatusDone, Now: financeFixtureNow})
	wantCode(t, err, clinic.ErrLocked)
	// Bruno's month is open: his patient can pay a November date.
	financeFixturePay(t, c, c.patient2, "2026-11-25", "200,00")
	// A payment for Ana's patient dated in November is locked even with
	// nothing to allocate, through the main psychologist.
	_, err = c.db.RecordPayment(ctx, adminActor, PaymentInput{PatientID: c.patient1,
		Date: "2026-11-25", AmountCents: 100, Method: MethodPix})
	wantCode(t, err, clinic.ErrLocked)
	// The whole clinic can still be closed on top of Ana's closing.
	if _, err := c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2026-11",
		Today: "2026-12-04"}); err != nil {
		t.Errorf("clinic closing over a psychologist's: %v", err)
	}
}

func TestClosingRules(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	_, err := c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2027-01", Today: "2026-12-04"})
	wantCode(t, err, clinic.ErrInvalid)
	_, err = c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2026-13", Today: "2026-12-04"})
	wantCode(t, err, clinic.ErrInvalid)
	reception := clinic.Actor{Role: clinic.RoleReception}
	_, err = c.db.CloseMonth(ctx, reception, CloseMonthInput{Month: "2026-11", Today: "2026-12-04"})
	wantCode(t, err, clinic.ErrForbidden)
	_, err = c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2026-11",
		PsychologistID: 999, Today: "2026-12-04"})
	wantCode(t, err, clinic.ErrInvalid)
}

func TestClosingBlocksReleaseAndCredit(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-20", "09:00", 15000)
	ch := financeFixtureConfirm(t, c, s, StatusDone).ChargeID
	financeFixturePay(t, c, c.patient1, "2026-11-20", "300,00") // 150,00 credit
	if _, err := c.db.CloseMonth(ctx, adminActor, CloseMonthInput{Month: "2026-11",
		Today: "2026-12-04"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.db.ReleaseCharge(ctx, adminActor, ch)
	wantCode(t, err, clinic.ErrLocked)
	// A December session does not take November's credit while November
	// is closed, and the confirmation still succeeds.
	dec := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-02", "09:00", 15000)
	if got := financeFixtureConfirm(t, c, dec, StatusDone).CreditApplied; got != 0 {
		t.Errorf("credit applied from a closed month = %d", got)
	}
}
