package importer

import (
	"strings"

	"kpsicologia/app/clinic"
)

// psychologistTitles are folded words that clinics put before a
// psychologist's name and that do not tell two psychologists apart.
var psychologistTitles = map[string]bool{
	"dr": true, "dra": true, "dr(a)": true, "dr/a": true, "drª": true,
	"doutor": true, "doutora": true,
	"psic": true, "psi": true, "psicologa": true, "psicologo": true,
	"psicologa(o)": true, "psicologo(a)": true,
	"prof": true, "profa": true, "professor": true, "professora": true,
	"sr": true, "sra": true,
}

// PsychologistKey returns the form in which two spellings of a
// psychologist's name count as the same person: folded (case, accents and
// spacing ignored) and without the titles in front of it, so "Dra. Marina
// Tavares", "PSICÓLOGA Marina  Tavares" and "marina tavares" share one
// key. A name that is only a title keeps it, so "Dra." is not blank.
func PsychologistKey(name string) string {
	words := strings.Fields(clinic.Fold(name))
	i := 0
	for i < len(words)-1 && psychologistTitles[strings.TrimRight(words[i], ".:,")] {
		i++
	}
	return strings.Join(words[i:], " ")
}

// PsychologistName returns name without the titles in front of it and
// with spacing normalized, keeping case and accents: the name to store
// when a psychologist is created from a spreadsheet.
func PsychologistName(name string) string {
	words := strings.Fields(clinic.NormalizeName(name))
	i := 0
	for i < len(words)-1 && psychologistTitles[strings.TrimRight(clinic.Fold(words[i]), ".:,")] {
		i++
	}
	return strings.Join(words[i:], " ")
}
