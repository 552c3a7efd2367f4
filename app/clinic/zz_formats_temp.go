package clinic

// TODO: temporary stand-ins, replaced by money.go, cpf.go, phone.go,
// dates.go and cep.go when the validation branch merges.

func FormatMoney(c int64) string   { return "R$ ?" }
func FormatDateBR(s string) string { return s }
func FormatCPF(s string) string    { return s }
func FormatPhone(s string) string  { return s }
func FormatCEP(s string) string    { return s }
