package web

// Screen labels of stored codes, for the spreadsheets. A code without a
// label is shown as stored, so a status added later still appears.
// TODO: move these next to the session and payment types when the
// scheduling and finance areas define them, so pages and exports share
// one wording.
var (
	sessionStatusLabels = map[string]string{
		"scheduled":           "Agendada",
		"done":                "Realizada",
		"missed_charged":      "Falta cobrada",
		"missed_excused":      "Falta justificada",
		"cancelled_patient":   "Desmarcada pelo paciente",
		"cancelled_clinic":    "Desmarcada pela clínica",
		"psychologist_absent": "Falta da psicóloga",
		"holiday":             "Feriado",
	}
	sessionKindLabels = map[string]string{
		"series":    "Horário fixo",
		"one_off":   "Avulsa",
		"emergency": "Emergencial",
	}
	modalityLabels = map[string]string{
		"in_person": "Presencial",
		"online":    "Online",
	}
	paymentMethodLabels = map[string]string{
		"cash":     "Dinheiro",
		"debit":    "Débito",
		"credit":   "Crédito",
		"transfer": "Transferência",
		"pix":      "PIX",
	}
	frequencyLabels = map[string]string{
		"weekly":   "Semanal",
		"biweekly": "Quinzenal",
	}
)

// label returns labels[code], or code when it has no label.
func label(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

// yesNo returns "Sim" or "Não".
func yesNo(b bool) string {
	if b {
		return "Sim"
	}
	return "Não"
}
