package sqlite

import (
	"fmt"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

// scheduleBenchClinic fills a clinic of 40 psychologists, 40 rooms and
// 2,000 patients, each patient with a weekly series, and returns it with
// the time the series took to book (24,000 session rows at the 12-week
// horizon).
func scheduleBenchClinic(b *testing.B) (*scheduleClinic, time.Duration) {
	b.Helper()
	c := scheduleFixture(b, testNow)
	ts := "2026-01-01T00:00:00Z"
	var psys, rooms []int64
	for i := range 40 {
		psys = append(psys, mustExec(b, c.db, `INSERT INTO psychologists (name, created_at,
			updated_at) VALUES (?, ?, ?)`, fmt.Sprintf("Psicóloga %02d", i), ts, ts))
	}
	for i := range 40 {
		rooms = append(rooms, mustExec(b, c.db, `INSERT INTO rooms (unit_id, name)
			VALUES (1, ?)`, fmt.Sprintf("Consultório %02d", i)))
	}
	start := time.Now()
	// Patient i meets psychologist i%40 in room i%40 in slot i/40, one of
	// 50 weekly slots (Monday to Friday, 08:00 to 17:00), so no two
	// series clash.
	for i := range 2000 {
		psy, room := psys[i%40], rooms[i%40]
		slot := i / 40
		weekday := 1 + slot%5
		hour := 8 + slot/5
		p := c.patient(b, fmt.Sprintf("Paciente %04d Teste", i), psy, 15000)
		first, _ := AnchorOn("2026-12-07", time.Weekday(weekday))
		n := NewSeries{PatientID: p, PsychologistID: psy, RoomID: room,
			Modality: ModalityInPerson, FirstDate: first,
			Start: fmt.Sprintf("%02d:00", hour), Minutes: 50, Frequency: clinic.Weekly}
		if _, err := c.db.CreateSeries(c.ctx, adminActor, n); err != nil {
			b.Fatalf("series %d: %v", i, err)
		}
	}
	return c, time.Since(start)
}

// BenchmarkScheduleCreateSession books one-off sessions in a full clinic:
// each booking checks conflicts against the stored sessions and every
// series of the same psychologist, room and patient.
func BenchmarkScheduleCreateSession(b *testing.B) {
	c, seriesTime := scheduleBenchClinic(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		date := clinic.MustDate("2026-12-12").AddDays(7 * (i % 50))
		n := c.oneOff(c.maria, c.paula, c.room1, date.String(), fmt.Sprintf("%02d:00", 8+i/50%10), 50)
		n.Override, n.OverrideReason = true, "benchmark"
		if _, err := c.db.CreateSession(c.ctx, adminActor, n); err != nil && clinic.ErrorCode(err) != clinic.ErrConflict {
			b.Fatal(err)
		}
	}
	// ResetTimer drops reported metrics, so the series time goes last.
	b.ReportMetric(float64(seriesTime.Microseconds())/2000/1000, "ms/series-booking")
}

// BenchmarkScheduleExtendWeek extends the horizon of 2,000 weekly series
// by one week per iteration: 2,000 new rows, as on a normal morning.
func BenchmarkScheduleExtendWeek(b *testing.B) {
	c, _ := scheduleBenchClinic(b)
	until := clinic.MustDate("2027-02-26")
	for b.Loop() {
		until = until.AddDays(7)
		if err := c.db.EnsureHorizon(c.ctx, until.String()); err != nil {
			b.Fatal(err)
		}
	}
}
