package export

import (
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kpsicologia/app/clinic"
)

// Kind is the type of a column's cells.
type Kind int

// The column kinds. The value Append takes for each is listed; nil, "" and
// the zero time.Time leave the cell empty.
const (
	// Text is a string cell, whatever the string starts with.
	Text Kind = iota
	// Integer is a count: int or int64.
	Integer
	// Money is an amount in int64 (or int) cents, written as a number of
	// reais with the R$ format.
	Money
	// Percent is a share in int64 (or int) basis points: 6000 is 60,00 %.
	Percent
	// Date is a day: "YYYY-MM-DD" text or a time.Time, whose date in the
	// clinic's time zone is used.
	Date
	// DateTime is a time.Time, shown as its wall time in the clinic's
	// time zone (dd/mm/aaaa hh:mm).
	DateTime
	// CPF is 11 digits, written as text formatted 123.456.789-09; any
	// other stored value is written as it is.
	CPF
	// Phone is 10 or 11 digits, written as text formatted
	// (11) 98765-4321; any other stored value is written as it is.
	Phone

	kindCount
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Integer:
		return "integer"
	case Money:
		return "money"
	case Percent:
		return "percent"
	case Date:
		return "date"
	case DateTime:
		return "datetime"
	case CPF:
		return "cpf"
	case Phone:
		return "phone"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// defaultWidth is a column's width in characters when Column.Width is 0:
// wide enough for a typical value of the kind.
func (k Kind) defaultWidth() float64 {
	switch k {
	case Integer, Percent:
		return 10
	case Money:
		return 15
	case Date:
		return 12
	case DateTime:
		return 17
	case CPF:
		return 16
	case Phone:
		return 17
	}
	return 24
}

// Column is one column of a sheet.
type Column struct {
	Header string
	Kind   Kind
	// Width is the column width in characters; 0 picks the kind's default,
	// widened to fit the header.
	Width float64
}

func (c Column) width() float64 {
	if c.Width > 0 {
		return c.Width
	}
	return max(c.Kind.defaultWidth(), float64(utf8.RuneCountInString(c.Header)+3))
}

// headerRow is the row of the column headers; data starts below it.
const headerRow = 1

// Sheet is a worksheet being written row by row. Data rows come first,
// then optionally a total row and notes, which sit below a blank row and
// outside the autofilter, so sorting the data never moves them.
type Sheet struct {
	wb     *Workbook
	sw     *excelize.StreamWriter
	name   string
	cols   []Column
	row    int // the last row written
	data   int // the last data row
	closed bool
	// footer is set once a total or note is written; data rows after it
	// would fall outside the autofilter.
	footer bool
	cells  []any
}

func newSheet(w *Workbook, name string, cols []Column) (*Sheet, error) {
	if err := setPrintLayout(w, name); err != nil {
		return nil, err
	}
	sw, err := w.file.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("export: stream sheet %q: %w", name, err)
	}
	sh := &Sheet{wb: w, sw: sw, name: name, cols: cols,
		cells: make([]any, len(cols))}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width()); err != nil {
			return nil, fmt.Errorf("export: sheet %q column %d width: %w", name, i+1, err)
		}
	}
	err = sw.SetPanes(&excelize.Panes{
		Freeze:      true,
		YSplit:      headerRow,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection: []excelize.Selection{
			{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("export: sheet %q freeze header: %w", name, err)
	}
	for i, c := range cols {
		sh.cells[i] = excelize.Cell{StyleID: w.styles.header, Value: c.Header}
	}
	if err := sh.write(excelize.RowOpts{Height: headerHeight(cols)}); err != nil {
		return nil, err
	}
	sh.data = sh.row
	return sh, nil
}

// setPrintLayout makes a sheet print on landscape A4 pages, all columns
// on one page width and the header row repeated on every page. It must
// run before the sheet's stream writer starts, because the stream writer
// writes the sheet properties (where fit-to-page lives) at once.
func setPrintLayout(w *Workbook, name string) error {
	err := w.file.SetSheetProps(name, &excelize.SheetPropsOptions{
		FitToPage: new(true),
	})
	if err != nil {
		return fmt.Errorf("export: sheet %q fit to page: %w", name, err)
	}
	err = w.file.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size:        new(9), // A4
		Orientation: new("landscape"),
		FitToWidth:  new(1),
		FitToHeight: new(0), // as many pages down as needed
	})
	if err != nil {
		return fmt.Errorf("export: sheet %q page layout: %w", name, err)
	}
	err = w.file.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: "'" + name + "'!$1:$1",
		Scope:    name,
	})
	if err != nil {
		return fmt.Errorf("export: sheet %q print titles: %w", name, err)
	}
	return nil
}

// headerHeight returns the header row's height in points, tall enough for
// the longest header to wrap within its column. Bold text takes about a
// tenth more room than the width's character count, so that is added
// before counting lines of 15 points each.
func headerHeight(cols []Column) float64 {
	lines := 1
	for _, c := range cols {
		chars := float64(utf8.RuneCountInString(c.Header)) * 1.1
		width := max(c.width()-1, 1)
		lines = max(lines, int(math.Ceil(chars/width)))
	}
	return float64(lines)*15 + 4
}

// Name returns the sheet's name as written, after sanitizing.
func (s *Sheet) Name() string { return s.name }

// Rows returns the number of data rows written so far.
func (s *Sheet) Rows() int { return s.data - headerRow }

// Append writes one data row, one value per column in column order.
func (s *Sheet) Append(values ...any) error {
	if s.footer {
		return fmt.Errorf("export: sheet %q: data row after the total", s.name)
	}
	if err := s.fill(values, false); err != nil {
		return err
	}
	if err := s.write(); err != nil {
		return err
	}
	s.data = s.row
	return nil
}

