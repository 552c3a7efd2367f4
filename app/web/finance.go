package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// localNow returns the clinic's wall time as "YYYY-MM-DDTHH:MM", the form
// the store compares with session starts.
func (s *Server) localNow() string {
	return s.now().In(s.loc).Format("2006-01-02T15:04")
}

// financeMonth returns the ?month=YYYY-MM of r, or the current month when
// it is missing or malformed.
func financeMonth(r *http.Request, today string) string {
	m := r.URL.Query().Get("month")
	if _, _, err := sqlite.MonthRange(m); err == nil {
		return m
	}
	return today[:7]
}

// monthTitle returns "Novembro de 2026" for "2026-11".
func monthTitle(month string) string {
	d, err := clinic.ParseDate(month + "-01")
	if err != nil {
		return month
	}
	name := clinic.MonthName(d.Month)
	return strings.ToUpper(name[:1]) + name[1:] + " de " + strconv.Itoa(d.Year)
}

// monthShort returns "nov/26" for "2026-11", for chart labels.
func monthShort(month string) string {
	d, err := clinic.ParseDate(month + "-01")
	if err != nil {
		return month
	}
	return clinic.MonthName(d.Month)[:3] + "/" + month[2:4]
}

// monthNav is a month picker: the month and its neighbours.
type monthNav struct {
	Month, Title, Prev, Next string
	IsCurrent                bool
}

func newMonthNav(month, today string) monthNav {
	return monthNav{Month: month, Title: monthTitle(month),
		Prev: sqlite.AddMonths(month, -1), Next: sqlite.AddMonths(month, 1),
		IsCurrent: month == today[:7]}
}

// financeDate reads a date typed as dd/mm/aaaa or sent by a date input,
// returning def when v is blank or invalid.
func financeDate(v, def string) string {
	d, err := clinic.ParseDateBR(v)
	if err != nil || d == "" {
		return def
	}
	return d
}

// financeID parses an id form value; bad input is 0.
func financeID(v string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id
}

// financeReturn returns the form's "return" path when it is a page of this
// site, else fallback, so a redirect never leaves the site.
func financeReturn(r *http.Request, fallback string) string {
	ret := r.PostForm.Get("return")
	if ret == "" || safeNext(ret) != ret {
		return fallback
	}
	return ret
}

