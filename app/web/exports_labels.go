package web

// Screen labels of stored codes, for the spreadsheets. A code without a
// label is shown as stored, so a value added later still appears. Session
// statuses and payment methods use sqlite.StatusLabel and
// sqlite.MethodLabel, the finance pages' wording.
// TODO: move these next to the session and patient types when the
// scheduling area defines them, so pages and exports share one wording.
var (
	exportKindLabels = map[string]string{
		"series":    "Horário fixo",
		"one_off":   "Avulsa",
		"emergency": "Emergencial",
	}
	exportModalityLabels = map[string]string{
		"in_person": "Presencial",
		"online":    "Online",
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
