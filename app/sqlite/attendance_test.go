package sqlite

import (
	"context"
	"sync"
	"testing"

	"kpsicologia/app/clinic"
)

// financeFixtureClinic is a small clinic: one unit with a room, two
// psychologists and two patients, one of each per psychologist.
type financeFixtureClinic struct {
	db                 *DB
	unit, room         int64
	psyA, psyB         int64
	patient1, patient2 int64
}

// financeFixtureNow is the local wall time the fixtures treat as now:
// Friday 2026-12-04 13:00.
const financeFixtureNow = "2026-12-04T13:00"

func financeFixtureNew(t *testing.T) *financeFixtureClinic {
	t.Helper()
	db := mustOpen(t, testNow)
	const at = "2026-01-01T00:00:00Z"
	c := &financeFixtureClinic{db: db}
	c.unit = mustExec(t, db, "INSERT INTO units (name) VALUES ('Centro')")
	c.room = mustExec(t, db, "INSERT INTO rooms (unit_id, name) VALUES (?, 'Sala 1')", c.unit)
	c.psyA = mustExec(t, db, `INSERT INTO psychologists (name, payout_share_bp,
		created_at, updated_at) VALUES ('Ana Lima', 6000, ?, ?)`, at, at)
	c.psyB = mustExec(t, db, `INSERT INTO psychologists (name, payout_share_bp,
		created_at, updated_at) VALUES ('Bruno Reis', 5000, ?, ?)`, at, at)
	c.patient1 = mustExec(t, db, `INSERT INTO patients (name, price_cents,
		psychologist_id, created_at, updated_at) VALUES ('Carla Souza', 15000, ?, ?, ?)`,
		c.psyA, at, at)
	c.patient2 = mustExec(t, db, `INSERT INTO patients (name, price_cents,
		psychologist_id, guardian_name, guardian_cpf, created_at, updated_at)
		VALUES ('Davi Melo', 20000, ?, 'Elisa Melo', '52998224725', ?, ?)`,
		c.psyB, at, at)
	return c
}

// financeFixtureSession inserts a session on date at start ("HH:MM") for
// 50 minutes in the fixture's room.
func financeFixtureSession(t *testing.T, c *financeFixtureClinic, patient, psy int64, date, start string, price int64) int64 {
	t.Helper()
	clock := clinic.MustClock(start)
	return mustExec(t, c.db, `INSERT INTO sessions (patient_id, psychologist_id,
		room_id, kind, date, start_min, end_min, price_cents, created_at, updated_at)
		VALUES (?, ?, ?, 'one_off', ?, ?, ?, ?, '2026-01-01T00:00:00Z',
		'2026-01-01T00:00:00Z')`, patient, psy, c.room, date, int(clock),
		int(clock)+50, price)
}

func financeFixtureConfirm(t *testing.T, c *financeFixtureClinic, session int64, status string) AttendanceResult {
	t.Helper()
	res, err := c.db.SetAttendance(context.Background(), adminActor, AttendanceChange{
		SessionID: session, Status: status, Now: financeFixtureNow})
	if err != nil {
		t.Fatalf("SetAttendance(%d, %s): %v", session, status, err)
	}
	return res
}

func financeFixtureCount(t *testing.T, db *DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", query, err)
	}
	return n
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := clinic.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestChargePolicyCharges(t *testing.T) {
	p := DefaultChargePolicy()
	tests := []struct {
		status string
		ahead  int
		want   bool
	}{
		{StatusDone, 0, true},
		{StatusMissedCharged, 0, true},
		{StatusMissedExcused, 0, false},
		{StatusCancelledClinic, 0, false},
		{StatusPsychologistAbsent, 0, false},
		{StatusHoliday, 0, false},
		{StatusScheduled, 0, false},
		{StatusCancelledPatient, 23*60 + 59, true},
		{StatusCancelledPatient, 24 * 60, false},
		{StatusCancelledPatient, -30, true},
	}
	for _, tt := range tests {
		if got := p.Charges(tt.status, tt.ahead); got != tt.want {
			t.Errorf("Charges(%s, %d) = %t, want %t", tt.status, tt.ahead, got, tt.want)
		}
	}
	off := ChargePolicy{Charged: []string{StatusDone}}
	if off.Charges(StatusCancelledPatient, 0) {
		t.Error("late cancellation charged with LateCancelHours 0")
	}
}

