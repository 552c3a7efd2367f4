// Package demo generates a realistic, entirely fictional clinic: units,
// rooms, psychologists, patients, series, attendance, payments and
// expenses, written through the same store methods the pages use.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Fictional name parts. Combinations are random, so no generated person
// is a real one.
var (
	femaleNames = []string{"Ana", "Beatriz", "Camila", "Daniela", "Eduarda",
		"Fernanda", "Gabriela", "Helena", "Isabela", "Juliana", "Larissa",
		"Luíza", "Mariana", "Natália", "Olívia", "Patrícia", "Rafaela",
		"Sofia", "Tatiana", "Valentina", "Vitória", "Yasmin", "Alice",
		"Cecília", "Clara", "Lívia", "Lorena", "Manuela", "Márcia", "Sônia",
		"Conceição", "Iracema", "Joana", "Letícia", "Priscila", "Renata"}
	maleNames = []string{"André", "Bruno", "Carlos", "Diego", "Eduardo",
		"Felipe", "Gustavo", "Henrique", "Igor", "João", "José", "Lucas",
		"Marcelo", "Nicolas", "Otávio", "Paulo", "Rafael", "Sérgio",
		"Thiago", "Vinícius", "Antônio", "Caio", "Davi", "Enzo", "Fábio",
		"Gabriel", "Heitor", "Leonardo", "Matheus", "Renan", "Samuel"}
	surnames = []string{"Silva", "Santos", "Oliveira", "Souza", "Rodrigues",
		"Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro",
		"Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
		"Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade",
		"Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
		"Cardoso", "Ramos", "Gonçalves", "Araújo", "Brandão", "Tavares",
		"Vasconcelos", "Sá", "Magalhães", "Conceição", "Assunção", "Simões"}
	socialNames = []string{"Alex", "Sam", "Dani", "Kim", "Luca", "Noah", "Ravi", "Jô"}
	approaches  = []string{"Terapia cognitivo-comportamental", "Psicanálise",
		"Gestalt-terapia", "Análise do comportamento", "Humanista",
		"Sistêmica", "Junguiana", "Terapia do esquema"}
	ddds = []string{"11", "11", "11", "11", "12", "13", "15", "19", "21", "31", "41", "51", "61", "71", "81"}
	// colours are the psychologists' agenda colours: mid-tone, readable
	// under dark text on a light tint.
	colours = []string{"#2f6f73", "#6f42c1", "#d63384", "#fd7e14", "#198754",
		"#0d6efd", "#b02a37", "#6610f2", "#20c997", "#795548", "#a0522d",
		"#3d5a80", "#8e44ad", "#c0392b", "#16a085", "#2c3e50"}
)

// Specialties and Audiences seed the clinic's catalogues.
var (
	Specialties = []string{"Ansiedade", "Depressão", "Luto", "TDAH",
		"Autismo (TEA)", "Relacionamentos", "Orientação profissional",
		"Dependência química", "Transtornos alimentares", "Trauma"}
	Audiences = []string{"Crianças", "Adolescentes", "Adultos", "Casais", "Idosos"}
)

// faker draws fictional values from one seeded source, so a seed always
// gives the same clinic.
type faker struct {
	r        *rand.Rand
	usedCPFs map[string]bool
}

func newFaker(seed uint64) *faker {
	return &faker{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		usedCPFs: map[string]bool{}}
}

func (f *faker) pick(list []string) string { return list[f.r.IntN(len(list))] }

// chance returns true with probability p.
func (f *faker) chance(p float64) bool { return f.r.Float64() < p }

// personName returns "First Surname Surname".
func (f *faker) personName(female bool) string {
	first := f.pick(maleNames)
	if female {
		first = f.pick(femaleNames)
	}
	s1, s2 := f.pick(surnames), f.pick(surnames)
	for s2 == s1 {
		s2 = f.pick(surnames)
	}
	return first + " " + s1 + " " + s2
}

// cpf returns a valid, unused 11-digit CPF. The first digit is never 0
// here, but leading zeros are valid CPFs and the store keeps them.
func (f *faker) cpf() string {
	for {
		var b strings.Builder
		for i := 0; i < 9; i++ {
			b.WriteByte(byte('0' + f.r.IntN(10)))
		}
		base := b.String()
		if strings.Count(base, base[:1]) == 9 {
			continue
		}
		d1 := cpfDigit(base)
		d2 := cpfDigit(base + string(d1))
		cpf := base + string(d1) + string(d2)
		if !f.usedCPFs[cpf] {
			f.usedCPFs[cpf] = true
			return cpf
		}
	}
}

// cpfDigit is the modulo-11 check digit of a CPF prefix.
func cpfDigit(prefix string) byte {
	sum := 0
	for i := 0; i < len(prefix); i++ {
		sum += int(prefix[i]-'0') * (len(prefix) + 1 - i)
	}
	r := sum * 10 % 11
	if r == 10 {
		r = 0
	}
	return byte('0' + r)
}

// mobile returns an 11-digit mobile number: DDD, 9, then 8 digits.
func (f *faker) mobile() string {
	return fmt.Sprintf("%s9%08d", f.pick(ddds), f.r.IntN(100000000))
}

// birthDate returns a YYYY-MM-DD birth date for someone aged between
// minAge and maxAge on today (a YYYY-MM-DD date).
func (f *faker) birthDate(today string, minAge, maxAge int) string {
	var y, m, d int
	fmt.Sscanf(today, "%d-%d-%d", &y, &m, &d)
	age := minAge + f.r.IntN(maxAge-minAge+1)
	month := 1 + f.r.IntN(12)
	day := 1 + f.r.IntN(28)
	return fmt.Sprintf("%04d-%02d-%02d", y-age-1+boolInt(month < m || (month == m && day <= d)), month, day)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// price returns a session price in cents, on the round values clinics
// charge (R$ 80 to R$ 350, with a few odd ones such as R$ 116,90).
func (f *faker) price() int64 {
	switch {
	case f.chance(0.08):
		return []int64{11690, 13750, 9990, 18590}[f.r.IntN(4)]
	default:
		return int64(80+10*f.r.IntN(28)) * 100
	}
}
