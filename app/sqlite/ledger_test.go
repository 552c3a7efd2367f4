package sqlite

import (
	"context"
	"testing"

	"kpsicologia/app/clinic"
)

// financeFixtureMoney parses a Brazilian amount the way the payment form
// does, failing the test on a bad literal.
func financeFixtureMoney(t *testing.T, s string) int64 {
	t.Helper()
	cents, err := clinic.ParseMoney(s)
	if err != nil {
		t.Fatalf("ParseMoney(%q): %v", s, err)
	}
	return cents
}

func financeFixturePay(t *testing.T, c *financeFixtureClinic, patient int64, date, amount string, charges ...int64) PaymentResult {
	t.Helper()
	res, err := c.db.RecordPayment(context.Background(), adminActor, PaymentInput{
		PatientID: patient, Date: date, AmountCents: financeFixtureMoney(t, amount),
		Method: MethodPix, ChargeIDs: charges})
	if err != nil {
		t.Fatalf("RecordPayment(%s, %s): %v", date, amount, err)
	}
	return res
}

func financeFixtureStatement(t *testing.T, c *financeFixtureClinic, patient int64) Statement {
	t.Helper()
	st, err := c.db.PatientStatement(context.Background(), adminActor, patient, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestPaymentThreeThirds(t *testing.T) {
	c := financeFixtureNew(t)
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-05", "09:00",
		financeFixtureMoney(t, "R$ 350,70"))
	financeFixtureConfirm(t, c, s, StatusDone)
	for _, d := range []string{"2026-11-05", "2026-11-12", "2026-11-19"} {
		financeFixturePay(t, c, c.patient1, d, "116,90")
	}
	st := financeFixtureStatement(t, c, c.patient1)
	if st.ClosingCents != 0 || st.OpenCents != 0 || st.CreditCents != 0 {
		t.Errorf("balance %s, open %s, credit %s; want all R$ 0,00",
			clinic.FormatMoney(st.ClosingCents), clinic.FormatMoney(st.OpenCents),
			clinic.FormatMoney(st.CreditCents))
	}
	if len(st.Lines) != 4 {
		t.Fatalf("lines = %d, want 4", len(st.Lines))
	}
	wantBalances := []int64{35070, 23380, 11690, 0}
	for i, l := range st.Lines {
		if l.BalanceCents != wantBalances[i] {
			t.Errorf("line %d balance = %d, want %d", i, l.BalanceCents, wantBalances[i])
		}
	}
}

func TestPaymentSumsNoFloatDrift(t *testing.T) {
	c := financeFixtureNew(t)
	// 0.1 + 0.2 is 0.30000000000000004 in float64; cents stay exact.
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-05", "09:00",
		financeFixtureMoney(t, "0,30"))
	financeFixtureConfirm(t, c, s, StatusDone)
	financeFixturePay(t, c, c.patient1, "2026-11-05", "0,10")
	financeFixturePay(t, c, c.patient1, "2026-11-06", "0,20")
	st := financeFixtureStatement(t, c, c.patient1)
	if st.ClosingCents != 0 || st.OpenCents != 0 {
		t.Errorf("0,10 + 0,20 against 0,30 leaves %d cents", st.ClosingCents)
	}
	// A thousand payments of R$ 0,01 make exactly R$ 10,00.
	var total int64
	for range 1000 {
		total += financeFixtureMoney(t, "0,01")
	}
	if total != 1000 || clinic.FormatMoney(total) != "R$ 10,00" {
		t.Errorf("1000 × 0,01 = %s", clinic.FormatMoney(total))
	}
}

func TestPaymentMonthlyOldestFirst(t *testing.T) {
	c := financeFixtureNew(t)
	var charges []int64
	for _, d := range []string{"2026-11-24", "2026-11-03", "2026-11-17", "2026-11-10"} {
		s := financeFixtureSession(t, c, c.patient1, c.psyA, d, "09:00", 15000)
		charges = append(charges, financeFixtureConfirm(t, c, s, StatusDone).ChargeID)
	}
	// R$ 500,00 pays the three oldest in full and R$ 50,00 of the 24th.
	res := financeFixturePay(t, c, c.patient1, "2026-11-30", "500,00")
	if res.AllocatedCents != 50000 || res.CreditCents != 0 || res.Charges != 4 {
		t.Errorf("payment = %+v", res)
	}
	open, err := c.db.PatientOpenCharges(context.Background(), adminActor, c.patient1)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].ChargeID != charges[0] || open[0].OpenCents != 10000 {
		t.Errorf("open charges = %+v, want the 24th with R$ 100,00", open)
	}
}

