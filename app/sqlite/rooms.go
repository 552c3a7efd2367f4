package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"kpsicologia/app/clinic"
)

// DayHours is a room's opening hours on one weekday as "HH:MM" text. Both
// empty means the room is closed that day.
type DayHours struct {
	Opens  string
	Closes string
}

// Closed reports whether the room is closed that day.
func (h DayHours) Closed() bool { return h.Opens == "" && h.Closes == "" }

// Room is a consulting room (sala) in a unit. Rooms are deactivated, never
// deleted, because sessions refer to them.
type Room struct {
	ID       int64
	UnitID   int64
	UnitName string
	Name     string
	Color    string // "#rrggbb"
	Active   bool
	// Hours is indexed by time.Weekday (0 = Sunday), the same numbering
	// as room_hours.weekday.
	Hours [7]DayHours
}

// Opening returns the room's hours in the form the availability rules
// take: weekdays without hours are missing from the map (closed).
func (r Room) Opening() clinic.RoomHours {
	rh := clinic.RoomHours{Name: r.Name, Open: map[time.Weekday]clinic.Interval{}}
	for w, h := range r.Hours {
		if h.Closed() {
			continue
		}
		opens, err1 := clinic.ParseClock(h.Opens)
		closes, err2 := clinic.ParseClock(h.Closes)
		if err1 == nil && err2 == nil {
			rh.Open[time.Weekday(w)] = clinic.Interval{Start: opens, End: closes}
		}
	}
	return rh
}

// RoomInput is a room as typed on its form. Hours is indexed by
// time.Weekday; a day with both times blank is closed.
type RoomInput struct {
	UnitID int64
	Name   string
	Color  string
	Active bool
	Hours  [7]DayHours
}

// DefaultRoomHours returns the hours a new room's form starts with:
// weekdays 08:00-20:00, Saturday 08:00-12:00, closed on Sunday.
func DefaultRoomHours() [7]DayHours {
	var h [7]DayHours
	for w := time.Monday; w <= time.Friday; w++ {
		h[w] = DayHours{Opens: "08:00", Closes: "20:00"}
	}
	h[time.Saturday] = DayHours{Opens: "08:00", Closes: "12:00"}
	return h
}

// HoursField returns the form field name of a weekday's opening
// ("opens_1") or closing ("closes_1") time.
func HoursField(kind string, w time.Weekday) string {
	return kind + "_" + strconv.Itoa(int(w))
}

func (in RoomInput) parse() (Room, error) {
	fe := clinic.FieldErrors{}
	r := Room{UnitID: in.UnitID, Active: in.Active}
	r.Name = clinic.NormalizeName(in.Name)
	if r.Name == "" {
		fe.Add("name", "Digite o nome ou número da sala, por exemplo Sala 1.")
	}
	limitText(fe, "name", r.Name, 60)
	var err error
	r.Color, err = parseColor(in.Color, "#6c757d")
	addValueError(fe, "color", err)
	for w := range in.Hours {
		r.Hours[w] = parseDayHours(fe, time.Weekday(w), in.Hours[w])
	}
	return r, fe.Err()
}

// parseDayHours checks one weekday's pair of times and returns them as
// "HH:MM", recording problems under that day's field names.
func parseDayHours(fe clinic.FieldErrors, w time.Weekday, in DayHours) DayHours {
	opensField, closesField := HoursField("opens", w), HoursField("closes", w)
	// Portuguese writes "no sábado", "no domingo" but "na segunda-feira".
	day := "na " + clinic.WeekdayName(w)
	if w == time.Saturday || w == time.Sunday {
		day = "no " + clinic.WeekdayName(w)
	}

	opensText, closesText := trimClock(in.Opens), trimClock(in.Closes)
	if opensText == "" && closesText == "" {
		return DayHours{}
	}
	if opensText == "" {
		fe.Add(opensField, "Digite a hora em que a sala abre "+day+
			", ou apague também a hora de fechar para deixar o dia fechado.")
		return DayHours{}
	}
	if closesText == "" {
		fe.Add(closesField, "Digite a hora em que a sala fecha "+day+
			", ou apague também a hora de abrir para deixar o dia fechado.")
		return DayHours{}
	}

	opens, err := clinic.ParseClock(opensText)
	if err != nil || opens == clinic.EndOfDay {
		fe.Add(opensField, "Digite a hora de abrir com horas e minutos, "+
			"de 00:00 a 23:59, por exemplo 08:00.")
		return DayHours{}
	}
	closes, err := clinic.ParseClock(closesText)
	if err != nil {
		fe.Add(closesField, "Digite a hora de fechar com horas e minutos, "+
			"de 00:00 a 24:00, por exemplo 20:00.")
		return DayHours{}
	}
	if closes <= opens {
		fe.Add(closesField, "A hora de fechar precisa ser depois da hora "+
			"de abrir ("+opens.String()+").")
		return DayHours{}
	}
	return DayHours{Opens: opens.String(), Closes: closes.String()}
}

