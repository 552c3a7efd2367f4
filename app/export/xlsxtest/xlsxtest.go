// Package xlsxtest opens a written .xlsx file for tests, both with excelize
// and as the raw XML of its zip parts, so a test checks exactly what a
// spreadsheet program reads: each cell's type attribute, style, formula
// and stored value.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Cell is a <c> element of a worksheet.
type Cell struct {
	Ref     string  `xml:"r,attr"`
	Style   int     `xml:"s,attr"`
	Type    string  `xml:"t,attr"`
	Formula *string `xml:"f"`
	Value   string  `xml:"v"`
	Inline  string  `xml:"is>t"`
}

// Text returns the string of an inline string cell and the stored value
// of any other cell.
func (c Cell) Text() string {
	if c.Type == "inlineStr" {
		return c.Inline
	}
	return c.Value
}

// Number returns the cell's stored value as a number, failing the test
// when the cell is not numeric.
func (c Cell) Number(tb testing.TB) float64 {
	tb.Helper()
	if c.Type != "" && c.Type != "n" {
		tb.Fatalf("cell %s has type %q, want a number", c.Ref, c.Type)
	}
	v, err := strconv.ParseFloat(c.Value, 64)
	if err != nil {
		tb.Fatalf("cell %s value %q is not a number: %v", c.Ref, c.Value, err)
	}
	return v
}

type sheetXML struct {
	Rows []struct {
		Num   int    `xml:"r,attr"`
		Cells []Cell `xml:"c"`
	} `xml:"sheetData>row"`
}

// Book is a written workbook opened for checking.
type Book struct {
	tb    testing.TB
	File  *excelize.File
	parts map[string][]byte
}

// Open opens the bytes of an .xlsx file, failing the test when excelize
// or archive/zip cannot read it.
func Open(tb testing.TB, data []byte) *Book {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("excelize cannot open the workbook: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("workbook is not a zip file: %v", err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatalf("open part %s: %v", zf.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("read part %s: %v", zf.Name, err)
		}
		parts[zf.Name] = b
	}
	return &Book{tb: tb, File: f, parts: parts}
}

// Part returns a zip part such as "xl/workbook.xml", or "" when missing.
func (b *Book) Part(name string) string { return string(b.parts[name]) }

var (
	workbookSheet  = regexp.MustCompile(`<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"`)
	relIDFirst     = regexp.MustCompile(`<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"`)
	relTargetFirst = regexp.MustCompile(`<Relationship [^>]*Target="([^"]*)"[^>]*Id="([^"]*)"`)
)

// SheetNames returns the sheet names in workbook order, as stored.
func (b *Book) SheetNames() []string {
	var names []string
	for _, m := range workbookSheet.FindAllStringSubmatch(b.Part("xl/workbook.xml"), -1) {
		names = append(names, xmlUnescape(m[1]))
	}
	return names
}

// SheetXML returns the raw XML of the sheet called name.
func (b *Book) SheetXML(name string) string {
	b.tb.Helper()
	targets := map[string]string{}
	rels := b.Part("xl/_rels/workbook.xml.rels")
	for _, m := range relIDFirst.FindAllStringSubmatch(rels, -1) {
		targets[m[1]] = m[2]
	}
	for _, m := range relTargetFirst.FindAllStringSubmatch(rels, -1) {
		targets[m[2]] = m[1]
	}
	for _, m := range workbookSheet.FindAllStringSubmatch(b.Part("xl/workbook.xml"), -1) {
		if xmlUnescape(m[1]) != name {
			continue
		}
		target := targets[m[2]]
		p := path.Clean(path.Join("xl", target))
		if path.IsAbs(target) {
			p = target[1:]
		}
		part, ok := b.parts[p]
		if !ok {
			b.tb.Fatalf("sheet %q: part %s missing", name, p)
		}
		return string(part)
	}
	b.tb.Fatalf("no sheet %q in the workbook; sheets are %q", name, b.SheetNames())
	return ""
}

func xmlUnescape(s string) string {
	var out string
	if err := xml.Unmarshal([]byte("<a>"+s+"</a>"), &out); err != nil {
		return s
	}
	return out
}

// Cells returns every cell of the sheet called name, by reference.
func (b *Book) Cells(name string) map[string]Cell {
	b.tb.Helper()
	var sh sheetXML
	if err := xml.Unmarshal([]byte(b.SheetXML(name)), &sh); err != nil {
		b.tb.Fatalf("parse sheet %q: %v", name, err)
	}
	out := map[string]Cell{}
	for _, r := range sh.Rows {
		for _, c := range r.Cells {
			out[c.Ref] = c
		}
	}
	return out
}

// Rows returns the shown text of every row of the sheet called name, as
// excelize reads it (numbers formatted by their number format).
func (b *Book) Rows(name string) [][]string {
	b.tb.Helper()
	rows, err := b.File.GetRows(name)
	if err != nil {
		b.tb.Fatalf("read rows of %q: %v", name, err)
	}
	return rows
}

// Style returns the style with id.
func (b *Book) Style(id int) *excelize.Style {
	b.tb.Helper()
	st, err := b.File.GetStyle(id)
	if err != nil {
		b.tb.Fatalf("style %d: %v", id, err)
	}
	return st
}

// NumFmt returns the number format of style id: its custom code, or
// "builtin:N" for Excel's built-in format N.
func (b *Book) NumFmt(id int) string {
	st := b.Style(id)
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return "builtin:" + strconv.Itoa(st.NumFmt)
}

// Bold reports whether style id has a bold font.
func (b *Book) Bold(id int) bool {
	st := b.Style(id)
	return st.Font != nil && st.Font.Bold
}

// PeakHeap runs fn and returns the largest Go heap in use (HeapAlloc)
// seen while it ran, sampling every millisecond, and the heap in use
// before it started, after a garbage collection. Samples can miss a peak
// shorter than the interval, so the result is a lower bound.
func PeakHeap(fn func()) (peak, before uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before, peak = m.HeapAlloc, m.HeapAlloc

	done := make(chan struct{})
	sampled := make(chan uint64)
	go func() {
		max := uint64(0)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > max {
				max = m.HeapAlloc
			}
			select {
			case <-done:
				sampled <- max
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	if s := <-sampled; s > peak {
		peak = s
	}
	return peak, before
}
