package web

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

func asError(err error, target **clinic.Error) bool {
	return errors.As(err, target)
}

// templateFuncs are the helpers every template may call. Formats follow
// Brazilian use: R$ 1.234,56, 04/12/2026, 14:50.
func (s *Server) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"static": s.static.url,
		"money":  clinic.FormatMoney,
		"date":   clinic.FormatDateBR,
		"cpf":    clinic.FormatCPF,
		"phone":  clinic.FormatPhone,
		"cep":    clinic.FormatCEP,
		"datetime": func(rfc3339 string) string {
			t, err := time.Parse(time.RFC3339, rfc3339)
			if err != nil {
				return rfc3339
			}
			return t.In(s.loc).Format("02/01/2006 15:04")
		},
		"bytes":       formatBytes,
		"roleLabel":   func(r clinic.Role) string { return r.Label() },
		"roles":       func() []clinic.Role { return clinic.Roles },
		"inc":         func(i int) int { return i + 1 },
		"join":        strings.Join,
		"field":       newField,
		"dict":        dict,
		"auditAction": auditActionLabel,
		"auditEntity": auditEntityLabel,
		"plural":      plural,
	}
}

// formatBytes writes a size the way a clinic reads it: "1,5 MB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return strings.Replace(fmt.Sprintf("%.1f GB", float64(n)/(1<<30)), ".", ",", 1)
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// formField is what the "field" partial renders: a label, an input with
// the submitted value, and the field's message beside it.
type formField struct {
	Name     string
	Label    string
	Type     string
	Value    string
	Error    string
	Required bool
	Help     string
	Attrs    map[string]string
}

// newField builds a formField from the page and the field's name, label
// and input type; extra arguments are "required", "help=..." or
// "attr=value" pairs such as "autocomplete=username".
func newField(p *Page, name, label, typ string, extra ...string) formField {
	f := formField{Name: name, Label: label, Type: typ, Value: p.Value(name),
		Error: p.FieldError(name), Attrs: map[string]string{}}
	for _, e := range extra {
		k, v, _ := strings.Cut(e, "=")
		switch k {
		case "required":
			f.Required = true
		case "help":
			f.Help = v
		case "value":
			if f.Value == "" && p.Form == nil {
				f.Value = v
			}
		default:
			f.Attrs[k] = v
		}
	}
	return f
}

// dict builds a map from alternating keys and values, for passing several
// values to a partial.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("web: dict needs key and value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("web: dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// plural writes a count with the singular or plural noun, as in "1 sessão"
// and "3 sessões", so that screens need no "sessão(ões)".
func plural(n int, singular, plural string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, singular)
	}
	return fmt.Sprintf("%d %s", n, plural)
}
