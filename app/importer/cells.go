package importer

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"kpsicologia/app/clinic"
)

// The 1900 date system of Excel counts 1 as 1900-01-01 and, copying a
// Lotus 1-2-3 bug, has a day 60 for 1900-02-29, which never existed. From
// day 61 on, serial n is 1899-12-30 plus n days. The 1904 system (old Mac
// files) counts 0 as 1904-01-01.
var (
	excelEpoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	excelEpoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// serialDate converts the raw serial of a date cell to "YYYY-MM-DD",
// dropping any time of day. It uses exact rational arithmetic, so no
// float rounding can move a date.
func serialDate(raw string, date1904 bool) (string, error) {
	r, ok := new(big.Rat).SetString(raw)
	if !ok || r.Sign() < 0 {
		return "", badSerial()
	}
	// The quotient of numerator and denominator is the whole days, since
	// the serial is not negative.
	days := new(big.Int).Quo(r.Num(), r.Denom())
	if !days.IsInt64() || days.Int64() > 100_000 {
		return "", badSerial()
	}
	n := int(days.Int64())
	var t time.Time
	switch {
	case date1904:
		t = excelEpoch1904.AddDate(0, 0, n)
	case n == 0 || n == 60:
		return "", badSerial()
	case n < 60:
		t = excelEpoch1900.AddDate(0, 0, n+1)
	default:
		t = excelEpoch1900.AddDate(0, 0, n)
	}
	return clinic.ParseISODate(t.Format(time.DateOnly))
}

func badSerial() error {
	return &clinic.ValueError{Code: clinic.CodeInvalidDate, Message: "A célula " +
		"tem formato de data, mas o valor não é uma data. Digite a data " +
		"como dd/mm/aaaa, por exemplo 04/12/2026."}
}

// serialTime converts the raw value of a time cell (a fraction of a day,
// maybe after whole days) to "HH:MM", rounded to the nearest minute.
func serialTime(raw string) (string, error) {
	r, ok := new(big.Rat).SetString(raw)
	bad := &clinic.ValueError{Code: clinic.CodeInvalidTime, Message: "A " +
		"célula tem formato de hora, mas o valor não é um horário. Digite " +
		"o horário como 14:50."}
	if !ok || r.Sign() < 0 {
		return "", bad
	}
	minutesPerDay := big.NewInt(24 * 60)
	// Rounded minutes = floor((fraction × 1440 × 2 + 1) / 2), on the
	// numerator and denominator directly.
	num := new(big.Int).Mul(r.Num(), minutesPerDay)
	num.Mul(num, big.NewInt(2)).Add(num, r.Denom())
	den := new(big.Int).Mul(r.Denom(), big.NewInt(2))
	total := new(big.Int).Quo(num, den)
	minutes := new(big.Int).Mod(total, minutesPerDay).Int64()
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60), nil
}

// numberCents converts the raw value of a number cell (a price typed as a
// number, maybe in a currency format) to cents. Excel stores binary
// floating point, so 150.3 may come back as "150.30000000000001": values
// within a thousandth of a cent of a whole cent are that cent, and
// anything else has more than two decimal places and is rejected.
func numberCents(raw string) (int64, error) {
	r, ok := new(big.Rat).SetString(raw)
	notMoney := &clinic.ValueError{Code: clinic.CodePriceNotNumber, Message: "O " +
		"valor tem mais de duas casas decimais ou não é um valor em reais. " +
		"Digite, por exemplo, 150,00."}
	if !ok {
		return 0, notMoney
	}
	if r.Sign() < 0 {
		return 0, &clinic.ValueError{Code: clinic.CodePriceNotNumber, Message: "Não " +
			"pode ser negativo. Digite o valor sem o sinal de menos, por " +
			"exemplo 150,00."}
	}
	cents := new(big.Rat).Mul(r, big.NewRat(100, 1))
	whole := new(big.Int).Quo(cents.Num(), cents.Denom())
	// Round half up: compare the remainder with half a cent.
	rest := new(big.Rat).Sub(cents, new(big.Rat).SetInt(whole))
	if rest.Cmp(big.NewRat(1, 2)) >= 0 {
		whole.Add(whole, big.NewInt(1))
	}
	diff := new(big.Rat).Sub(cents, new(big.Rat).SetInt(whole))
	if diff.Abs(diff).Cmp(big.NewRat(1, 1000)) > 0 {
		return 0, notMoney
	}
	if !whole.IsInt64() || whole.Int64() > maxCents {
		return 0, &clinic.ValueError{Code: clinic.CodePriceNotNumber, Message: "É " +
			"grande demais para um valor da clínica. Confira os dígitos."}
	}
	return whole.Int64(), nil
}

// maxCents is the largest amount clinic.ParseMoney accepts,
// R$ 999.999.999,99.
const maxCents = 99_999_999_999

// numberDigits converts the raw value of a number cell that should hold
// digits (a CPF or phone typed as a number) to its decimal digits, or ""
// when it is not a whole number. "1.1987654321E10" becomes "11987654321".
func numberDigits(raw string) string {
	r, ok := new(big.Rat).SetString(raw)
	if !ok || r.Sign() < 0 || !r.IsInt() {
		return ""
	}
	return r.Num().String()
}

// cellText returns the text of a cell for a free-text field. A whole
// number stored as a number loses any E notation; other cells are
// returned as stored.
func cellText(c cell) string {
	if c.kind == kindNumber {
		if digits := numberDigits(c.text); digits != "" {
			return digits
		}
	}
	return strings.TrimSpace(c.text)
}
