package importer_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/importer"
)

// attackWorkbook returns an .xlsx file of a patient sheet whose rows are
// written straight into the sheet's XML: the header, then rows copies of
// row, which may leave out the r="" row numbers as some programs do. The
// repeated rows compress to a file of a few kilobytes.
func attackWorkbook(t *testing.T, rows int, row string) []byte {
	t.Helper()
	f := newWorkbook(t)
	addSheet(t, f, "Pacientes").row(1, "Nome", "Telefone")
	f.DeleteSheet("Sheet1")
	var base bytes.Buffer
	if err := f.Write(&base); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(e.Name, "xl/worksheets/") {
			rc, err := e.Open()
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(w, rc)
			rc.Close()
			continue
		}
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
			`<row r="1"><c r="A1" t="inlineStr"><is><t>Nome</t></is></c>`+
			`<c r="B1" t="inlineStr"><is><t>Telefone</t></is></c></row>`)
		for range rows {
			io.WriteString(w, row)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// attackHugePart returns a valid workbook plus a part whose zip entry
// says it unpacks to 300 MB; the reader must refuse it from the zip
// directory, before unpacking anything.
func attackHugePart(t *testing.T) []byte {
	t.Helper()
	good := attackWorkbook(t, 1, attackPatientRow)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		if err := zw.Copy(e); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/media/image1.png",
		Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 300 << 20})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("PNG!"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// attackPatientRow is a patient row without a row number; its phone is a
// number cell, which makes the reader ask for cell types.
const attackPatientRow = `<row><c t="inlineStr"><is><t>Maria da Silva</t></is></c>` +
	`<c><v>11987654321</v></c></row>`

// TestAttackSpreadsheetBombs reads files of a few kilobytes that unpack to
// more rows, cells or bytes than a clinic has: each is refused quickly with
// CodeTooLarge. Before the limits, 64,000 such rows took 40 s and 2.4 GB
// of allocations, and the time grew with the square of the rows.
func TestAttackSpreadsheetBombs(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		file string
	}{
		{"rows without numbers", attackWorkbook(t, importer.MaxRows+1, attackPatientRow), "a.xlsx"},
		{"wide rows", attackWorkbook(t, 16000, "<row>"+strings.Repeat(
			`<c t="inlineStr"><is><t>Maria</t></is></c>`, 20)+"</row>"), "a.xlsx"},
		{"a huge part", attackHugePart(t), "a.xlsx"},
		{"csv rows", []byte("Nome;Telefone\n" + strings.Repeat("Maria da Silva;11987654321\n",
			importer.MaxRows+1)), "a.csv"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := importer.Options{Today: testToday}.Read(tc.file, bytes.NewReader(tc.data))
			var ve *clinic.ValueError
			if !errors.As(err, &ve) || ve.Code != importer.CodeTooLarge {
				t.Fatalf("file of %d KB: error %v, want CodeTooLarge", len(tc.data)>>10, err)
			}
			if !strings.Contains(ve.Message, "20.000 linhas") {
				t.Errorf("message %q does not give the limit", ve.Message)
			}
			if d := time.Since(start); d > time.Minute {
				t.Errorf("refusing took %v", d)
			}
		})
	}

	// At the limit the file is read, rows without numbers included.
	wb, err := importer.Options{Today: testToday}.Read("a.xlsx",
		bytes.NewReader(attackWorkbook(t, 1000, attackPatientRow)))
	if err != nil {
		t.Fatalf("1,000 rows: %v", err)
	}
	if len(wb.Patients) != 1000 {
		t.Errorf("%d patient rows, want 1000", len(wb.Patients))
	}
}

// TestAttackSpreadsheetDisguises reads files that are not what their
// names say: each gets a Portuguese file-level error, not a crash or an
// English one.
func TestAttackSpreadsheetDisguises(t *testing.T) {
	zipHead := []byte("PK\x03\x04 not really a zip")
	cases := []struct {
		name, file string
		data       []byte
		code       string
	}{
		{"text renamed to xlsx", "lista.xlsx", []byte("Nome;Telefone\nMaria;11987654321\n"), importer.CodeUnreadableFile},
		{"broken zip", "lista.xlsx", zipHead, importer.CodeUnreadableFile},
		{"broken zip named csv", "lista.csv", zipHead, importer.CodeUnreadableFile},
		{"old excel", "lista.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, importer.CodeUnsupportedFile},
		{"binary named csv", "lista.csv", bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000), importer.CodeNoHeader},
		{"empty", "lista.csv", nil, importer.CodeNoHeader},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importer.Options{Today: testToday}.Read(tc.file, bytes.NewReader(tc.data))
			var ve *clinic.ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v, want a *clinic.ValueError", err)
			}
			if ve.Code != tc.code {
				t.Errorf("code %q (%s), want %q", ve.Code, ve.Message, tc.code)
			}
		})
	}
}

// TestAttackSpreadsheetFormulaText checks that cells that look like
// spreadsheet formulas come in as plain text, never evaluated, and that a
// formula cell contributes its stored result only.
func TestAttackSpreadsheetFormulaText(t *testing.T) {
	f := newWorkbook(t)
	b := addSheet(t, f, "Pacientes")
	b.row(1, "Nome", "Telefone", "Observações")
	b.row(2, `=HYPERLINK("http://evil.example","Maria")`, "11987654321", "+SUM(1,2)")
	b.row(3, "Joana Prado", "11987654322", "@cmd")
	if err := f.SetCellFormula("Pacientes", "A3", `"Jo"&"ana Prado"`); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	wb, err := importer.Options{Today: testToday}.Read("a.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range wb.Patients {
		got = append(got, fmt.Sprintf("%s|%s", p.Name, p.Notes))
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, `=HYPERLINK("http://evil.example","Maria")`) {
		t.Errorf("a formula-looking name was not kept as typed: %q", joined)
	}
	if strings.Contains(joined, "&") {
		t.Errorf("a formula's text came in instead of its stored result: %q", joined)
	}
}

// TestAttackSpreadsheetControlCharacters checks that control characters
// inside names, which a spreadsheet or a CSV can carry although no form
// can, do not reach the stored name.
func TestAttackSpreadsheetControlCharacters(t *testing.T) {
	data := "Nome;Telefone\nAna\x00Maria Souza;11987654321\nJo\x1bão\x7f Lima;11987654322\n"
	wb, err := importer.Options{Today: testToday}.Read("a.csv", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range wb.Patients {
		got = append(got, p.Name)
	}
	want := []string{"AnaMaria Souza", "João Lima"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("names %q, want %q", got, want)
	}
}