func TestPaymentChosenCharges(t *testing.T) {
	c := financeFixtureNew(t)
	s1 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-03", "09:00", 15000)
	s2 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-10", "09:00", 15000)
	financeFixtureConfirm(t, c, s1, StatusDone)
	ch2 := financeFixtureConfirm(t, c, s2, StatusDone).ChargeID
	// Paying the newer one by choice leaves the older open, and the
	// excess stays as credit instead of flowing to the older charge.
	res := financeFixturePay(t, c, c.patient1, "2026-11-10", "200,00", ch2)
	if res.AllocatedCents != 15000 || res.CreditCents != 5000 {
		t.Errorf("payment = %+v, want 15000 allocated and 5000 credit", res)
	}
	st := financeFixtureStatement(t, c, c.patient1)
	if st.OpenCents != 15000 || st.CreditCents != 5000 || st.ClosingCents != 10000 {
		t.Errorf("open %d credit %d balance %d", st.OpenCents, st.CreditCents, st.ClosingCents)
	}
	// A charge already paid cannot be chosen again.
	_, err := c.db.RecordPayment(context.Background(), adminActor, PaymentInput{
		PatientID: c.patient1, Date: "2026-11-11", AmountCents: 100, Method: MethodCash,
		ChargeIDs: []int64{ch2}})
	wantCode(t, err, clinic.ErrConflict)
}

func TestOverpaymentBecomesCredit(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s1 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-03", "09:00", 15000)
	financeFixtureConfirm(t, c, s1, StatusDone)
	res := financeFixturePay(t, c, c.patient1, "2026-11-03", "400,00")
	if res.CreditCents != 25000 {
		t.Fatalf("credit = %d, want 25000", res.CreditCents)
	}
	// The next two confirmations take their price from the credit.
	s2 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-10", "09:00", 15000)
	s3 := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-17", "09:00", 15000)
	if got := financeFixtureConfirm(t, c, s2, StatusDone).CreditApplied; got != 15000 {
		t.Errorf("credit applied to second = %d, want 15000", got)
	}
	if got := financeFixtureConfirm(t, c, s3, StatusDone).CreditApplied; got != 10000 {
		t.Errorf("credit applied to third = %d, want 10000", got)
	}
	st := financeFixtureStatement(t, c, c.patient1)
	if st.CreditCents != 0 || st.OpenCents != 5000 || st.ClosingCents != 5000 {
		t.Errorf("credit %d open %d balance %d", st.CreditCents, st.OpenCents, st.ClosingCents)
	}
	// ApplyCredit with nothing to apply changes nothing.
	n, err := c.db.ApplyCredit(ctx, adminActor, c.patient1)
	if err != nil || n != 0 {
		t.Errorf("ApplyCredit = %d, %v", n, err)
	}
}

func TestPaymentValidation(t *testing.T) {
	c := financeFixtureNew(t)
	tests := []struct {
		name  string
		in    PaymentInput
		field string
	}{
		{"zero amount", PaymentInput{PatientID: c.patient1, Date: "2026-11-03", Method: MethodPix}, "amount"},
		{"bad date", PaymentInput{PatientID: c.patient1, Date: "03/11/2026", AmountCents: 100, Method: MethodPix}, "date"},
		{"bad method", PaymentInput{PatientID: c.patient1, Date: "2026-11-03", AmountCents: 100, Method: "cheque"}, "method"},
		{"bad cpf", PaymentInput{PatientID: c.patient1, Date: "2026-11-03", AmountCents: 100, Method: MethodPix, PayerCPF: "123.456.789-00"}, "payer_cpf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.db.RecordPayment(context.Background(), adminActor, tt.in)
			var ce *clinic.Error
			if !asClinicError(err, &ce) || ce.Fields[tt.field] == "" {
				t.Errorf("error = %v, want a message for %s", err, tt.field)
			}
		})
	}
}

