package web

// The audit log stores English codes for what was done and to which kind
// of record, because code and queries use them. These tables give the
// words the admin reads on the Registro de alterações page. A code missing
// here is shown as stored, so a new audit call never hides an entry.

// auditActions maps audit_log.action to a Portuguese verb.
var auditActions = map[string]string{
	"activate":        "reativou",
	"apply_credit":    "usou crédito",
	"attendance":      "registrou presença",
	"cancel":          "desmarcou",
	"change":          "alterou",
	"change_password": "trocou a senha",
	"close_month":     "fechou o mês",
	"conflict":        "conflito",
	"create":          "cadastrou",
	"deactivate":      "desativou",
	"delete":          "excluiu",
	"download":        "baixou",
	"end":             "encerrou",
	"export":          "baixou planilha",
	"import":          "importou",
	"materialize":     "agenda estendida",
	"move":            "remarcou",
	"release":         "liberou",
	"rename":          "renomeou",
	"reopen_month":    "reabriu o mês",
	"reset_password":  "redefiniu a senha",
	"restore":         "restaurou",
	"restore_check":   "conferiu restauração",
	"review":          "revisou a agenda",
	"set":             "alterou",
	"setup":           "primeiro acesso",
	"update":          "alterou",
}

// auditEntities maps audit_log.entity to a Portuguese noun.
var auditEntities = map[string]string{
	"audiences":          "público atendido",
	"availability":       "horário de atendimento",
	"availability_dates": "data extra de atendimento",
	"backup":             "backup",
	"block":              "bloqueio de agenda",
	"charge":             "cobrança",
	"closure":            "fechamento da clínica",
	"expense":            "despesa",
	"expense_category":   "categoria de despesa",
	"import":             "importação",
	"local_holiday":      "feriado local",
	"month_closing":      "fechamento de mês",
	"patient":            "paciente",
	"payment":            "pagamento",
	"psychologist":       "psicóloga",
	"room":               "sala",
	"series":             "horário fixo",
	"session":            "sessão",
	"setting":            "configuração",
	"specialties":        "especialidade",
	"spreadsheet":        "planilha",
	"unit":               "unidade",
	"user":               "usuário",
}

// auditActionLabel returns the Portuguese label of an audit action code,
// or the code itself when it has none.
func auditActionLabel(action string) string {
	if l, ok := auditActions[action]; ok {
		return l
	}
	return action
}

// auditEntityLabel returns the Portuguese label of an audit entity code,
// or the code itself when it has none.
func auditEntityLabel(entity string) string {
	if l, ok := auditEntities[entity]; ok {
		return l
	}
	return entity
}
