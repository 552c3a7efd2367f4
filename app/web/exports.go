package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/export"
	"kpsicologia/app/sqlite"
)

// exportPeriodKind selects which dates an export reads from its URL.
type exportPeriodKind int

const (
	// exportPeriodRange exports read from and to; the default is the current
	// month in the clinic's time zone.
	exportPeriodRange exportPeriodKind = iota
	// exportPeriodAsOf exports are a position on one date, read from to; the
	// default is today.
	exportPeriodAsOf
	// exportPeriodMonth exports are meant for a whole month (?month=YYYY-MM)
	// but also accept from and to.
	exportPeriodMonth
)

// exportKind is one spreadsheet of the exports page, served at
// /exports/Slug.xlsx.
type exportKind struct {
	Slug        string
	Title       string
	Description string
	Icon        string
	Roles       []clinic.Role
	Period      exportPeriodKind
	// ByPsychologist exports accept ?psicologa=ID to keep one
	// psychologist's rows.
	ByPsychologist bool
	build          func(s *Server, c *exportCall) error
}

// exportKinds lists every export in the order of the exports page. The
// slugs are Portuguese ASCII and part of bookmarked URLs: keep them.
func exportKinds() []exportKind {
	return []exportKind{
		{Slug: "pacientes", Title: "Pacientes", Icon: "people", Roles: everyone,
			Description: "Cadastro dos pacientes ativos, com CPF, telefones, responsável e sessões realizadas no período.",
			build:       (*Server).exportPatients},
		{Slug: "agenda", Title: "Agenda", Icon: "calendar3", Roles: everyone,
			Description: "Todas as sessões do período, com horário, sala, modalidade e situação.",
			build:       (*Server).exportAgenda},
		{Slug: "presencas", Title: "Presenças", Icon: "check2-square", Roles: everyone,
			Description: "Situação de cada sessão até hoje (realizada, falta, desmarcada) e um resumo por psicóloga.",
			build:       (*Server).exportAttendance},
		{Slug: "lancamentos", Title: "Lançamentos", Icon: "journal-text", Roles: adminAndPsych,
			Description: "Cobranças e pagamentos do período por paciente, com saldo anterior e saldo após cada lançamento.",
			build:       (*Server).exportLedger},
		{Slug: "a-receber", Title: "A receber", Icon: "hourglass-split", Roles: adminAndPsych, Period: exportPeriodAsOf,
			ByPsychologist: true,
			Description:    "Quem deve e quanto na data escolhida, cada cobrança pela sua idade (0–30, 31–60 e mais de 60 dias), e o crédito de cada paciente.",
			build:          (*Server).exportReceivables},
		{Slug: "despesas", Title: "Despesas", Icon: "receipt", Roles: adminOnly,
			Description: "Despesas do período (sem as excluídas) e o total por categoria.",
			build:       (*Server).exportExpenses},
		{Slug: "resumo-mensal", Title: "Resumo mensal", Icon: "graph-up", Roles: adminOnly, Period: exportPeriodMonth,
			Description: "Faturado, recebido, despesas, resultado e a receber; por unidade, por psicóloga (com repasse) e por forma de pagamento.",
			build:       (*Server).exportSummary},
		{Slug: "repasse", Title: "Repasse", Icon: "wallet2", Roles: adminAndPsych, Period: exportPeriodMonth,
			ByPsychologist: true,
			Description:    "O repasse de cada psicóloga: o que recebeu das suas sessões, o percentual e cada pagamento.",
			build:          (*Server).exportPayout},
		{Slug: "fechamento", Title: "Fechamento do mês", Icon: "journal-check", Roles: adminOnly, Period: exportPeriodMonth,
			Description: "Um arquivo com tudo do mês: Resumo, Lançamentos, Despesas, A receber e Repasse.",
			build:       (*Server).exportClosing},
	}
}

// AsOf reports whether the export is a position on one date.
func (k exportKind) AsOf() bool { return k.Period == exportPeriodAsOf }

// Monthly reports whether the export is meant for a whole month.
func (k exportKind) Monthly() bool { return k.Period == exportPeriodMonth }

// exportCall is one export request: the requesting user, the period and
// the workbook being written.
type exportCall struct {
	kind exportKind
	r    *http.Request
	who  clinic.Actor
	user *clinic.User
	// from and to bound the period; for exportPeriodAsOf exports from equals to.
	from, to string
	// month is "YYYY-MM" when the period is exactly one calendar month.
	month string
	// psychologistID is the filter of the ByPsychologist exports
	// (?psicologa=ID); 0 means all.
	psychologistID int64
	x              *sqlite.Reports
	wb             *export.Workbook
}

