package web

// Screen labels of stored codes, for the spreadsheets. A code without a
// label is shown as stored, so a status added later still appears.
// TODO: move these next to the session and payment types when the
// scheduling and finance areas define them, so pages and exports share
// one wording.
var (
	exportStatusLabels = map[string]string{
		"scheduled":           "Agendada",
		"done":                "Realizada",
		"missed_charged":      "Falta cobrada",
		"missed_excused":      "Falta justificada",
		"cancelled_patient":   "Desmarcada pelo paciente",
		"cancelled_clinic":    "Desmarcada pela clínica",
		"psychologist_absent": "Falta da psicóloga",
		"holiday":             "Feriado",
	}
	exportKindLabels = map[string]string{
		"series":    "Horário fixo",
		"one_off":   "Avulsa",
		"emergency": "Emergencial",
	}
	exportModalityLabels = map[string]string{
		"in_person": "Presencial",
		"online":    "Online",
	}
	exportMethodLabels = map[string]string{
		"cash":     "Dinheiro",
		"debit":    "Débito",
		"credit":   "Crédito",
		"transfer": "Transferência",
		"pix":      "PIX",
	}
	exportFrequencyLabels = map[string]string{
		"weekly":   "Semanal",
		"biweekly": "Quinzenal",
	}
)

// exportLabel returns labels[code], or code when it has no label.
func exportLabel(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

// exportYesNo returns "Sim" or "Não".
func exportYesNo(b bool) string {
	if b {
		return "Sim"
	}
	return "Não"
}