func trimClock(s string) string {
	return clinic.NormalizeName(s)
}

var errRoomNotFound = clinic.Errorf(clinic.ErrNotFound, "Sala não encontrada.")

// listRooms returns the rooms of one unit, or of every unit when unitID
// is 0, with their hours, in two queries.
func listRooms(ctx context.Context, q querier, unitID int64) ([]Room, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.unit_id, u.name,
		r.name, r.color, r.active
		FROM rooms r JOIN units u ON u.id = r.unit_id
		WHERE ?1 = 0 OR r.unit_id = ?1
		ORDER BY r.active DESC, r.name COLLATE NOCASE`, unitID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list rooms: %w", err)
	}
	var rooms []Room
	index := map[int64]int{}
	for rows.Next() {
		var r Room
		err := rows.Scan(&r.ID, &r.UnitID, &r.UnitName, &r.Name, &r.Color, &r.Active)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: scan room: %w", err)
		}
		index[r.ID] = len(rooms)
		rooms = append(rooms, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list rooms: %w", err)
	}

	hours, err := q.QueryContext(ctx, `SELECT h.room_id, h.weekday, h.opens,
		h.closes FROM room_hours h JOIN rooms r ON r.id = h.room_id
		WHERE ?1 = 0 OR r.unit_id = ?1`, unitID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list room hours: %w", err)
	}
	defer hours.Close()
	for hours.Next() {
		var roomID int64
		var w int
		var h DayHours
		if err := hours.Scan(&roomID, &w, &h.Opens, &h.Closes); err != nil {
			return nil, fmt.Errorf("sqlite: scan room hours: %w", err)
		}
		if i, ok := index[roomID]; ok && w >= 0 && w < 7 {
			rooms[i].Hours[w] = h
		}
	}
	return rooms, hours.Err()
}

// Rooms returns the rooms of a unit (every unit when unitID is 0), active
// ones first, with their opening hours.
func (db *DB) Rooms(ctx context.Context, unitID int64) ([]Room, error) {
	var rooms []Room
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		rooms, err = listRooms(ctx, tx, unitID)
		return err
	})
	return rooms, err
}

// Room returns one room with its opening hours.
func (db *DB) Room(ctx context.Context, id int64) (Room, error) {
	var r Room
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		return readRoom(ctx, tx, id, &r)
	})
	return r, err
}

func readRoom(ctx context.Context, q querier, id int64, r *Room) error {
	err := q.QueryRowContext(ctx, `SELECT r.id, r.unit_id, u.name, r.name,
		r.color, r.active FROM rooms r JOIN units u ON u.id = r.unit_id
		WHERE r.id = ?`, id).Scan(&r.ID, &r.UnitID, &r.UnitName, &r.Name,
		&r.Color, &r.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return errRoomNotFound
	}
	if err != nil {
		return fmt.Errorf("sqlite: read room %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT weekday, opens, closes
		FROM room_hours WHERE room_id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: read room hours: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var w int
		var h DayHours
		if err := rows.Scan(&w, &h.Opens, &h.Closes); err != nil {
			return fmt.Errorf("sqlite: scan room hours: %w", err)
		}
		if w >= 0 && w < 7 {
			r.Hours[w] = h
		}
	}
	return rows.Err()
}

// RoomChoices returns the active rooms of active units as "Unit · Room",
// for pickers.
func (db *DB) RoomChoices(ctx context.Context) ([]clinic.Choice, error) {
	return db.choices(ctx, `SELECT r.id, u.name || ' · ' || r.name
		FROM rooms r JOIN units u ON u.id = r.unit_id
		WHERE r.active = 1 AND u.active = 1
		ORDER BY u.name COLLATE NOCASE, r.name COLLATE NOCASE`)
}

// checkRoomName rejects a name another room of the same unit has,
// ignoring case and accents. rooms has UNIQUE (unit_id, name), but that
// index is case-sensitive and would let "Sala 1" and "sala 1" coexist.
func checkRoomName(ctx context.Context, tx *sql.Tx, unitID int64, name string, self int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM rooms
		WHERE unit_id = ? AND id <> ?`, unitID, self)
	if err != nil {
		return fmt.Errorf("sqlite: check room name: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return fmt.Errorf("sqlite: scan room name: %w", err)
		}
		if clinic.Fold(other) == clinic.Fold(name) {
			return &clinic.Error{Code: clinic.ErrConflict,
				Message: "Esta unidade já tem uma sala com esse nome.",
				Fields: clinic.FieldErrors{"name": "A unidade já tem a " +
					other + ". Use outro nome ou número."}}
		}
	}
	return rows.Err()
}