// Total writes a bold row below a blank row, outside the autofilter, for
// sums the report computed while writing the data rows.
func (s *Sheet) Total(values ...any) error {
	if err := s.fill(values, true); err != nil {
		return err
	}
	s.skipFooterGap()
	return s.write()
}

// Note writes a line of italic text in the first column below the data
// and any total, for the period, a caption or an empty-result message.
func (s *Sheet) Note(text string) error {
	if s.closed {
		return fmt.Errorf("export: sheet %q is finished", s.name)
	}
	s.skipFooterGap()
	clear(s.cells)
	s.cells[0] = excelize.Cell{StyleID: s.wb.styles.note, Value: text}
	return s.write()
}

// skipFooterGap leaves one empty row between the data and the first
// footer row.
func (s *Sheet) skipFooterGap() {
	if !s.footer {
		s.footer = true
		s.row++
	}
}

// fill converts values into the reusable cell slice.
func (s *Sheet) fill(values []any, bold bool) error {
	if s.closed {
		return fmt.Errorf("export: sheet %q is finished", s.name)
	}
	if len(values) != len(s.cols) {
		return fmt.Errorf("export: sheet %q: %d values for %d columns",
			s.name, len(values), len(s.cols))
	}
	for i, v := range values {
		c := s.cols[i]
		cell, err := s.wb.cellValue(c.Kind, v)
		if err != nil {
			return fmt.Errorf("export: sheet %q column %q: %w", s.name, c.Header, err)
		}
		if cell == nil {
			s.cells[i] = nil
			continue
		}
		style := s.wb.styles.plain[c.Kind]
		if bold {
			style = s.wb.styles.bold[c.Kind]
		}
		s.cells[i] = excelize.Cell{StyleID: style, Value: cell}
	}
	return nil
}

func (s *Sheet) write(opts ...excelize.RowOpts) error {
	s.row++
	ref, err := excelize.CoordinatesToCellName(1, s.row)
	if err != nil {
		return fmt.Errorf("export: sheet %q row %d: %w", s.name, s.row, err)
	}
	if err := s.sw.SetRow(ref, s.cells, opts...); err != nil {
		return fmt.Errorf("export: sheet %q row %d: %w", s.name, s.row, err)
	}
	return nil
}

// finish adds the autofilter over the header and data rows and ends the
// sheet's stream.
func (s *Sheet) finish() error {
	if s.closed {
		return nil
	}
	s.closed = true
	last, err := excelize.CoordinatesToCellName(len(s.cols), s.data)
	if err != nil {
		return fmt.Errorf("export: sheet %q filter range: %w", s.name, err)
	}
	// The stream writer emits the worksheet's autoFilter element when it
	// flushes, so the filter is set after the rows and before Flush.
	if err := s.wb.file.AutoFilter(s.name, "A1:"+last, nil); err != nil {
		return fmt.Errorf("export: sheet %q autofilter: %w", s.name, err)
	}
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("export: sheet %q flush: %w", s.name, err)
	}
	return nil
}

// cellValue converts v, a value for a column of kind k, into what the
// stream writer stores. It returns nil for an empty cell.
func (w *Workbook) cellValue(k Kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case Text, CPF, Phone:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a string, got %T", v)
		}
		if s == "" {
			return nil, nil
		}
		switch k {
		case CPF:
			s = clinic.FormatCPF(s)
		case Phone:
			s = clinic.FormatPhone(s)
		}
		// A Go string always becomes an inline string cell (t="inlineStr")
		// in excelize's stream writer; only excelize.Cell.Formula makes a
		// formula, and this package never sets it.
		return s, nil
	case Integer:
		n, ok := asInt64(v)
		if !ok {
			return nil, fmt.Errorf("want an int or int64, got %T", v)
		}
		return n, nil
	case Money:
		cents, ok := asInt64(v)
		if !ok {
			return nil, fmt.Errorf("want int64 cents, got %T", v)
		}
		return reais(cents), nil
	case Percent:
		bp, ok := asInt64(v)
		if !ok {
			return nil, fmt.Errorf("want int64 basis points, got %T", v)
		}
		return float64(bp) / 10000, nil
	case Date:
		return w.dateValue(v)
	case DateTime:
		t, ok := v.(time.Time)
		if !ok {
			return nil, fmt.Errorf("want a time.Time, got %T", v)
		}
		if t.IsZero() {
			return nil, nil
		}
		// excelize (v2.11.1, cell.go setCellTime) adds the location's UTC
		// offset before converting to an Excel serial number, so the cell
		// shows the wall time of the time.Time it receives. Converting to
		// the clinic's zone first makes that the clinic's wall time.
		return t.In(w.loc), nil
	}
	return nil, fmt.Errorf("unknown column kind %d", int(k))
}

func (w *Workbook) dateValue(v any) (any, error) {
	var t time.Time
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil, nil
		}
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, fmt.Errorf("want a YYYY-MM-DD date, got %q", v)
		}
		t = d
	case time.Time:
		if v.IsZero() {
			return nil, nil
		}
		l := v.In(w.loc)
		t = time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	default:
		return nil, fmt.Errorf("want a YYYY-MM-DD string or time.Time, got %T", v)
	}
	return t, nil
}

// reais converts cents to the number stored in the cell. Dividing an
// integer below 2^53 by 100 gives the float64 nearest to the exact
// decimal, and excelize writes the shortest decimal that reads back as
// that float64, so 11690 cents is stored as exactly "116.9". Sums still
// come from int64 cents: totals are computed by the report, not by
// spreadsheet formulas.
func reais(cents int64) float64 {
	return float64(cents) / 100
}

func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	}
	return 0, false
}
