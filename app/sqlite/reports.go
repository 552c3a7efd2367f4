package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kpsicologia/app/clinic"
)

// Money rules. The finance pages and the spreadsheet exports read every
// money figure through the Reports methods below, so a total on screen
// equals the same total in the exported file for the same period and role:
//
//   - billed: the charges dated in the period;
//   - received: the payments dated in the period;
//   - a psychologist's received: the payment_allocations of payments dated
//     in the period to that psychologist's charges, whatever the charges'
//     dates;
//   - payout: payout_share_bp × the psychologist's received / 10 000,
//     rounded half up to the cent once on the period's total (PayoutCents);
//   - the clinic's share: received − payouts, so it includes the money
//     that no allocation gives to a psychologist yet (Summary);
//   - result: received − expenses (cash basis), without the logically
//     deleted expenses;
//   - receivables on a date: each charge dated up to that date, less its
//     allocations from payments dated up to that date, aged by the
//     charge's own date (receivablesCTE);
//   - a unit's money: the unit of the session's room, else the
//     psychologist's first unit (unitOfCharge).

// Reports reads the clinic's reports: the money of the finance pages and
// the rows of the spreadsheet exports. The Each* methods run one query
// and pass the rows to a callback one at a time, so an export of any size
// holds one row in memory. A callback error stops the query and is
// returned unwrapped.
//
// Every method takes the actor whose rows it returns: a psychologist gets
// only their own sessions, patients and money, and the money methods
// reject reception.
type Reports struct {
	q querier
}

// Reports returns report queries on the reader pool. Each query reads the
// database as of its own start, so use ReportSnapshot when several
// queries must agree, as the figures of one page or the sheets of one
// workbook do.
func (db *DB) Reports() *Reports {
	return &Reports{q: db.read}
}

// ReportSnapshot runs fn with report queries that all read one snapshot of
// the database, so the totals of one sheet match the rows of another even
// while the reception records payments.
func (db *DB) ReportSnapshot(ctx context.Context, fn func(x *Reports) error) error {
	return db.ReadTx(ctx, func(tx *sql.Tx) error {
		return fn(&Reports{q: tx})
	})
}

// errFinanceForbidden is returned to a role that may not read money
// reports; the web routes already reject it, so this is a second guard.
var errFinanceForbidden = clinic.Errorf(clinic.ErrForbidden,
	"Seu perfil não tem acesso aos relatórios financeiros.")

// financePsychologist returns the psychologist whose money who may read:
// 0 for every psychologist (an admin), their own id for a psychologist.
// Reception and a psychologist account without a linked psychologist are
// rejected.
func financePsychologist(who clinic.Actor) (int64, error) {
	switch {
	case who.Role == clinic.RoleAdmin:
		return 0, nil
	case who.Role == clinic.RolePsychologist && who.PsychologistID != 0:
		return who.PsychologistID, nil
	}
	return 0, errFinanceForbidden
}

// financeFilter combines who's scope with a requested psychologist (0 for
// all): an admin gets the one requested, a psychologist only themselves,
// and errPsychologistNotFound for anyone else's id, so ids cannot be
// probed.
func financeFilter(who clinic.Actor, psychologistID int64) (int64, error) {
	psy, err := financePsychologist(who)
	if err != nil {
		return 0, err
	}
	if psy == 0 {
		return psychologistID, nil
	}
	if psychologistID != 0 && psychologistID != psy {
		return 0, errPsychologistNotFound
	}
	return psy, nil
}

func requireAdmin(who clinic.Actor) error {
	if who.Role != clinic.RoleAdmin {
		return errFinanceForbidden
	}
	return nil
}

// checkReportRange rejects a range the web layer should already have
// rejected, so a bad range never reaches a query as a silent empty result.
func checkReportRange(from, to string) error {
	f, ferr := clinic.ParseISODate(from)
	t, terr := clinic.ParseISODate(to)
	if ferr != nil || terr != nil || f == "" || t == "" {
		return clinic.Errorf(clinic.ErrInvalid,
			"Informe as datas inicial e final como dd/mm/aaaa.")
	}
	if f > t {
		return clinic.Errorf(clinic.ErrInvalid,
			"A data inicial (%s) é depois da data final (%s).",
			clinic.FormatDateBR(f), clinic.FormatDateBR(t))
	}
	return nil
}

// each runs query and calls scan for every row, wrapping errors with what.
func (x *Reports) each(ctx context.Context, what, query string,
	args []any, scan func(*sql.Rows) error) error {
	rows, err := x.q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("sqlite: report %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: report %s: %w", what, err)
	}
	return nil
}

// MonthRange returns the first and last dates of month (YYYY-MM). Dates
// are the clinic's local calendar dates, so a session at 21:00 on the 31st
// belongs to the month of the 31st.
func MonthRange(month string) (from, to string, err error) {
	d, err := clinic.ParseDate(month + "-01")
	if err != nil || len(month) != 7 {
		return "", "", clinic.Errorf(clinic.ErrInvalid,
			"Mês inválido: %q. Use o formato aaaa-mm.", month)
	}
	last := d.AddDays(clinic.DaysIn(d.Year, d.Month) - 1)
	return d.String(), last.String(), nil
}

// AddMonths returns month (YYYY-MM) moved by n months.
func AddMonths(month string, n int) string {
	d, err := clinic.ParseDate(month + "-01")
	if err != nil {
		return month
	}
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	return fmt.Sprintf("%04d-%02d", y, m+1)
}

// PayoutCents returns share (basis points) of received, rounded half up
// to the cent: 60 % of R$ 0,05 is R$ 0,03. received is never negative.
func PayoutCents(received int64, shareBP int) int64 {
	return (received*int64(shareBP) + 5000) / 10000
}
