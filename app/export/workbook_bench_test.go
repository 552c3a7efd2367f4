package export

import (
	"fmt"
	"io"
	"testing"
	"time"

	"kpsicologia/app/export/xlsxtest"
)

var benchmarkColumns = []Column{
	{Header: "Paciente", Kind: Text}, {Header: "CPF", Kind: CPF},
	{Header: "Data", Kind: Date}, {Header: "Lançamento", Kind: Text},
	{Header: "Descrição", Kind: Text}, {Header: "Psicóloga", Kind: Text},
	{Header: "Forma", Kind: Text}, {Header: "Cobrado", Kind: Money},
	{Header: "Pago", Kind: Money}, {Header: "Saldo", Kind: Money},
}

// benchmarkWorkbook writes rows ledger-like rows.
func benchmarkWorkbook(b *testing.B, rows int) *Workbook {
	b.Helper()
	w, err := New(exportLoc(b))
	if err != nil {
		b.Fatal(err)
	}
	sh, err := w.AddSheet("Lançamentos", benchmarkColumns...)
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		date := day.AddDate(0, 0, i%365).Format(time.DateOnly)
		err := sh.Append(fmt.Sprintf("Paciente %05d", i%2000), "01234567890",
			date, "Cobrança", "Sessão de 01/12/2026 às 14:00", "Dra. Ana Lima",
			"PIX", int64(11690), nil, int64(i))
		if err != nil {
			b.Fatal(err)
		}
	}
	return w
}

// BenchmarkWorkbook compares the peak Go heap of writing a 100,000- and a
// 400,000-row sheet through this package's WriteTo, which zips straight
// into the destination, with excelize's WriteToBuffer, which builds the
// whole zip in memory first. Run with:
//
//	go test ./app/export -bench Workbook -benchtime 1x -run '^$'
func BenchmarkWorkbook(b *testing.B) {
	cases := []struct {
		name  string
		write func(w *Workbook) (int64, error)
	}{
		{"write-through", func(w *Workbook) (int64, error) { return w.WriteTo(io.Discard) }},
		{"excelize-buffer", func(w *Workbook) (int64, error) {
			if err := w.finishCurrent(); err != nil {
				return 0, err
			}
			buf, err := w.file.WriteToBuffer()
			if err != nil {
				return 0, err
			}
			return int64(buf.Len()), nil
		}},
	}
	for _, rows := range []int{100_000, 400_000} {
		for _, tc := range cases {
			b.Run(fmt.Sprintf("%s-%dk", tc.name, rows/1000), func(b *testing.B) {
				benchmarkWrite(b, rows, tc.write)
			})
		}
	}
}

func benchmarkWrite(b *testing.B, rows int, write func(w *Workbook) (int64, error)) {
	for range b.N {
		var size int64
		var err error
		peak, before := xlsxtest.PeakHeap(func() {
			w := benchmarkWorkbook(b, rows)
			defer w.Close()
			size, err = write(w)
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(peak-before)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(size)/(1<<20), "file-MiB")
	}
}
