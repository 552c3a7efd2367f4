package export

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Number formats. Format codes in an .xlsx file are always written with
// the en-US separators (comma for thousands, dot for decimals); Excel and
// LibreOffice show them with the reader's locale, so a pt-BR installation
// shows R$ 1.234,56. Dates use an explicit day-first code instead of the
// built-in short date, whose order follows the reader's system settings.
const (
	moneyFormat    = `"R$ "#,##0.00;\-"R$ "#,##0.00`
	dateFormat     = `dd/mm/yyyy`
	dateTimeFormat = `dd/mm/yyyy hh:mm`
	// builtinText is Excel's built-in "@" (Text) format. Text columns use
	// it so that a cell the reader later edits stays text as well.
	builtinText = 49
	// builtinInteger is "#,##0".
	builtinInteger = 3
	// builtinPercent is "0.00%".
	builtinPercent = 10
)

// styles holds the style ids of one workbook: the plain cell of each kind,
// the bold variant used on total rows, and the header.
type styles struct {
	header int
	note   int
	plain  [kindCount]int
	bold   [kindCount]int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	st.header, err = f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1,
			Color: []string{"E7EEF0"}},
		Border: []excelize.Border{{Type: "bottom", Color: "7A8C8E",
			Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return st, fmt.Errorf("export: header style: %w", err)
	}
	st.note, err = f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Italic: true, Color: "555555"},
		NumFmt: builtinText,
	})
	if err != nil {
		return st, fmt.Errorf("export: note style: %w", err)
	}
	for k := Kind(0); k < kindCount; k++ {
		if st.plain[k], err = f.NewStyle(kindStyle(k, false)); err != nil {
			return st, fmt.Errorf("export: %s style: %w", k, err)
		}
		if st.bold[k], err = f.NewStyle(kindStyle(k, true)); err != nil {
			return st, fmt.Errorf("export: bold %s style: %w", k, err)
		}
	}
	return st, nil
}

// kindStyle returns the cell style of a column kind.
func kindStyle(k Kind, bold bool) *excelize.Style {
	s := &excelize.Style{}
	if bold {
		s.Font = &excelize.Font{Bold: true}
	}
	switch k {
	case Text, CPF, Phone:
		s.NumFmt = builtinText
	case Integer:
		s.NumFmt = builtinInteger
	case Percent:
		s.NumFmt = builtinPercent
	case Money:
		s.CustomNumFmt = new(moneyFormat)
	case Date:
		s.CustomNumFmt = new(dateFormat)
		s.Alignment = &excelize.Alignment{Horizontal: "center"}
	case DateTime:
		s.CustomNumFmt = new(dateTimeFormat)
		s.Alignment = &excelize.Alignment{Horizontal: "center"}
	}
	return s
}