// exportParamError is a problem with an export's URL parameters; its
// message is shown to the user.
func exportParamError(format string, args ...any) error {
	return clinic.Errorf(clinic.ErrInvalid, format, args...)
}

// exportPeriod reads the period of an export request. Dates may be
// "YYYY-MM-DD" (what date inputs send) or "dd/mm/aaaa"; the month may be
// "YYYY-MM" or "mm/aaaa". A missing end is the end of the start's month
// and a missing start the first day of the end's month.
func (s *Server) exportPeriod(q url.Values, kind exportPeriodKind) (from, to, month string, err error) {
	today := s.today()
	rawFrom := strings.TrimSpace(q.Get("from"))
	rawTo := strings.TrimSpace(q.Get("to"))
	rawMonth := strings.TrimSpace(q.Get("month"))

	if rawMonth != "" {
		if rawFrom != "" || rawTo != "" {
			return "", "", "", exportParamError(
				"Escolha um mês ou um período de datas, não os dois.")
		}
		first, err := parseExportMonth(rawMonth)
		if err != nil {
			return "", "", "", err
		}
		return first, exportMonthEnd(first), first[:7], nil
	}

	if from, err = parseExportDate(rawFrom, "inicial"); err != nil {
		return "", "", "", err
	}
	if to, err = parseExportDate(rawTo, "final"); err != nil {
		return "", "", "", err
	}
	if kind == exportPeriodAsOf {
		if to == "" {
			to = today
		}
		return to, to, "", nil
	}
	switch {
	case from == "" && to == "":
		from = today[:8] + "01"
		to = exportMonthEnd(from)
	case to == "":
		to = exportMonthEnd(from)
	case from == "":
		from = to[:8] + "01"
	}
	if from > to {
		return "", "", "", exportParamError(
			"A data inicial (%s) é depois da data final (%s). Troque as datas e tente de novo.",
			clinic.FormatDateBR(from), clinic.FormatDateBR(to))
	}
	if from[:8]+"01" == from && to == exportMonthEnd(from) {
		month = from[:7]
	}
	return from, to, month, nil
}

func parseExportDate(raw, which string) (string, error) {
	if raw == "" {
		return "", nil
	}
	d, err := clinic.ParseDateBR(raw)
	if err != nil {
		return "", exportParamError("A data %s %q não é válida: %s", which, raw,
			clinic.ErrorMessage(err))
	}
	return d, nil
}

// parseExportMonth returns the first day of a month written "YYYY-MM" (a
// month input's value) or "mm/aaaa".
func parseExportMonth(raw string) (string, error) {
	var t time.Time
	var err error
	if strings.Contains(raw, "/") {
		t, err = time.Parse("1/2006", raw)
	} else {
		t, err = time.Parse("2006-01", raw)
	}
	if err != nil || t.Year() < 1900 || t.Year() > 2100 {
		return "", exportParamError(
			"O mês %q não é válido. Escolha o mês no calendário ou escreva, por exemplo, 12/2026.", raw)
	}
	return t.Format(time.DateOnly), nil
}

// exportMonthEnd returns the last day of the month of date "YYYY-MM-DD".
func exportMonthEnd(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 1, -t.Day()).Format(time.DateOnly)
}

// exportHandler serves one export: it reads the period, writes the
// workbook from one database snapshot into a temporary file and sends the
// file. Bad parameters get the exports page with the message and status
// 422; nothing of the file is sent until it is complete, so a failure
// never leaves a half-downloaded file.
func (s *Server) exportHandler(kind exportKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &exportCall{kind: kind, r: r, who: actor(r), user: currentUser(r)}
		var err error
		c.from, c.to, c.month, err = s.exportPeriod(r.URL.Query(), kind.Period)
		if err == nil && kind.ByPsychologist {
			c.psychologistID, err = s.exportPsychologistParam(r, c.who)
		}
		if err != nil {
			s.exportsPageError(w, r, kind, err)
			return
		}

		wb, err := export.New(s.loc)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer wb.Close()
		c.wb = wb
		if err := wb.SetTitle(c.title()); err != nil {
			s.fail(w, r, err)
			return
		}
		err = s.db.ReportSnapshot(r.Context(), func(x *sqlite.Reports) error {
			c.x = x
			return kind.build(s, c)
		})
		if err != nil {
			s.exportFailed(w, r, kind, err)
			return
		}
		// The audit entry comes before the download starts, so it exists
		// by the time the browser has the file.
		detail := kind.Slug + " " + c.from + ".." + c.to
		if err := s.db.Audit(r.Context(), c.who, "export", "spreadsheet", 0, detail); err != nil {
			s.log.Error("audit export", "export", kind.Slug, "err", err)
		}
		if err := s.sendExportWorkbook(w, r, wb, c.filename()); err != nil {
			s.log.Error("send export", "export", kind.Slug, "err", err)
		}
	}
}