// writeRoomHours replaces a room's opening hours.
func writeRoomHours(ctx context.Context, tx *sql.Tx, roomID int64, hours [7]DayHours) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM room_hours WHERE room_id = ?", roomID)
	if err != nil {
		return fmt.Errorf("sqlite: clear room hours: %w", err)
	}
	for w, h := range hours {
		if h.Closed() {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO room_hours (room_id,
			weekday, opens, closes) VALUES (?, ?, ?, ?)`, roomID, w,
			h.Opens, h.Closes)
		if err != nil {
			return fmt.Errorf("sqlite: insert room hours: %w", err)
		}
	}
	return nil
}

// CreateRoom stores a new room in in.UnitID with its hours and returns
// its id.
func (db *DB) CreateRoom(ctx context.Context, who clinic.Actor, in RoomInput) (int64, error) {
	r, err := in.parse()
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		var unitName string
		err := tx.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?",
			r.UnitID).Scan(&unitName)
		if errors.Is(err, sql.ErrNoRows) {
			return errUnitNotFound
		}
		if err != nil {
			return fmt.Errorf("sqlite: read unit %d: %w", r.UnitID, err)
		}
		if err := checkRoomName(ctx, tx, r.UnitID, r.Name, 0); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO rooms (unit_id, name,
			color, active) VALUES (?, ?, ?, ?)`, r.UnitID, r.Name, r.Color,
			r.Active)
		if err != nil {
			return fmt.Errorf("sqlite: insert room: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert room: %w", err)
		}
		if err := writeRoomHours(ctx, tx, id, r.Hours); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "create", "room", id,
			unitName+" · "+r.Name)
	})
	return id, err
}

// UpdateRoom replaces a room's name, colour, active flag and hours. The
// room stays in its unit; in.UnitID is ignored.
//
// TODO: sessions already booked outside the new hours are kept as they
// are; the agenda's conflict checks apply to new bookings only.
func (db *DB) UpdateRoom(ctx context.Context, who clinic.Actor, id int64, in RoomInput) error {
	r, err := in.parse()
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		var current Room
		if err := readRoom(ctx, tx, id, &current); err != nil {
			return err
		}
		if err := checkRoomName(ctx, tx, current.UnitID, r.Name, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE rooms SET name = ?, color = ?,
			active = ? WHERE id = ?`, r.Name, r.Color, r.Active, id)
		if err != nil {
			return fmt.Errorf("sqlite: update room %d: %w", id, err)
		}
		if err := writeRoomHours(ctx, tx, id, r.Hours); err != nil {
			return err
		}
		return db.audit(ctx, tx, who, "update", "room", id,
			current.UnitName+" · "+r.Name)
	})
}