func TestChargePolicyStored(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	bad := ChargePolicy{Charged: []string{"scheduled"}}
	wantCode(t, c.db.SetChargePolicy(ctx, adminActor, bad), clinic.ErrInvalid)
	reception := clinic.Actor{Role: clinic.RoleReception}
	wantCode(t, c.db.SetChargePolicy(ctx, reception, DefaultChargePolicy()), clinic.ErrForbidden)

	want := ChargePolicy{Charged: []string{StatusDone, StatusMissedExcused}, LateCancelHours: 48}
	if err := c.db.SetChargePolicy(ctx, adminActor, want); err != nil {
		t.Fatal(err)
	}
	got, err := c.db.ChargePolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.LateCancelHours != 48 || len(got.Charged) != 2 || got.Charged[1] != StatusMissedExcused {
		t.Errorf("policy = %+v, want %+v", got, want)
	}
}

func TestAttendanceChargesOnce(t *testing.T) {
	c := financeFixtureNew(t)
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-02", "14:00", 15000)

	first := financeFixtureConfirm(t, c, s, StatusDone)
	if !first.Changed || !first.ChargeCreated || first.ChargeCents != 15000 {
		t.Fatalf("first confirmation = %+v", first)
	}
	again := financeFixtureConfirm(t, c, s, StatusDone)
	if again.Changed || again.ChargeCreated || again.ChargeID != first.ChargeID {
		t.Errorf("replayed confirmation = %+v, want unchanged", again)
	}
	// A charged miss keeps the same charge and amount.
	missed := financeFixtureConfirm(t, c, s, StatusMissedCharged)
	if !missed.Changed || missed.ChargeID != first.ChargeID || missed.ChargeCreated {
		t.Errorf("done -> missed_charged = %+v", missed)
	}
	if n := financeFixtureCount(t, c.db, "SELECT count(*) FROM charges WHERE session_id = ?", s); n != 1 {
		t.Errorf("charges = %d, want 1", n)
	}
	if n := financeFixtureCount(t, c.db, `SELECT count(*) FROM audit_log
		WHERE entity = 'session' AND entity_id = ? AND action = 'attendance'`, s); n != 2 {
		t.Errorf("audit rows = %d, want 2 (the replay writes none)", n)
	}
}

