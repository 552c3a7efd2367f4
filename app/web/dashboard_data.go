package web

import (
	"net/http"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// dashboardWidgets contains the figures of the "dashboard_widgets"
// partial. Only the signed-in role's part is filled.
type dashboardWidgets struct {
	Today     string
	TodayLong string
	Now       string

	Admin *sqlite.AdminDashboard
	// Today's sessions (reception: the whole clinic; psychologist: own).
	TodaySessions []sqlite.AttendanceRow
	// Pending lists the oldest sessions that still await confirmation,
	// PendingTotal how many there are in all.
	Pending      []sqlite.AttendanceRow
	PendingTotal int

	// Psychologist only: the week's session count and the month.
	WeekSessions int
	WeekFrom     string
	WeekTo       string
	Month        *sqlite.PsychologistTotals
	MonthTitle   string
}

// PendingMore returns how many pending confirmations the list leaves out.
func (d dashboardWidgets) PendingMore() int { return d.PendingTotal - len(d.Pending) }

// dashboardPendingShown is how many pending confirmations the home page
// lists before linking to the full list.
const dashboardPendingShown = 8

// dashboardWidgets reads the home page's figures for u's role, with a
// fixed number of queries: three for the admin, three for reception and
// four for a psychologist.
func (s *Server) dashboardWidgets(r *http.Request, u *clinic.User) (dashboardWidgets, error) {
	today := s.today()
	now := s.localNow()
	who := actorOf(u)
	d := dashboardWidgets{Today: today, TodayLong: longDate(today), Now: now,
		MonthTitle: monthTitle(today[:7])}
	ctx := r.Context()
	var err error
	switch u.Role {
	case clinic.RoleAdmin:
		a, err := s.db.AdminDashboard(ctx, who, today)
		if err != nil {
			return d, err
		}
		d.Admin = &a
		return d, nil
	case clinic.RoleReception:
		d.TodaySessions, err = s.db.AttendanceList(ctx, who, sqlite.AttendanceFilter{
			From: today, To: today, Now: now})
		if err != nil {
			return d, err
		}
		d.Pending, d.PendingTotal, err = s.db.PendingConfirmations(ctx, who, now, dashboardPendingShown)
		return d, err
	}
	if u.PsychologistID == 0 {
		return d, nil
	}
	start := weekStart(today)
	d.WeekFrom, d.WeekTo = start.String(), start.AddDays(6).String()
	week, err := s.db.AttendanceList(ctx, who, sqlite.AttendanceFilter{
		From: d.WeekFrom, To: d.WeekTo, Now: now})
	if err != nil {
		return d, err
	}
	for _, row := range week {
		if row.Date == today {
			d.TodaySessions = append(d.TodaySessions, row)
		}
		if row.Status != sqlite.StatusCancelledClinic && row.Status != sqlite.StatusCancelledPatient &&
			row.Status != sqlite.StatusHoliday && row.Status != sqlite.StatusPsychologistAbsent {
			d.WeekSessions++
		}
	}
	d.Pending, d.PendingTotal, err = s.db.PendingConfirmations(ctx, who, now, dashboardPendingShown)
	if err != nil {
		return d, err
	}
	from, to, _ := sqlite.MonthRange(today[:7])
	month, err := s.db.Reports().Payouts(ctx, who, from, to, u.PsychologistID)
	if err != nil {
		return d, err
	}
	d.Month = &month[0]
	return d, nil
}