// exportFailed reports a failed export: the store's own messages (a role
// without access, an invalid range) as they are, anything else as an
// internal error.
func (s *Server) exportFailed(w http.ResponseWriter, r *http.Request, kind exportKind, err error) {
	if clinic.ErrorCode(err) == clinic.ErrInvalid {
		s.exportsPageError(w, r, kind, err)
		return
	}
	if r.Context().Err() != nil {
		s.log.Info("export cancelled", "export", kind.Slug, "err", err)
		return
	}
	s.fail(w, r, err)
}

// exportPsychologistParam reads ?psicologa=ID. A psychologist may name
// only themselves; any other id is "not found", as for every record of
// another psychologist.
func (s *Server) exportPsychologistParam(r *http.Request, who clinic.Actor) (int64, error) {
	raw := strings.TrimSpace(r.URL.Query().Get("psicologa"))
	if raw == "" {
		return 0, nil
	}
	notFound := clinic.Errorf(clinic.ErrNotFound, "Psicóloga não encontrada.")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound
	}
	if who.Role == clinic.RolePsychologist && id != who.PsychologistID {
		return 0, notFound
	}
	return id, nil
}

// sendExportWorkbook writes wb to a temporary file, then sends it with its
// length. Writing the whole file first keeps a failure from reaching the
// browser as a truncated download, and memory stays flat because the zip
// goes to disk.
func (s *Server) sendExportWorkbook(w http.ResponseWriter, r *http.Request, wb *export.Workbook, filename string) error {
	tmp, err := os.CreateTemp("", "kpsicologia-export-*.xlsx")
	if err != nil {
		s.fail(w, r, err)
		return fmt.Errorf("web: create export file: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()

	size, err := wb.WriteTo(tmp)
	if err != nil {
		s.fail(w, r, err)
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		s.fail(w, r, err)
		return fmt.Errorf("web: rewind export file: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	if _, err := io.Copy(w, tmp); err != nil {
		return fmt.Errorf("web: send export file: %w", err)
	}
	return nil
}

// filename returns the download's name: the slug and the period, such as
// lancamentos-2026-12.xlsx or agenda-2026-12-01-a-2026-12-15.xlsx.
func (c *exportCall) filename() string {
	switch {
	case c.kind.Period == exportPeriodAsOf:
		return c.kind.Slug + "-" + c.to + ".xlsx"
	case c.month != "":
		return c.kind.Slug + "-" + c.month + ".xlsx"
	}
	return c.kind.Slug + "-" + c.from + "-a-" + c.to + ".xlsx"
}

// title returns the workbook's title, also used in its notes.
func (c *exportCall) title() string {
	return c.kind.Title + " · " + c.periodText()
}

// periodText describes the period in Portuguese.
func (c *exportCall) periodText() string {
	if c.kind.Period == exportPeriodAsOf {
		return "posição em " + clinic.FormatDateBR(c.to)
	}
	if c.month != "" {
		t, _ := time.Parse(time.DateOnly, c.from)
		return clinic.MonthName(t.Month()) + " de " + strconv.Itoa(t.Year())
	}
	return clinic.FormatDateBR(c.from) + " a " + clinic.FormatDateBR(c.to)
}

// exportFooter writes the notes that end every sheet: any extra lines, then the
// export's title and period, when it was generated and by which user.
func (s *Server) exportFooter(c *exportCall, sh *export.Sheet, extra ...string) error {
	for _, line := range extra {
		if err := sh.Note(line); err != nil {
			return err
		}
	}
	by := ""
	if c.user != nil {
		by = " por " + c.user.DisplayName
	}
	return sh.Note(c.kind.Title + " · " + c.periodText() + " · gerado em " +
		s.now().In(s.loc).Format("02/01/2006 15:04") + by)
}

// exportsPageError shows the exports page with the message of err and
// the failed export's input kept, with status 422 for bad input and 404
// for a record the user may not see.
func (s *Server) exportsPageError(w http.ResponseWriter, r *http.Request, kind exportKind, err error) {
	status := statusFor(clinic.ErrorCode(err))
	if status == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	page := s.exportsPage(r)
	page.Error = "Não foi possível gerar a planilha “" + kind.Title +
		"”. Corrija o período indicado abaixo e tente de novo."
	page.Form = r.URL.Query()
	d := page.Data.(*exportsData)
	d.Failed = kind.Slug
	d.FailedMessage = clinic.ErrorMessage(err)
	s.render(w, r, status, "exports", page)
}