// failBack sends the user back to the page the form came from with err's
// message, for small forms inside lists that have no page of their own.
func (s *Server) failBack(w http.ResponseWriter, r *http.Request, to string, err error) {
	code := clinic.ErrorCode(err)
	if code == clinic.ErrInternal || code == clinic.ErrNotFound {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "danger", clinic.ErrorMessage(err))
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// financeOption is one choice of a select or radio group.
type financeOption struct {
	Value, Label string
}

func statusOptions(statuses []string) []financeOption {
	out := make([]financeOption, len(statuses))
	for i, st := range statuses {
		out[i] = financeOption{st, sqlite.StatusLabel(st)}
	}
	return out
}

func methodOptions() []financeOption {
	out := make([]financeOption, len(sqlite.PaymentMethods))
	for i, m := range sqlite.PaymentMethods {
		out[i] = financeOption{m, sqlite.MethodLabel(m)}
	}
	return out
}

// financeChart is the summary's bar chart of twelve months, drawn on the
// server as inline SVG: three bars a month (billed, received, expenses).
type financeChart struct {
	Width, Height int
	Bars          []financeBar
	Labels        []financeChartText
	Grid          []financeChartText
}

type financeBar struct {
	X, Y, W, H int
	Fill       string
	Title      string
}

type financeChartText struct {
	X, Y int
	Text string
}

// Chart colours, readable on white. The legend names each one, so colour
// is never the only cue.
const (
	chartBilled   = "#2f6f73"
	chartReceived = "#6cb4a3"
	chartExpenses = "#d9822b"
)

func newFinanceChart(history []sqlite.MonthTotals) financeChart {
	const (
		width, height = 720, 240
		left, bottom  = 64, 24
		top           = 8
		plotH         = height - bottom - top
	)
	var peak int64 = 1
	for _, m := range history {
		peak = max(peak, m.BilledCents, m.ReceivedCents, m.ExpensesCents)
	}
	scale, steps := niceCeiling(peak)
	c := financeChart{Width: width, Height: height}
	for i := 0; i <= steps; i++ {
		v := scale * int64(i) / int64(steps)
		y := top + plotH - int(int64(plotH)*v/scale)
		c.Grid = append(c.Grid, financeChartText{X: left - 6, Y: y,
			Text: shortMoney(v)})
	}
	slot := (width - left) / max(len(history), 1)
	barW := max((slot-8)/3, 2)
	for i, m := range history {
		x := left + i*slot + 4
		for j, v := range []struct {
			cents int64
			fill  string
			name  string
		}{
			{m.BilledCents, chartBilled, "Faturado"},
			{m.ReceivedCents, chartReceived, "Recebido"},
			{m.ExpensesCents, chartExpenses, "Despesas"},
		} {
			h := int(int64(plotH) * v.cents / scale)
			c.Bars = append(c.Bars, financeBar{X: x + j*barW, Y: top + plotH - h,
				W: barW - 1, H: h, Fill: v.fill,
				Title: fmt.Sprintf("%s em %s: %s", v.name, monthTitle(m.Month),
					clinic.FormatMoney(v.cents))})
		}
		c.Labels = append(c.Labels, financeChartText{X: x + 3*barW/2,
			Y: height - 6, Text: monthShort(m.Month)})
	}
	return c
}

// niceCeiling rounds cents up to 1, 2 or 5 times a power of ten reais
// and returns it with a number of grid steps that divides it into round
// values: 5 steps of 1 000 for 5 000, 4 of 500 for 2 000.
func niceCeiling(cents int64) (int64, int) {
	unit := int64(100)
	for {
		for _, f := range []int64{1, 2, 5} {
			if unit*f >= cents {
				if f == 2 {
					return unit * f, 4
				}
				return unit * f, 5
			}
		}
		unit *= 10
	}
}

// shortMoney writes an axis value: "R$ 12 mil" or "R$ 800".
func shortMoney(cents int64) string {
	reais := cents / 100
	if reais >= 1000 && reais%1000 == 0 {
		return fmt.Sprintf("R$ %d mil", reais/1000)
	}
	if reais >= 1000 {
		return strings.Replace(fmt.Sprintf("R$ %.1f mil", float64(reais)/1000), ".", ",", 1)
	}
	return fmt.Sprintf("R$ %d", reais)
}

type financeSummaryData struct {
	Nav       monthNav
	Summary   sqlite.Summary
	Chart     financeChart
	ChartFrom string
	Locked    bool
}

// financeSummary shows the month's summary. Its figures come from the
// same store queries as the resumo-mensal and fechamento spreadsheets,
// read from one snapshot.
func (s *Server) financeSummary(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	today := s.today()
	month := financeMonth(r, today)
	from, to, _ := sqlite.MonthRange(month)
	who := actor(r)
	d := financeSummaryData{Nav: newMonthNav(month, today),
		ChartFrom: monthTitle(sqlite.AddMonths(month, -11))}
	var history []sqlite.MonthTotals
	err := s.db.ReportSnapshot(ctx, func(x *sqlite.Reports) error {
		var err error
		if d.Summary, err = x.Summary(ctx, who, from, to); err != nil {
			return err
		}
		history, err = x.MonthHistory(ctx, who, sqlite.AddMonths(month, -11), month)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Chart = newFinanceChart(history)
	if d.Locked, err = s.db.MonthLocked(ctx, from, 0); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "finance", &Page{Title: "Financeiro", Data: d})
}

type financeSettingsData struct {
	Statuses []financeOption
	Charged  map[string]bool
}

func (s *Server) financeSettingsForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.ChargePolicy(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := &Page{Title: "Política de cobrança",
		Form: map[string][]string{"late_cancel_hours": {strconv.Itoa(p.LateCancelHours)}},
		Data: s.financeSettingsData(p.Charged)}
	s.render(w, r, http.StatusOK, "finance_settings", page)
}

func (s *Server) financeSettingsData(charged []string) financeSettingsData {
	d := financeSettingsData{Statuses: statusOptions(sqlite.AttendanceStatuses),
		Charged: map[string]bool{}}
	for _, c := range charged {
		d.Charged[c] = true
	}
	return d
}

func (s *Server) financeSettingsSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	charged := r.PostForm["charged"]
	page := &Page{Title: "Política de cobrança", Data: s.financeSettingsData(charged)}
	hours, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("late_cancel_hours")))
	if err != nil {
		s.formError(w, r, "finance_settings", page, &clinic.Error{Code: clinic.ErrInvalid,
			Message: "Corrija os campos indicados e salve de novo.",
			Fields: clinic.FieldErrors{"late_cancel_hours": "Digite um número " +
				"inteiro de horas, por exemplo 24 (0 para não cobrar)."}})
		return
	}
	p := sqlite.ChargePolicy{LateCancelHours: hours}
	for _, st := range sqlite.AttendanceStatuses {
		if slices.Contains(charged, st) {
			p.Charged = append(p.Charged, st)
		}
	}
	if len(charged) != len(p.Charged) {
		p.Charged = charged // let the store name the unknown status
	}
	if err := s.db.SetChargePolicy(r.Context(), actor(r), p); err != nil {
		s.formError(w, r, "finance_settings", page, err)
		return
	}
	s.redirect(w, r, "/finance/settings", "Política de cobrança salva. "+
		"Vale para as próximas confirmações; cobranças já feitas não mudam.")
}

