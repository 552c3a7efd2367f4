package sqlite

import (
	"context"
	"testing"
)

func TestPayoutCentsRounding(t *testing.T) {
	tests := []struct {
		received int64
		share    int
		want     int64
	}{
		{15000, 6000, 9000},
		{5, 6000, 3},         // 3,0 cents
		{1, 5000, 1},         // 0,5 rounds up
		{3, 5000, 2},         // 1,5 rounds up
		{33333, 3333, 11110}, // 11109,8889
		{0, 6000, 0},
		{10000, 10000, 10000},
		{10000, 0, 0},
	}
	for _, tt := range tests {
		if got := PayoutCents(tt.received, tt.share); got != tt.want {
			t.Errorf("PayoutCents(%d, %d) = %d, want %d", tt.received, tt.share, got, tt.want)
		}
	}
}

func TestMonthRangeAndAddMonths(t *testing.T) {
	from, to, err := MonthRange("2028-02")
	if err != nil || from != "2028-02-01" || to != "2028-02-29" {
		t.Errorf("MonthRange(2028-02) = %s %s %v", from, to, err)
	}
	if _, _, err := MonthRange("2026-13"); err == nil {
		t.Error("MonthRange accepted month 13")
	}
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{{"2026-12", 1, "2027-01"}, {"2026-01", -1, "2025-12"}, {"2026-12", -11, "2026-01"}, {"2026-03", -15, "2024-12"}} {
		if got := AddMonths(tt.in, tt.n); got != tt.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.in, tt.n, got, tt.want)
		}
	}
}

// financeFixtureSummary returns the admin's summary of month (YYYY-MM).
func financeFixtureSummary(t *testing.T, c *financeFixtureClinic, month string) Summary {
	t.Helper()
	from, to, err := MonthRange(month)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.db.Reports().Summary(context.Background(), adminActor, from, to)
	if err != nil {
		t.Fatalf("Summary(%s): %v", month, err)
	}
	return s
}

func TestMonthSummaryBoundaries(t *testing.T) {
	c := financeFixtureNew(t)
	// 21:00 on 31 October is October, whatever UTC says.
	late := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-10-31", "21:00", 15000)
	first := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-01", "08:00", 16000)
	lastNov := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-11-30", "21:00", 20000)
	for _, s := range []int64{late, first, lastNov} {
		financeFixtureConfirm(t, c, s, StatusDone)
	}
	financeFixturePay(t, c, c.patient1, "2026-10-31", "150,00")
	financeFixturePay(t, c, c.patient2, "2026-12-01", "200,00")

	oct := financeFixtureSummary(t, c, "2026-10")
	if oct.BilledCents != 15000 || oct.ReceivedCents != 15000 {
		t.Errorf("October billed %d received %d, want 15000 and 15000", oct.BilledCents, oct.ReceivedCents)
	}
	nov := financeFixtureSummary(t, c, "2026-11")
	if nov.BilledCents != 36000 || nov.ReceivedCents != 0 || nov.Charges != 2 {
		t.Errorf("November billed %d (%d charges) received %d", nov.BilledCents, nov.Charges, nov.ReceivedCents)
	}
	if nov.Receivables.OpenCents != 36000 {
		t.Errorf("November receivables = %d, want 36000", nov.Receivables.OpenCents)
	}
	dec := financeFixtureSummary(t, c, "2026-12")
	if dec.Receivables.OpenCents != 16000 {
		t.Errorf("December receivables = %d, want 16000", dec.Receivables.OpenCents)
	}
}