func TestPaymentPsychologistScope(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	ana := clinic.Actor{Username: "ana", Role: clinic.RolePsychologist, PsychologistID: c.psyA}
	_, err := c.db.RecordPayment(ctx, ana, PaymentInput{PatientID: c.patient2,
		Date: "2026-11-03", AmountCents: 100, Method: MethodPix})
	wantCode(t, err, clinic.ErrNotFound)
	_, err = c.db.PatientStatement(ctx, ana, c.patient2, "", "")
	wantCode(t, err, clinic.ErrNotFound)

	s := financeFixtureSession(t, c, c.patient2, c.psyB, "2026-11-03", "09:00", 20000)
	financeFixtureConfirm(t, c, s, StatusDone)
	pay := financeFixturePay(t, c, c.patient2, "2026-11-03", "200,00")
	_, err = c.db.Payment(ctx, ana, pay.PaymentID)
	wantCode(t, err, clinic.ErrNotFound)
	rows, err := c.db.Payments(ctx, ana, PaymentFilter{From: "2026-11-01", To: "2026-11-30"})
	if err != nil || len(rows) != 0 {
		t.Errorf("Ana's payment list = %d rows, %v; want none", len(rows), err)
	}
}

func TestDeletePayment(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	s := financeFixtureSession(t, c, c.patient1, c.psyA, "2026-11-03", "09:00", 15000)
	financeFixtureConfirm(t, c, s, StatusDone)
	pay := financeFixturePay(t, c, c.patient1, "2026-11-03", "150,00")
	wantCode(t, c.db.DeletePayment(ctx, adminActor, pay.PaymentID, " "), clinic.ErrInvalid)
	if err := c.db.DeletePayment(ctx, adminActor, pay.PaymentID, "valor digitado errado"); err != nil {
		t.Fatal(err)
	}
	st := financeFixtureStatement(t, c, c.patient1)
	if st.OpenCents != 15000 || st.ClosingCents != 15000 {
		t.Errorf("after delete open %d balance %d, want 15000", st.OpenCents, st.ClosingCents)
	}
	if n := financeFixtureCount(t, c.db, `SELECT count(*) FROM audit_log
		WHERE entity = 'payment' AND action = 'delete'
		AND detail LIKE '%valor digitado errado%'`); n != 1 {
		t.Errorf("delete audit rows = %d, want 1", n)
	}
}

func TestStatementPeriod(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	for _, d := range []string{"2026-10-06", "2026-10-13", "2026-11-03", "2026-11-10"} {
		s := financeFixtureSession(t, c, c.patient1, c.psyA, d, "09:00", 15000)
		financeFixtureConfirm(t, c, s, StatusDone)
	}
	financeFixturePay(t, c, c.patient1, "2026-10-20", "150,00")
	financeFixturePay(t, c, c.patient1, "2026-11-10", "100,00")
	st, err := c.db.PatientStatement(ctx, adminActor, c.patient1, "2026-11-01", "2026-11-30")
	if err != nil {
		t.Fatal(err)
	}
	if st.OpeningCents != 15000 {
		t.Errorf("opening = %d, want 15000", st.OpeningCents)
	}
	if st.ChargedCents != 30000 || st.PaidCents != 10000 {
		t.Errorf("period charged %d paid %d", st.ChargedCents, st.PaidCents)
	}
	if st.ClosingCents != 35000 || len(st.Lines) != 3 {
		t.Errorf("closing %d with %d lines, want 35000 and 3", st.ClosingCents, len(st.Lines))
	}
	if st.Lines[0].BalanceCents != 30000 {
		t.Errorf("first line balance = %d, want 30000 (opening included)", st.Lines[0].BalanceCents)
	}
}

func asClinicError(err error, target **clinic.Error) bool {
	ce, ok := err.(*clinic.Error)
	if ok {
		*target = ce
	}
	return ok
}

func TestPaymentReplayedToken(t *testing.T) {
	c := financeFixtureNew(t)
	ctx := context.Background()
	in := PaymentInput{PatientID: c.patient1, Date: "2026-11-03", AmountCents: 15000,
		Method: MethodCash, RequestToken: "form-123"}
	first, err := c.db.RecordPayment(ctx, adminActor, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.db.RecordPayment(ctx, adminActor, in)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Replayed || again.PaymentID != first.PaymentID || again.CreditCents != 15000 {
		t.Errorf("replay = %+v, want the first payment %d", again, first.PaymentID)
	}
	if n := financeFixtureCount(t, c.db, "SELECT count(*) FROM payments"); n != 1 {
		t.Errorf("payments = %d, want 1", n)
	}
	if err := c.db.DeletePayment(ctx, adminActor, first.PaymentID, "teste"); err != nil {
		t.Errorf("delete a payment with a request token: %v", err)
	}
}
