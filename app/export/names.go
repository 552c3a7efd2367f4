package export

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
)

// maxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const maxSheetName = 31

// fallbackSheetName replaces a name that is blank once cleaned.
const fallbackSheetName = "Planilha"

// sheetNameReplacer replaces the characters Excel forbids in sheet names
// (: \ / ? * [ ]) with a hyphen, so "Repasse 12/2026" stays readable as
// "Repasse 12-2026". An apostrophe inside a name becomes a typographic
// one, because excelize writes the autofilter's defined name as
// 'Sheet'!A1:B2 without doubling quotes inside the name.
var sheetNameReplacer = strings.NewReplacer(
	":", "-", `\`, "-", "/", "-", "?", "-", "*", "-", "[", "-", "]", "-",
	"'", "’",
)

// SheetName returns name made valid as an Excel sheet name: forbidden
// characters replaced, control characters and runs of spaces reduced to
// one space, no apostrophe at either end, at most 31 UTF-16 code units,
// and "Planilha" when nothing is left. It does not make the name unique;
// Workbook.AddSheet does that.
func SheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	name = trimSheetEnds(name)
	name = sheetNameReplacer.Replace(name)
	name = trimSheetEnds(truncateUTF16(name, maxSheetName))
	if name == "" {
		return fallbackSheetName
	}
	return name
}

// trimSheetEnds removes the spaces and apostrophes Excel rejects or
// silently drops at the ends of a sheet name.
func trimSheetEnds(s string) string {
	return strings.Trim(s, " '’")
}

// truncateUTF16 cuts s to at most n UTF-16 code units without splitting a
// character.
func truncateUTF16(s string, n int) string {
	used := 0
	for i, r := range s {
		size := utf16.RuneLen(r)
		if size < 0 {
			size = 1
		}
		if used+size > n {
			return s[:i]
		}
		used += size
	}
	return s
}

// sheetNames hands out unique sheet names for one workbook. Excel compares
// sheet names without regard to case, and reserves "History".
type sheetNames struct {
	used map[string]bool
}

func (n *sheetNames) add(name string) string {
	if n.used == nil {
		n.used = map[string]bool{"history": true}
	}
	base := SheetName(name)
	candidate := base
	for i := 2; n.used[strings.ToLower(candidate)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		candidate = trimSheetEnds(truncateUTF16(base, maxSheetName-len(suffix))) + suffix
	}
	n.used[strings.ToLower(candidate)] = true
	return candidate
}
