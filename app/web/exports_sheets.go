package web

import (
	"fmt"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/export"
	"kpsicologia/app/sqlite"
)

// exportInstant parses a stored *_at column (UTC RFC 3339); "" and bad values
// give the zero time, which leaves the cell empty.
func exportInstant(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// exportSessionTimes returns a session's start and end as instants in the
// clinic's time zone.
func exportSessionTimes(c *exportCall, date string, startMin, endMin int) (time.Time, time.Time, error) {
	start, err := c.wb.LocalTime(date, startMin)
	if err != nil {
		return start, start, err
	}
	end, err := c.wb.LocalTime(date, endMin)
	return start, end, err
}

// exportEmptyNote is the line an empty sheet shows instead of rows.
func exportEmptyNote(sh *export.Sheet, text string) []string {
	if sh.Rows() == 0 {
		return []string{text}
	}
	return nil
}

var exportPatientColumns = []export.Column{
	{Header: "Nome", Kind: export.Text, Width: 32},
	{Header: "Nome social", Kind: export.Text, Width: 20},
	{Header: "Nascimento", Kind: export.Date},
	{Header: "CPF", Kind: export.CPF},
	{Header: "Telefone", Kind: export.Phone},
	{Header: "Telefone 2", Kind: export.Phone},
	{Header: "E-mail", Kind: export.Text, Width: 28},
	{Header: "Responsável", Kind: export.Text},
	{Header: "CPF do responsável", Kind: export.CPF, Width: 20},
	{Header: "Telefone do responsável", Kind: export.Phone, Width: 22},
	{Header: "Psicóloga", Kind: export.Text},
	{Header: "Frequência", Kind: export.Text, Width: 12},
	{Header: "Valor da sessão", Kind: export.Money, Width: 17},
	{Header: "Aceita mensagens", Kind: export.Text, Width: 12},
	{Header: "Cadastro", Kind: export.Date},
	{Header: "Sessões realizadas no período", Kind: export.Integer, Width: 16},
	{Header: "Última sessão realizada", Kind: export.Date, Width: 14},
}

// exportPatients writes the patients who may see, not deleted.
func (s *Server) exportPatients(c *exportCall) error {
	sh, err := c.wb.AddSheet("Pacientes", exportPatientColumns...)
	if err != nil {
		return err
	}
	err = c.x.EachPatient(c.r.Context(), c.who, c.from, c.to, func(p sqlite.ExportPatient) error {
		return sh.Append(p.Name, p.SocialName, p.BirthDate, p.CPF, p.Phone,
			p.Phone2, p.Email, p.GuardianName, p.GuardianCPF, p.GuardianPhone,
			p.PsychologistName, exportLabel(exportFrequencyLabels, p.Frequency),
			p.PriceCents, exportYesNo(p.ConsentMessages), exportInstant(p.CreatedAt),
			p.SessionsDone, p.LastSession)
	})
	if err != nil {
		return err
	}
	return s.exportFooter(c, sh, exportEmptyNote(sh, "Nenhum paciente cadastrado.")...)
}

var exportSessionColumns = []export.Column{
	{Header: "Início", Kind: export.DateTime},
	{Header: "Fim", Kind: export.DateTime},
	{Header: "Dia da semana", Kind: export.Text, Width: 15},
	{Header: "Paciente", Kind: export.Text, Width: 30},
	{Header: "Telefone", Kind: export.Phone},
	{Header: "Psicóloga", Kind: export.Text},
	{Header: "Unidade", Kind: export.Text, Width: 16},
	{Header: "Sala", Kind: export.Text, Width: 12},
	{Header: "Modalidade", Kind: export.Text, Width: 12},
	{Header: "Tipo", Kind: export.Text, Width: 14},
	{Header: "Situação", Kind: export.Text, Width: 24},
	{Header: "Valor", Kind: export.Money},
}

// exportAgenda writes every session of the period that who may see.
func (s *Server) exportAgenda(c *exportCall) error {
	sh, err := c.wb.AddSheet("Agenda", exportSessionColumns...)
	if err != nil {
		return err
	}
	err = c.x.EachSession(c.r.Context(), c.who, c.from, c.to, func(e sqlite.AttendanceRow) error {
		start, end, err := exportSessionTimes(c, e.Date, e.StartMin, e.EndMin)
		if err != nil {
			return err
		}
		return sh.Append(start, end, clinic.WeekdayName(start.Weekday()),
			e.PatientName, e.PatientPhone, e.PsychologistName, e.UnitName,
			e.RoomName, exportLabel(exportModalityLabels, e.Modality),
			exportLabel(exportKindLabels, e.Kind),
			sqlite.StatusLabel(e.Status), e.PriceCents)
	})
	if err != nil {
		return err
	}
	return s.exportFooter(c, sh, exportEmptyNote(sh, "Nenhuma sessão no período.")...)
}

var exportAttendanceColumns = []export.Column{
	{Header: "Início", Kind: export.DateTime},
	{Header: "Paciente", Kind: export.Text, Width: 30},
	{Header: "Psicóloga", Kind: export.Text},
	{Header: "Situação", Kind: export.Text, Width: 24},
	{Header: "Confirmada em", Kind: export.DateTime, Width: 17},
	{Header: "Confirmada por", Kind: export.Text, Width: 18},
	{Header: "Cobrada", Kind: export.Text, Width: 10},
	{Header: "Valor cobrado", Kind: export.Money},
}

// exportAttendanceStatuses are the columns of the attendance summary, in order.
var exportAttendanceStatuses = []string{"done", "missed_charged", "missed_excused",
	"cancelled_patient", "cancelled_clinic", "psychologist_absent",
	"holiday", "scheduled"}

// exportAttendance writes the sessions of the period up to today, whose
// attendance can be recorded, and a summary by psychologist.
func (s *Server) exportAttendance(c *exportCall) error {
	to := min(c.to, s.today())
	sh, err := c.wb.AddSheet("Presenças", exportAttendanceColumns...)
	if err != nil {
		return err
	}
	var totals []sqlite.ExportAttendance
	if c.from <= to {
		err = c.x.EachSession(c.r.Context(), c.who, c.from, to, func(e sqlite.AttendanceRow) error {
			start, err := c.wb.LocalTime(e.Date, e.StartMin)
			if err != nil {
				return err
			}
			status := sqlite.StatusLabel(e.Status)
			if e.Status == "scheduled" {
				status = "Sem registro"
			}
			charged := e.ChargeID != 0
			var charge any
			if charged {
				charge = e.ChargeCents
			}
			return sh.Append(start, e.PatientName, e.PsychologistName, status,
				exportInstant(e.ConfirmedAt), e.ConfirmedBy, exportYesNo(charged), charge)
		})
		if err != nil {
			return err
		}
		totals, err = c.x.AttendanceByPsychologist(c.r.Context(), c.who, c.from, to)
		if err != nil {
			return err
		}
	}
	notes := exportEmptyNote(sh, "Nenhuma sessão até hoje no período.")
	if to < c.to {
		notes = append(notes, "Inclui as sessões até hoje ("+
			clinic.FormatDateBR(to)+"); as seguintes ainda não aconteceram.")
	}
	if err := s.exportFooter(c, sh, notes...); err != nil {
		return err
	}
	return s.exportAttendanceSummary(c, totals)
}

// exportAttendanceSummary writes one line per psychologist with their session
// counts by status and their attendance rate: done sessions over done
// plus missed ones.
func (s *Server) exportAttendanceSummary(c *exportCall, totals []sqlite.ExportAttendance) error {
	cols := []export.Column{{Header: "Psicóloga", Kind: export.Text}}
	for _, st := range exportAttendanceStatuses {
		h := sqlite.StatusLabel(st)
		if st == "scheduled" {
			h = "Sem registro"
		}
		cols = append(cols, export.Column{Header: h, Kind: export.Integer, Width: 13})
	}
	cols = append(cols,
		export.Column{Header: "Total", Kind: export.Integer},
		export.Column{Header: "Taxa de presença", Kind: export.Percent, Width: 13})
	sh, err := c.wb.AddSheet("Resumo por psicóloga", cols...)
	if err != nil {
		return err
	}
	sum := make([]int, len(exportAttendanceStatuses)+1)
	for _, t := range totals {
		row := []any{t.PsychologistName}
		for i, st := range exportAttendanceStatuses {
			row = append(row, t.ByStatus[st])
			sum[i] += t.ByStatus[st]
		}
		sum[len(sum)-1] += t.Total
		row = append(row, t.Total, exportAttendanceRate(t.ByStatus))
		if err := sh.Append(row...); err != nil {
			return err
		}
	}
	if len(totals) > 1 {
		row := []any{"Total"}
		for _, n := range sum {
			row = append(row, n)
		}
		byStatus := map[string]int{}
		for i, st := range exportAttendanceStatuses {
			byStatus[st] = sum[i]
		}
		if err := sh.Total(append(row, exportAttendanceRate(byStatus))...); err != nil {
			return err
		}
	}
	return s.exportFooter(c, sh, "Taxa de presença: realizadas ÷ (realizadas + faltas cobradas + faltas justificadas).")
}

// exportAttendanceRate returns done ÷ (done + missed) in basis points, rounded
// half up, or nil when there is nothing to divide by.
func exportAttendanceRate(byStatus map[string]int) any {
	done := byStatus["done"]
	base := done + byStatus["missed_charged"] + byStatus["missed_excused"]
	if base == 0 {
		return nil
	}
	return int64((done*20000 + base) / (2 * base))
}

// exportSessionText describes the session a charge is for, such as
// "Sessão de 01/12/2026 às 14:00".
func exportSessionText(date string, startMin int) string {
	if date == "" || startMin < 0 {
		return ""
	}
	return fmt.Sprintf("Sessão de %s às %02d:%02d", clinic.FormatDateBR(date),
		startMin/60, startMin%60)
}