func TestMonthSummaryPayoutFollowsAllocations(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	// Ana's patient pays an October session in November: it is
	// November money for Ana.
	oct := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-10-20", "09:00", 15005)
	financeFixtureConfirm(t, c, oct, StatusDone)
	nov := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-11-05", "09:00", 20001)
	financeFixtureConfirm(t, c, nov, StatusDone)
	financeFixturePay(t, c, c.patient1, "2026-11-02", "200,05") // 50,00 stays credit
	financeFixturePay(t, c, c.patient2, "2026-11-05", "100,00")
	mustExec(t, c.db, `INSERT INTO payments (patient_id, date, amount_cents, method,
		created_at) VALUES (?, '2026-11-06', 3000, 'cash', '2026-11-06T12:00:00Z')`, c.patient2)

	s := financeFixtureSummary(t, c, "2026-11")
	byName := map[string]PsychologistTotals{}
	for _, p := range s.ByPsychologist {
		byName[p.Name] = p
	}
	ana, bruno := byName["Ana Lima"], byName["Bruno Reis"]
	if ana.BilledCents != 0 || ana.ReceivedCents != 15005 || ana.PayoutCents != 9003 || ana.ClinicCents != 6002 {
		t.Errorf("Ana = %+v, want received 15005, payout 9003 (60 %% of 150,05), clinic 6002", ana)
	}
	if bruno.BilledCents != 20001 || bruno.ReceivedCents != 10000 || bruno.PayoutCents != 5000 {
		t.Errorf("Bruno = %+v", bruno)
	}
	if s.ReceivedCents != 33005 || s.UnallocatedCents != 33005-25005 {
		t.Errorf("received %d unallocated %d", s.ReceivedCents, s.UnallocatedCents)
	}
	if s.PayoutCents != 14003 {
		t.Errorf("payout total = %d, want 14003", s.PayoutCents)
	}
	var pix, cash MethodTotals
	for _, m := range s.ByMethod {
		switch m.Method {
		case MethodPix:
			pix = m
		case MethodCash:
			cash = m
		}
	}
	if pix.Count != 2 || pix.Cents != 30005 || cash.Cents != 3000 {
		t.Errorf("methods = %+v", s.ByMethod)
	}
	// The 80,00 that pays no session is a line of its own.
	if len(s.ByUnit) != 2 || s.ByUnit[0].Name != "Centro" || s.ByUnit[0].BilledCents != 20001 ||
		s.ByUnit[0].ReceivedCents != 25005 || s.ByUnit[1].Name != UnallocatedName ||
		s.ByUnit[1].ReceivedCents != 8000 {
		t.Errorf("units = %+v", s.ByUnit)
	}
	if s.ClinicCents != 33005-14003 {
		t.Errorf("clinic share = %d, want received − payouts = %d", s.ClinicCents, 33005-14003)
	}
	totals, err := c.db.Reports().Payouts(ctx, adminActor, "2026-11-01", "2026-11-30", c.psyA)
	if err != nil || len(totals) != 1 || totals[0].PayoutCents != 9003 {
		t.Errorf("Ana's payout = %+v, %v; want 9003", totals, err)
	}
	var lines []PayoutLine
	err = c.db.Reports().EachPayoutLine(ctx, adminActor, "2026-11-01", "2026-11-30", c.psyA,
		func(l PayoutLine) error { lines = append(lines, l); return nil })
	if err != nil || len(lines) != 1 || lines[0].ChargeDate != "2026-10-20" || lines[0].AmountCents != 15005 {
		t.Errorf("Ana's payout lines = %+v, %v", lines, err)
	}
}

func TestMonthSummaryOnlineUnit(t *testing.T) {
	c := financeFixtureNew(t)
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-05", "09:00", 15000)
	mustExec(t, c.db, "UPDATE sessions SET room_id = NULL, modality = 'online' WHERE id = ?", s)
	financeFixtureConfirm(t, c, s, StatusDone)
	sum := financeFixtureSummary(t, c, "2026-11")
	if len(sum.ByUnit) != 1 || sum.ByUnit[0].Name != UnitGeneralName ||
		sum.ByUnit[0].OnlineBilledCents != 15000 {
		t.Errorf("units without psychologist unit = %+v, want %s", sum.ByUnit, UnitGeneralName)
	}
	mustExec(t, c.db, "INSERT INTO psychologist_units VALUES (?, ?)", c.psyA, c.unit)
	sum = financeFixtureSummary(t, c, "2026-11")
	if len(sum.ByUnit) != 1 || sum.ByUnit[0].Name != "Centro" ||
		sum.ByUnit[0].BilledCents != 15000 || sum.ByUnit[0].OnlineBilledCents != 15000 {
		t.Errorf("units with psychologist unit = %+v, want Centro with 15000 online", sum.ByUnit)
	}
}

