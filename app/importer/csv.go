package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"kpsicologia/app/clinic"
)

// readCSV reads a CSV file saved by a spreadsheet program. The encoding is
// UTF-8 (with or without a byte order mark) when the bytes are valid
// UTF-8, UTF-16 when they start with its byte order mark, and Windows-1252
// otherwise, the ANSI code page of Windows set to Portuguese. The
// separator is whichever of ";", "," and tab is most frequent in the
// header line.
func readCSV(name string, data []byte) (*table, error) {
	text, err := decodeCSV(data)
	if err != nil {
		return nil, err
	}

	reader := csv.NewReader(strings.NewReader(text))
	reader.Comma = csvSeparator(text)
	reader.FieldsPerRecord = -1
	// Hand-typed files have quotes inside unquoted fields (Maria "Mari"
	// Silva); lazy quotes keep them instead of failing the whole file.
	reader.LazyQuotes = true

	var rows []tableRow
	// filled counts rows with text and cellCount every cell, against
	// MaxRows and maxCells.
	num, filled, cellCount := 0, 0, 0
	var offset int64
	for {
		record, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &clinic.ValueError{Code: CodeUnreadableFile, Message: fmt.Sprintf(
				"Não foi possível ler o arquivo CSV perto da linha %d. Abra "+
					"no Excel ou no LibreOffice e salve de novo como CSV.", num+1)}
		}
		// encoding/csv skips empty lines, but a spreadsheet program shows
		// them as rows, so count them to keep row numbers as it shows.
		end := reader.InputOffset()
		num += 1 + leadingBlankLines(text[offset:end])
		offset = end

		cells := make([]cell, len(record))
		for i, value := range record {
			cells[i] = cell{text: value}
		}
		cellCount += len(cells)
		if !blankRow(tableRow{cells: cells}) {
			filled++
		}
		if filled > MaxRows || cellCount > maxCells {
			return nil, errTooLarge
		}
		rows = append(rows, tableRow{num: num, cells: cells})
	}
	return newTable(name, rows), nil
}

func decodeCSV(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		decoded, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", &clinic.ValueError{Code: CodeUnreadableFile, Message: "O " +
				"arquivo está corrompido. Abra no Excel ou no LibreOffice e " +
				"salve de novo como CSV UTF-8."}
		}
		return string(decoded), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("importer: decode Windows-1252: %w", err)
	}
	return string(decoded), nil
}

// csvSeparator counts the candidate separators outside quotes in the
// first non-blank line. Ties go to ";", the separator of spreadsheet
// programs set to Portuguese.
func csvSeparator(text string) rune {
	counts := map[rune]int{}
	inQuotes := false
	started := false
	for _, r := range text {
		if r == '"' {
			inQuotes = !inQuotes
		}
		if (r == '\n' || r == '\r') && !inQuotes {
			if started {
				break
			}
			continue
		}
		started = true
		if !inQuotes {
			counts[r]++
		}
	}
	best := ';'
	for _, sep := range []rune{',', '\t'} {
		if counts[sep] > counts[best] {
			best = sep
		}
	}
	return best
}

// leadingBlankLines counts the empty lines at the start of s.
func leadingBlankLines(s string) int {
	n := 0
	for {
		switch {
		case strings.HasPrefix(s, "\r\n"):
			s = s[2:]
		case strings.HasPrefix(s, "\n"):
			s = s[1:]
		default:
			return n
		}
		n++
	}
}
