package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"kpsicologia/app/clinic"
)

// numericRaw matches how .xlsx files store numbers: "23081", "150.5",
// "-3", "1.1987654321E10".
var numericRaw = regexp.MustCompile(`^-?\d+(\.\d+)?([eE][-+]?\d+)?$`)

// readXLSX reads every sheet of an .xlsx file. Cells come back raw (the
// stored number, not the formatted display), because the display of a
// date cell depends on the locale of the program that formats it. For
// example, excelize shows the built-in date format 14 as "03-11-63"
// (month first), which must never be read as a Brazilian date.
func readXLSX(data []byte) ([]*table, error) {
	if err := checkUnzippedSize(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data),
		excelize.Options{UnzipSizeLimit: maxUnzippedBytes})
	if err != nil {
		return nil, &clinic.ValueError{Code: CodeUnreadableFile, Message: "Não " +
			"foi possível abrir a planilha. Abra no Excel ou no LibreOffice " +
			"e salve de novo como .xlsx."}
	}
	defer f.Close()
	x := &xlsxReader{file: f, styleKinds: map[int]cellKind{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	var tables []*table
	for _, sheet := range f.GetSheetList() {
		rows, err := x.readSheet(sheet)
		if err != nil {
			return nil, err
		}
		t := newTable(sheet, rows)
		t.date1904 = x.date1904
		tables = append(tables, t)
	}
	return tables, nil
}

// checkUnzippedSize refuses a zip file whose parts add up to more than
// maxUnzippedBytes. The sizes come from the zip directory, and the zip
// reader fails on a part that unpacks to more than its stated size.
func checkUnzippedSize(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // excelize reports the damaged file
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnzippedBytes {
			return errTooLarge
		}
	}
	return nil
}

type xlsxReader struct {
	file       *excelize.File
	date1904   bool
	styleKinds map[int]cellKind
	// rows and cells count what the file's sheets held so far, against
	// MaxRows and maxCells.
	rows, cells int
}

func (x *xlsxReader) readSheet(sheet string) ([]tableRow, error) {
	raw, err := x.readRaw(sheet)
	if err != nil {
		return nil, err
	}
	// Cell types are read only after the whole sheet passed the limits:
	// the first GetCellType loads the sheet into memory, which for a
	// sheet whose rows have no numbers takes time that grows with the
	// square of the rows.
	rows := make([]tableRow, len(raw))
	for r, values := range raw {
		num := r + 1
		cells := make([]cell, len(values))
		for i, value := range values {
			cells[i], err = x.classify(sheet, i+1, num, value)
			if err != nil {
				return nil, err
			}
		}
		rows[r] = tableRow{num: num, cells: cells}
	}
	return rows, nil
}

// count adds a row's filled cells to the file's totals. Empty rows and
// cells do not count: a sheet formatted down to its last row has a
// million of them and little else.
func (x *xlsxReader) count(values []string) error {
	filled := 0
	for _, v := range values {
		if v != "" {
			filled++
		}
	}
	if filled == 0 {
		return nil
	}
	x.rows++
	x.cells += filled
	if x.rows > MaxRows || x.cells > maxCells {
		return errTooLarge
	}
	return nil
}

// readRaw returns the stored values of a sheet, one slice per row, gaps
// included, or errTooLarge once the file passes the limits.
func (x *xlsxReader) readRaw(sheet string) ([][]string, error) {
	iter, err := x.file.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("importer: read sheet %s: %w", sheet, err)
	}
	defer iter.Close()
	var rows [][]string
	// Next is called once per row number, gaps included, so counting the
	// calls gives the row number the spreadsheet program shows.
	for num := 1; iter.Next(); num++ {
		values, err := iter.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("importer: read sheet %s row %d: %w", sheet, num, err)
		}
		if err := x.count(values); err != nil {
			return nil, err
		}
		rows = append(rows, values)
	}
	if err := iter.Error(); err != nil {
		return nil, fmt.Errorf("importer: read sheet %s: %w", sheet, err)
	}
	return rows, nil
}

