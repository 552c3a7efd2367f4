// Package export writes the clinic's reports as Excel workbooks (.xlsx)
// with excelize's StreamWriter, so a sheet of any length is written
// without holding its rows in memory.
//
// A report declares its columns with a Kind each, and the kind decides how
// a value becomes a cell: money is a number with an R$ format, dates are
// real Excel dates in the clinic's time zone, and text, CPF and phone
// numbers are always string cells, so a value such as "=SUM(A1)" or
// "0123..." is shown exactly as stored and never becomes a formula or a
// number. Every sheet has a bold header row that stays in view when
// scrolling and an autofilter over its data rows.
package export

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Workbook is an .xlsx file being written, one sheet after another. It is
// not safe for concurrent use.
//
// NOTE: excelize v2.11.1 keeps each sheet's XML in a memory buffer until
// it passes 16 MiB (StreamChunkSize), then moves it to a temporary file
// but keeps the buffer's capacity until Close. Memory therefore does not
// grow with the row count, but a workbook holds up to about 32 MiB per
// large sheet until it is written.
type Workbook struct {
	file    *excelize.File
	loc     *time.Location
	styles  styles
	names   sheetNames
	current *Sheet
	// renamed records that the sheet excelize creates with every new file
	// ("Sheet1") has become the first report sheet.
	renamed bool
}

// New starts an empty workbook whose dates and times are shown in loc,
// the clinic's time zone. Call Close when done, even after WriteTo, to
// remove the temporary files of large sheets.
func New(loc *time.Location) (*Workbook, error) {
	if loc == nil {
		return nil, errors.New("export: new workbook: nil time zone")
	}
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Workbook{file: f, loc: loc, styles: st}, nil
}

// SetTitle stores title in the file's document properties, where Excel
// and LibreOffice show it in the file's details.
func (w *Workbook) SetTitle(title string) error {
	err := w.file.SetDocProps(&excelize.DocProperties{
		Title:    title,
		Creator:  "KPsicologia",
		Language: "pt-BR",
	})
	if err != nil {
		return fmt.Errorf("export: set title: %w", err)
	}
	return nil
}

// AddSheet finishes the sheet being written, if any, and starts a new one
// named after name (made valid and unique by SheetName rules) whose first
// row holds the column headers.
func (w *Workbook) AddSheet(name string, cols ...Column) (*Sheet, error) {
	if len(cols) == 0 {
		return nil, fmt.Errorf("export: add sheet %q: no columns", name)
	}
	if err := w.finishCurrent(); err != nil {
		return nil, err
	}
	name = w.names.add(name)
	if !w.renamed {
		// A new excelize file already has one sheet; reusing it keeps
		// the report's first sheet first and active.
		if err := w.file.SetSheetName(w.file.GetSheetName(0), name); err != nil {
			return nil, fmt.Errorf("export: name sheet %q: %w", name, err)
		}
		w.renamed = true
	} else if _, err := w.file.NewSheet(name); err != nil {
		return nil, fmt.Errorf("export: add sheet %q: %w", name, err)
	}
	sh, err := newSheet(w, name, cols)
	if err != nil {
		return nil, err
	}
	w.current = sh
	return sh, nil
}

func (w *Workbook) finishCurrent() error {
	if w.current == nil {
		return nil
	}
	sh := w.current
	w.current = nil
	return sh.finish()
}

// WriteTo finishes the last sheet and writes the .xlsx file to dst. It
// returns the number of bytes written.
//
// excelize's own WriteTo builds the whole zip file in a bytes.Buffer before
// copying it; giving it a zip writer over dst (its SetZipWriter hook)
// makes it write straight through, so memory does not grow with the file.
func (w *Workbook) WriteTo(dst io.Writer) (int64, error) {
	if err := w.finishCurrent(); err != nil {
		return 0, err
	}
	if !w.renamed {
		return 0, errors.New("export: write workbook: no sheets")
	}
	cw := &countingWriter{w: dst}
	w.file.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		return zip.NewWriter(cw)
	})
	if _, err := w.file.WriteTo(io.Discard); err != nil {
		return cw.n, fmt.Errorf("export: write workbook: %w", err)
	}
	return cw.n, nil
}

// Close removes the workbook's temporary files.
func (w *Workbook) Close() error {
	if err := w.file.Close(); err != nil {
		return fmt.Errorf("export: close workbook: %w", err)
	}
	return nil
}

// LocalTime returns the instant a clinic wall-clock time refers to: date
// "YYYY-MM-DD" at minutes after midnight in the clinic's time zone, the
// way sessions store their start and end.
func (w *Workbook) LocalTime(date string, minutes int) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, date, w.loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("export: session date %q: %w", date, err)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, minutes, 0, 0, w.loc), nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