func TestAttendanceKeepsBookedPrice(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s1 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-03", "09:00", 15000)
	s2 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-10", "09:00", 17500)
	r1 := financeFixtureConfirm(t, c, s1, StatusDone)
	r2 := financeFixtureConfirm(t, c, s2, StatusDone)
	if r1.ChargeCents != 15000 || r2.ChargeCents != 17500 {
		t.Fatalf("charges = %d and %d, want each session's own price", r1.ChargeCents, r2.ChargeCents)
	}
	// A later price change of the patient or the session never rewrites
	// a charge.
	mustExec(t, c.db, "UPDATE patients SET price_cents = 22000 WHERE id = ?", c.patient1)
	mustExec(t, c.db, "UPDATE sessions SET price_cents = 22000 WHERE id = ?", s1)
	financeFixtureConfirm(t, c, s1, StatusMissedCharged)
	st, err := c.db.PatientStatement(ctx, adminActor, c.patient1, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if st.ClosingCents != 32500 {
		t.Errorf("balance = %d, want 32500", st.ClosingCents)
	}
}

func TestAttendanceRemovesUnpaidCharge(t *testing.T) {
	c := financeFixtureNew(t)
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-02", "14:00", 15000)
	financeFixtureConfirm(t, c, s, StatusDone)
	res := financeFixtureConfirm(t, c, s, StatusCancelledClinic)
	if !res.ChargeRemoved || res.ChargeID != 0 {
		t.Errorf("done -> cancelled_clinic = %+v, want charge removed", res)
	}
	if n := financeFixtureCount(t, c.db, "SELECT count(*) FROM charges"); n != 0 {
		t.Errorf("charges = %d, want 0", n)
	}
	if n := financeFixtureCount(t, c.db, `SELECT count(*) FROM audit_log
		WHERE entity = 'charge' AND action = 'delete'`); n != 1 {
		t.Errorf("charge deletion audit rows = %d, want 1", n)
	}
	back := financeFixtureConfirm(t, c, s, StatusScheduled)
	if !back.Changed || back.ChargeID != 0 {
		t.Errorf("back to scheduled = %+v", back)
	}
	var confirmed *string
	c.db.read.QueryRow("SELECT confirmed_at FROM sessions WHERE id = ?", s).Scan(&confirmed)
	if confirmed != nil {
		t.Errorf("confirmed_at = %q after undo, want NULL", *confirmed)
	}
}

func TestAttendanceRejectsPaidCharge(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-02", "14:00", 15000)
	first := financeFixtureConfirm(t, c, s, StatusDone)
	_, err := c.db.RecordPayment(ctx, adminActor, PaymentInput{PatientID: c.patient1,
		Date: "2026-12-02", AmountCents: 10000, Method: MethodPix})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.db.SetAttendance(ctx, adminActor, AttendanceChange{SessionID: s,
		Status: StatusMissedExcused, Now: financeFixtureNow})
	wantCode(t, err, clinic.ErrConflict)

	released, err := c.db.ReleaseCharge(ctx, adminActor, first.ChargeID)
	if err != nil || released != 10000 {
		t.Fatalf("ReleaseCharge = %d, %v; want 10000", released, err)
	}
	res := financeFixtureConfirm(t, c, s, StatusMissedExcused)
	if !res.ChargeRemoved {
		t.Errorf("after release = %+v, want charge removed", res)
	}
	st, err := c.db.PatientStatement(ctx, adminActor, c.patient1, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if st.CreditCents != 10000 || st.ClosingCents != -10000 {
		t.Errorf("credit = %d, balance = %d; want 10000 and -10000", st.CreditCents, st.ClosingCents)
	}
}

func TestAttendanceLateCancellation(t *testing.T) {
	tests := []struct {
		name   string
		notice string
		want   bool
	}{
		{"ten hours ahead", "2026-12-02T04:00", true},
		{"thirty hours ahead", "2026-12-01T08:00", false},
		{"exactly 24 hours", "2026-12-01T14:00", false},
		{"after the start", "2026-12-02T14:30", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := financeFixtureNew(t)
			s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-02", "14:00", 15000)
			res, err := c.db.SetAttendance(context.Background(), adminActor, AttendanceChange{
				SessionID: s, Status: StatusCancelledPatient, NoticeAt: tt.notice,
				Now: financeFixtureNow})
			if err != nil {
				t.Fatal(err)
			}
			if res.ChargeCreated != tt.want {
				t.Errorf("charged = %t, want %t", res.ChargeCreated, tt.want)
			}
			if n := financeFixtureCount(t, c.db,
				"SELECT count(*) FROM cancellation_notices WHERE session_id = ?", s); n != 1 {
				t.Errorf("notices = %d, want 1", n)
			}
		})
	}
}

func TestAttendanceNeedsNotice(t *testing.T) {
	c := financeFixtureNew(t)
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-02", "14:00", 15000)
	_, err := c.db.SetAttendance(context.Background(), adminActor, AttendanceChange{
		SessionID: s, Status: StatusCancelledPatient, Now: financeFixtureNow})
	wantCode(t, err, clinic.ErrInvalid)
}

func TestAttendanceFutureSession(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	later := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-04", "15:00", 15000)
	_, err := c.db.SetAttendance(ctx, adminActor, AttendanceChange{SessionID: later,
		Status: StatusDone, Now: financeFixtureNow})
	wantCode(t, err, clinic.ErrInvalid)
	// Cancelling ahead of time is what a notice is for.
	_, err = c.db.SetAttendance(ctx, adminActor, AttendanceChange{SessionID: later,
		Status: StatusCancelledPatient, NoticeAt: "2026-12-01T10:00", Now: financeFixtureNow})
	if err != nil {
		t.Errorf("early cancellation: %v", err)
	}
}

func TestAttendancePsychologistScope(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-12-02", "14:00", 20000)
	ana := clinic.Actor{UserID: 0, Username: "ana", Role: clinic.RolePsychologist, PsychologistID: c.psyA}
	_, err := c.db.SetAttendance(ctx, ana, AttendanceChange{SessionID: s,
		Status: StatusDone, Now: financeFixtureNow})
	wantCode(t, err, clinic.ErrNotFound)

	rows, err := c.db.AttendanceList(ctx, ana, AttendanceFilter{From: "2026-12-01",
		To: "2026-12-31", Now: financeFixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 0 {
		t.Errorf("Ana sees %d of Bruno's sessions", len(rows))
	}
}

func TestConfirmSessionsBulk(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	var ids []int64
	for _, d := range []string{"2026-11-30", "2026-12-01", "2026-12-02"} {
		ids = append(ids, financeFixtureSession(t, c, c.patient1, c.psyA, d, "10:00", 15000))
	}
	future := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-05", "10:00", 15000)

	_, err := c.db.ConfirmSessions(ctx, adminActor, append(ids, future), financeFixtureNow)
	wantCode(t, err, clinic.ErrInvalid)
	if n := financeFixtureCount(t, c.db, "SELECT count(*) FROM charges"); n != 0 {
		t.Fatalf("a rejected batch left %d charges", n)
	}
	n, err := c.db.ConfirmSessions(ctx, adminActor, ids, financeFixtureNow)
	if err != nil || n != 3 {
		t.Fatalf("ConfirmSessions = %d, %v; want 3", n, err)
	}
	n, err = c.db.ConfirmSessions(ctx, adminActor, ids, financeFixtureNow)
	if err != nil || n != 0 {
		t.Errorf("second ConfirmSessions = %d, %v; want 0", n, err)
	}
	if got := financeFixtureCount(t, c.db, "SELECT sum(amount_cents) FROM charges"); got != 45000 {
		t.Errorf("billed = %d, want 45000", got)
	}
}

func TestAttendanceConcurrentConfirm(t *testing.T) {
	c := financeFixtureNew(t)
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-02", "14:00", 15000)
	var wg sync.WaitGroup
	errs := make(chan error, 24)
	for range 24 {
		wg.Go(func() {
			_, err := c.db.SetAttendance(context.Background(), adminActor, AttendanceChange{
				SessionID: s, Status: StatusDone, Now: financeFixtureNow})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent confirm: %v", err)
		}
	}
	if n := financeFixtureCount(t, c.db, "SELECT count(*) FROM charges"); n != 1 {
		t.Errorf("charges = %d, want 1", n)
	}
}

func TestPendingConfirmations(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-01", "10:00", 15000)
	financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-04", "12:30", 15000)
	financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-04", "13:30", 15000)
	done := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-12-03", "10:00", 20000)
	financeFixtureConfirm(t, c, done, StatusDone)
	rows, total, err := c.db.PendingConfirmations(ctx, adminActor, financeFixtureNow, 10)
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(rows) != 2 {
		t.Errorf("pending = %d rows, total %d; want 2 and 2", len(rows), total)
	}
}