// receivablesPerPage is how many patients one page of the receivables
// lists: a large clinic owes on thousands, which made a page of megabytes.
const receivablesPerPage = 50

type receivablesData struct {
	Rows           []sqlite.ReceivableRow
	Totals         sqlite.ReceivablesTotals
	Psychologists  []clinic.Choice
	PsychologistID int64
	Today          string
	// Page is the page shown, from 1, of Pages; PrevURL and NextURL are
	// the neighbouring pages' addresses, "" at either end.
	Page, Pages      int
	PrevURL, NextURL string
}

// receivablesPage shows what is owed today, as the a-receber spreadsheet
// with the same date and psychologist does: the totals of everyone and the
// patients one page at a time, largest debt first.
func (s *Server) receivablesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := receivablesData{Today: s.today(),
		PsychologistID: financeID(r.URL.Query().Get("psychologist"))}
	d.Page = max(int(financeID(r.URL.Query().Get("page"))), 1)
	who := actor(r)
	if who.SeesAll() {
		d.Psychologists = s.psychologistChoices(r)
	}
	f := sqlite.ReceivablesFilter{AsOf: d.Today, PsychologistID: d.PsychologistID}
	err := s.db.ReportSnapshot(ctx, func(x *sqlite.Reports) error {
		var err error
		if d.Totals, err = x.SumReceivables(ctx, who, f); err != nil {
			return err
		}
		d.Pages = max((d.Totals.Patients+receivablesPerPage-1)/receivablesPerPage, 1)
		d.Page = min(d.Page, d.Pages)
		f.Limit, f.Offset = receivablesPerPage, (d.Page-1)*receivablesPerPage
		return x.EachReceivable(ctx, who, f, func(row sqlite.ReceivableRow) error {
			d.Rows = append(d.Rows, row)
			return nil
		})
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pageURL := func(n int) string {
		q := url.Values{}
		if d.PsychologistID != 0 {
			q.Set("psychologist", strconv.FormatInt(d.PsychologistID, 10))
		}
		q.Set("page", strconv.Itoa(n))
		return "/receivables?" + q.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = pageURL(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextURL = pageURL(d.Page + 1)
	}
	s.render(w, r, http.StatusOK, "receivables", &Page{Title: "A receber", Data: d})
}

type payoutData struct {
	Nav    monthNav
	Totals sqlite.PsychologistTotals
	Lines  []sqlite.PayoutLine
}

// myPayout shows a psychologist's own payout for a month, from the same
// store queries as the repasse spreadsheet.
func (s *Server) myPayout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	today := s.today()
	month := financeMonth(r, today)
	if u.PsychologistID == 0 {
		s.fail(w, r, clinic.Errorf(clinic.ErrNotFound, "Esta conta não está "+
			"ligada a uma psicóloga. Peça ao administrador para ligar."))
		return
	}
	from, to, _ := sqlite.MonthRange(month)
	who := actor(r)
	d := payoutData{Nav: newMonthNav(month, today)}
	err := s.db.ReportSnapshot(ctx, func(x *sqlite.Reports) error {
		totals, err := x.Payouts(ctx, who, from, to, u.PsychologistID)
		if err != nil {
			return err
		}
		d.Totals = totals[0]
		return x.EachPayoutLine(ctx, who, from, to, u.PsychologistID,
			func(l sqlite.PayoutLine) error {
				d.Lines = append(d.Lines, l)
				return nil
			})
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "payout", &Page{Title: "Meu repasse", Data: d})
}

// weekStart returns the Monday of the week of date (YYYY-MM-DD).
func weekStart(date string) clinic.Date {
	d := clinic.MustDate(date)
	offset := (int(d.Weekday()) + 6) % 7
	return d.AddDays(-offset)
}

// longDate returns "Sexta-feira, 04/12/2026".
func longDate(date string) string {
	d, err := clinic.ParseDate(date)
	if err != nil {
		return date
	}
	name := clinic.WeekdayName(d.Weekday())
	return strings.ToUpper(name[:1]) + name[1:] + ", " + clinic.FormatDateBR(date)
}

// daysAgo returns how many days date is before today.
func daysAgo(date, today string) int {
	a, err1 := clinic.ParseDate(date)
	b, err2 := clinic.ParseDate(today)
	if err1 != nil || err2 != nil {
		return 0
	}
	return a.DaysUntil(b)
}