// classify finds the kind of a cell. Only values that look like numbers
// need the cell type and style, which keeps large text sheets fast.
func (x *xlsxReader) classify(sheet string, col, row int, value string) (cell, error) {
	c := cell{text: value}
	looksNumeric := numericRaw.MatchString(value)
	looksISO := len(value) >= 10 && isoPrefix.MatchString(value)
	if !looksNumeric && !looksISO {
		return c, nil
	}
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return c, fmt.Errorf("importer: cell name: %w", err)
	}

	typ, err := x.file.GetCellType(sheet, name)
	if err != nil {
		return c, fmt.Errorf("importer: type of %s!%s: %w", sheet, name, err)
	}
	switch typ {
	case excelize.CellTypeDate:
		c.kind = kindISODate
		return c, nil
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		// A number cell; a formula's cached result counts too.
	default:
		return c, nil
	}
	if !looksNumeric {
		return c, nil
	}

	style, err := x.file.GetCellStyle(sheet, name)
	if err != nil {
		return c, fmt.Errorf("importer: style of %s!%s: %w", sheet, name, err)
	}
	c.kind = x.styleKind(style)
	return c, nil
}

var isoPrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// styleKind returns kindNumber, kindDate, kindTime or kindDateTime for the
// number format of a style, with a cache per style.
func (x *xlsxReader) styleKind(id int) cellKind {
	if kind, ok := x.styleKinds[id]; ok {
		return kind
	}
	kind := kindNumber
	if style, err := x.file.GetStyle(id); err == nil {
		if style.CustomNumFmt != nil {
			kind = formatKind(*style.CustomNumFmt)
		} else {
			kind = builtInFormatKind(style.NumFmt)
		}
	}
	x.styleKinds[id] = kind
	return kind
}

// builtInFormatKind classifies the built-in number formats listed in
// excelize v2.11.1 (builtInNumFmt and, for East Asian locales,
// langNumFmt). Formats 14 to 17 are dates, 18 to 21 and 45 to 47 are
// times, and 22 is a date and time. Among the locale formats, 32 to 35
// and 55 to 56 are times and the rest of 27 to 36 and 50 to 58 are dates.
func builtInFormatKind(id int) cellKind {
	switch {
	case id >= 18 && id <= 21, id >= 45 && id <= 47, id >= 32 && id <= 35, id == 55, id == 56:
		return kindTime
	case id >= 14 && id <= 17, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return kindDate
	case id == 22:
		return kindDateTime
	}
	return kindNumber
}

// formatKind classifies a custom number format code such as "dd/mm/yyyy",
// "[$-416]d/m/yy;@", "h:mm" or `"R$" #,##0.00`. Quoted text, bracketed
// parts (locale and colour), escaped characters and the characters after
// "_" and "*" are skipped. Then y or d means a date, h or s a time, and
// an m alone a month.
func formatKind(code string) cellKind {
	// Only the first section formats positive numbers and dates.
	var letters strings.Builder
	inQuotes := false
	for i := 0; i < len(code); i++ {
		ch := code[i]
		switch {
		case inQuotes:
			inQuotes = ch != '"'
		case ch == '"':
			inQuotes = true
		case ch == ';':
			i = len(code)
		case ch == '\\' || ch == '_' || ch == '*':
			i++
		case ch == '[':
			end := strings.IndexByte(code[i:], ']')
			if end < 0 {
				i = len(code)
				break
			}
			// [h], [mm] and [ss] are elapsed times. Other brackets hold a
			// colour ([Red] has a d) or a locale, so they are skipped.
			if inner := strings.ToLower(code[i+1 : i+end]); strings.Trim(inner, "hms") == "" {
				letters.WriteString(inner)
			}
			i += end
		case ch >= 'A' && ch <= 'Z':
			letters.WriteByte(ch + 'a' - 'A')
		default:
			letters.WriteByte(ch)
		}
	}
	s := letters.String()
	isDate := strings.ContainsAny(s, "yd") || strings.Contains(s, "m") && !strings.ContainsAny(s, "hs")
	isTime := strings.ContainsAny(s, "hs")
	switch {
	case isDate && isTime:
		return kindDateTime
	case isDate:
		return kindDate
	case isTime:
		return kindTime
	}
	return kindNumber
}