func TestDeletedExpenseLeavesTotals(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	cats, err := c.db.ExpenseCategories(ctx)
	if err != nil || len(cats) != 5 {
		t.Fatalf("seeded categories = %d, %v; want 5", len(cats), err)
	}
	rent, err := c.db.CreateExpense(ctx, adminActor, ExpenseInput{CategoryID: cats[0].ID,
		UnitID: c.unit, Date: "2026-11-05", AmountCents: 250000, Description: "Aluguel novembro"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.db.CreateExpense(ctx, adminActor, ExpenseInput{CategoryID: cats[1].ID,
		Date: "2026-11-30", AmountCents: 12345})
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, c.db.DeleteExpense(ctx, adminActor, rent, ""), "invalid")
	if err := c.db.DeleteExpense(ctx, adminActor, rent, "lançada em dobro"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, c.db.DeleteExpense(ctx, adminActor, rent, "de novo"), "conflict")
	sum := financeFixtureSummary(t, c, "2026-11")
	if sum.ExpensesCents != 12345 || sum.ResultCents != -12345 {
		t.Errorf("expenses %d result %d, want 12345 and -12345", sum.ExpensesCents, sum.ResultCents)
	}
	all, err := c.db.Expenses(ctx, adminActor, ExpenseFilter{From: "2026-11-01", To: "2026-11-30", IncludeDeleted: true})
	if err != nil || len(all) != 2 {
		t.Fatalf("expenses with deleted = %d, %v", len(all), err)
	}
	e, err := c.db.Expense(ctx, rent)
	if err != nil || !e.Deleted() || e.DeletedReason != "lançada em dobro" {
		t.Errorf("deleted expense = %+v, %v", e, err)
	}
	wantCode(t, c.db.UpdateExpense(ctx, adminActor, rent, ExpenseInput{CategoryID: cats[0].ID,
		Date: "2026-11-05", AmountCents: 1}), "conflict")
}

func TestReceivablesAging(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	for _, d := range []string{"2026-09-20", "2026-10-20", "2026-11-20", "2026-12-02"} {
		s := financeFixtureSession(t, c, c.patient1, c.psyA, d, "09:00", 10000)
		financeFixtureConfirm(t, c, s, StatusDone)
	}
	// Half of the oldest is paid: its other half is still over 60 days.
	financeFixturePay(t, c, c.patient1, "2026-12-01", "50,00")
	s := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-11-03", "09:00", 20000)
	financeFixtureConfirm(t, c, s, StatusDone)

	rows, totals, err := c.db.Reports().Receivables(ctx, adminActor, ReceivablesFilter{AsOf: "2026-12-04"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || totals.Patients != 2 {
		t.Fatalf("rows = %d, want 2", len(rows))
	}
	r := rows[0]
	if r.PatientID != c.patient1 || r.OpenCents != 35000 {
		t.Fatalf("first row = %+v, want Carla with 35000", r)
	}
	// 2026-11-20 is 14 days old, 2026-12-02 two, 2026-10-20 45 and
	// 2026-09-20 75.
	if r.Upto30Cents != 20000 || r.Upto60Cents != 10000 || r.Over60Cents != 5000 {
		t.Errorf("aging = %d / %d / %d", r.Upto30Cents, r.Upto60Cents, r.Over60Cents)
	}
	if r.OldestDate != "2026-09-20" || r.Charges != 4 {
		t.Errorf("oldest %s charges %d", r.OldestDate, r.Charges)
	}
	if totals.OpenCents != 55000 || totals.Upto60Cents != 30000 {
		t.Errorf("totals = %+v", totals)
	}
	rows, _, err = c.db.Reports().Receivables(ctx, adminActor, ReceivablesFilter{PsychologistID: c.psyB, AsOf: "2026-12-04"})
	if err != nil || len(rows) != 1 || rows[0].PatientID != c.patient2 {
		t.Errorf("filtered by Bruno = %+v, %v", rows, err)
	}
}

func TestMonthHistoryHasEveryMonth(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-03-10", "09:00", 15000)
	financeFixtureConfirm(t, c, s, StatusDone)
	history, err := c.db.Reports().MonthHistory(ctx, adminActor, "2026-01", "2026-12")
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 12 || history[0].Month != "2026-01" || history[11].Month != "2026-12" {
		t.Fatalf("history = %+v", history)
	}
	if history[2].BilledCents != 15000 {
		t.Errorf("March billed = %d", history[2].BilledCents)
	}
}

func TestAdminDashboardFigures(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	for wd := range 7 {
		mustExec(t, c.db, "INSERT INTO room_hours VALUES (?, ?, '08:00', '18:00')", c.room, wd)
	}
	a := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-12-04", "09:00", 15000)
	financeFixtureSession(t, c, c.patient2, c.psyB, "2026-12-04", "15:00", 20000)
	cancelled := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-12-04", "10:00", 20000)
	missed := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-12-01", "10:00", 20000)
	financeFixtureConfirm(t, c, a, StatusDone)
	financeFixtureConfirm(t, c, cancelled, StatusCancelledClinic)
	financeFixtureConfirm(t, c, missed, StatusMissedExcused)
	d, err := c.db.AdminDashboard(ctx, adminActor, "2026-12-04")
	if err != nil {
		t.Fatal(err)
	}
	if d.TodaySessions != 2 || d.TodayCancelled != 1 {
		t.Errorf("today %d cancelled %d", d.TodaySessions, d.TodayCancelled)
	}
	if d.AttendancePercent() != 50 || d.BookedMinutes != 100 || d.OpenMinutes != 600 {
		t.Errorf("attendance %d%%, booked %d of %d", d.AttendancePercent(), d.BookedMinutes, d.OpenMinutes)
	}
	if d.BilledCents != 15000 || d.ReceivablesCents != 15000 {
		t.Errorf("billed %d receivables %d", d.BilledCents, d.ReceivablesCents)
	}
}
