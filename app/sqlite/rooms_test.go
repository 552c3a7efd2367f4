package sqlite

import (
	"context"
	"testing"
	"time"

	"kpsicologia/app/clinic"
)

func registryRoom(tb testing.TB, db *DB, unitID int64, name string) int64 {
	tb.Helper()
	id, err := db.CreateRoom(context.Background(), adminActor, RoomInput{
		UnitID: unitID, Name: name, Color: "#AABBCC", Active: true,
		Hours: DefaultRoomHours()})
	if err != nil {
		tb.Fatalf("CreateRoom %s: %v", name, err)
	}
	return id
}

func TestCreateRoomHours(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	unit := registryUnit(t, db, "Centro")
	hours := DefaultRoomHours()
	hours[time.Monday] = DayHours{Opens: "7:30", Closes: "21h"}
	hours[time.Saturday] = DayHours{Opens: "08:00", Closes: "13:00"}
	id, err := db.CreateRoom(ctx, adminActor, RoomInput{UnitID: unit,
		Name: "Sala 1", Color: "#AABBCC", Active: true, Hours: hours})
	if err != nil {
		t.Fatalf("CreateRoom: %v", err)
	}
	r, err := db.Room(ctx, id)
	if err != nil {
		t.Fatalf("Room: %v", err)
	}
	if r.Color != "#aabbcc" || r.UnitName != "Centro" {
		t.Errorf("room = %+v", r)
	}
	if got := r.Hours[time.Monday]; got != (DayHours{"07:30", "21:00"}) {
		t.Errorf("monday = %+v", got)
	}
	if got := r.Hours[time.Saturday]; got != (DayHours{"08:00", "13:00"}) {
		t.Errorf("saturday = %+v", got)
	}
	if !r.Hours[time.Sunday].Closed() {
		t.Errorf("sunday = %+v, want closed", r.Hours[time.Sunday])
	}
	if n := registryCount(t, db, "SELECT count(*) FROM room_hours WHERE room_id = ?", id); n != 6 {
		t.Errorf("room_hours rows = %d, want 6", n)
	}
	open := r.Opening()
	if _, ok := open.Open[time.Sunday]; ok {
		t.Error("Opening has sunday")
	}
	if got := open.Open[time.Saturday]; got.End != clinic.MustClock("13:00") {
		t.Errorf("Opening saturday = %v", got)
	}
}

func TestCreateRoomInvalid(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	unit := registryUnit(t, db, "Centro")
	registryRoom(t, db, unit, "Sala 1")
	withHours := func(w time.Weekday, h DayHours) RoomInput {
		hours := DefaultRoomHours()
		hours[w] = h
		return RoomInput{UnitID: unit, Name: "Sala 9", Hours: hours}
	}
	tests := []struct {
		name  string
		in    RoomInput
		field string
	}{
		{"blank name", RoomInput{UnitID: unit}, "name"},
		{"duplicate folded", RoomInput{UnitID: unit, Name: "SALA 1"}, "name"},
		{"bad colour", RoomInput{UnitID: unit, Name: "X", Color: "red"}, "color"},
		{"closes before opens", withHours(time.Tuesday, DayHours{"18:00", "08:00"}), "closes_2"},
		{"equal times", withHours(time.Tuesday, DayHours{"08:00", "08:00"}), "closes_2"},
		{"opens missing", withHours(time.Saturday, DayHours{"", "12:00"}), "opens_6"},
		{"closes missing", withHours(time.Sunday, DayHours{"09:00", ""}), "closes_0"},
		{"not a time", withHours(time.Monday, DayHours{"8", "18:00"}), "opens_1"},
		{"minute 60", withHours(time.Monday, DayHours{"08:00", "18:60"}), "closes_1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.CreateRoom(ctx, adminActor, tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			if registryFieldError(err, tt.field) == "" {
				t.Errorf("no message for %s: %v", tt.field, err)
			}
		})
	}
	_, err := db.CreateRoom(ctx, adminActor, RoomInput{UnitID: 999, Name: "X"})
	if clinic.ErrorCode(err) != clinic.ErrNotFound {
		t.Errorf("missing unit: %v", err)
	}
	if n := registryCount(t, db, "SELECT count(*) FROM rooms"); n != 1 {
		t.Errorf("rooms = %d, want 1", n)
	}
}

func TestUpdateRoom(t *testing.T) {
	db := mustOpen(t, testNow)
	ctx := context.Background()
	unit := registryUnit(t, db, "Centro")
	id := registryRoom(t, db, unit, "Sala 1")
	registryRoom(t, db, unit, "Sala 2")
	var hours [7]DayHours
	hours[time.Wednesday] = DayHours{"10:00", "14:00"}
	err := db.UpdateRoom(ctx, adminActor, id, RoomInput{Name: "Sala 1A",
		Color: "#112233", Active: false, Hours: hours})
	if err != nil {
		t.Fatalf("UpdateRoom: %v", err)
	}
	r, _ := db.Room(ctx, id)
	if r.Name != "Sala 1A" || r.Active || r.Hours != hours {
		t.Errorf("room = %+v", r)
	}
	err = db.UpdateRoom(ctx, adminActor, id, RoomInput{Name: "sala 2"})
	if clinic.ErrorCode(err) != clinic.ErrConflict {
		t.Errorf("rename to a sibling's name: %v", err)
	}
	choices, err := db.RoomChoices(ctx)
	if err != nil {
		t.Fatalf("RoomChoices: %v", err)
	}
	if len(choices) != 1 || choices[0].Name != "Centro · Sala 2" {
		t.Errorf("choices = %+v, want only the active room", choices)
	}
}
