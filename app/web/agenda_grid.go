package web

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// agendaColumn is one room, one psychologist or the online sessions: a
// column of the day grid or a row of the week matrix.
type agendaColumn struct {
	Title    string
	Subtitle string
	Href     string
	Style    template.CSS // the psychologist's colour for her marker
	roomID   int64
	psyID    int64
	online   bool
	room     *sqlite.AgendaRoom
	psy      *sqlite.AgendaPsychologist
}

// agendaColumns returns the columns the filters select. For
// psychologists it keeps those who work in the range or have sessions in
// it, unless p.All. fallback reports that nobody did, so all are shown.
func agendaColumns(p agendaParams, a *sqlite.Agenda) ([]agendaColumn, bool) {
	if p.By == "psychologist" {
		return agendaPsychologistColumns(p, a)
	}
	withSessions := map[int64]bool{}
	online := false
	for _, s := range a.Sessions {
		withSessions[s.RoomID] = true
		online = online || s.RoomID == 0
	}
	var cols []agendaColumn
	if p.Modality != "online" {
		for i := range a.Rooms {
			rm := &a.Rooms[i]
			shown := rm.Active && (p.UnitID == 0 || rm.UnitID == p.UnitID) &&
				(p.RoomID == 0 || rm.ID == p.RoomID)
			if !shown && !withSessions[rm.ID] {
				continue
			}
			col := agendaColumn{Title: rm.Name, roomID: rm.ID, room: rm,
				Href: p.roomWeekURL(rm.ID)}
			if p.UnitID == 0 {
				col.Subtitle = rm.UnitName
			}
			cols = append(cols, col)
		}
	}
	if p.RoomID == 0 && (online || p.Modality == "online") {
		cols = append(cols, agendaColumn{Title: "Online", Subtitle: "sem sala", online: true})
	}
	return cols, false
}

func (p agendaParams) roomWeekURL(roomID int64) string {
	v := p
	v.View, v.RoomID = "week", roomID
	return v.url()
}

func agendaPsychologistColumns(p agendaParams, a *sqlite.Agenda) ([]agendaColumn, bool) {
	from, to := p.span()
	withSessions := map[int64]bool{}
	for _, s := range a.Sessions {
		withSessions[s.PsychologistID] = true
	}
	var all, working []agendaColumn
	for i := range a.Psychologists {
		ps := &a.Psychologists[i]
		candidate := ps.Active && ps.InUnit(p.UnitID) &&
			(p.PsychologistID == 0 || ps.ID == p.PsychologistID)
		if !candidate && !withSessions[ps.ID] {
			continue
		}
		col := agendaColumn{Title: ps.Name, psyID: ps.ID, psy: ps,
			Style: template.CSS(agendaColorStyle(ps.Color)),
			Href:  "/psychologists/" + strconv.FormatInt(ps.ID, 10) + "/agenda?date=" + p.Date.String()}
		all = append(all, col)
		if withSessions[ps.ID] || agendaWorks(ps, from, to, p.UnitID) {
			working = append(working, col)
		}
	}
	if p.All || p.PsychologistID != 0 {
		return all, false
	}
	if len(working) == 0 && len(all) > 0 {
		return all, true
	}
	return working, false
}

// agendaWorks reports whether ps has hours on some day from from to to
// in unit and is not blocked on it.
func agendaWorks(ps *sqlite.AgendaPsychologist, from, to clinic.Date, unit int64) bool {
	for d := from; !d.After(to); d = d.AddDays(1) {
		if _, blocked := ps.BlockOn(d); !blocked && len(ps.HoursOn(d, unit)) > 0 {
			return true
		}
	}
	return false
}

// matches reports whether s belongs in the column.
func (c agendaColumn) matches(s sqlite.AgendaSession) bool {
	switch {
	case c.online:
		return s.RoomID == 0
	case c.room != nil:
		return s.RoomID == c.roomID
	}
	return s.PsychologistID == c.psyID
}

// availability returns what the column allows on d: the times open for
// booking (nil: the whole day), whether times outside them may still be
// booked, and a note for a closed or blocked column.
func (c agendaColumn) availability(d clinic.Date, unit int64) (open []clinic.Interval, bookableOutside bool, note string) {
	switch {
	case c.room != nil:
		hours, ok := c.room.Hours[d.Weekday()]
		if !ok {
			return []clinic.Interval{}, false, "Fechada neste dia"
		}
		return []clinic.Interval{hours}, false, ""
	case c.psy != nil:
		if b, blocked := c.psy.BlockOn(d); blocked {
			return []clinic.Interval{}, false, agendaBlockText(b)
		}
		if len(c.psy.Weekly) == 0 && len(c.psy.Extra) == 0 {
			return nil, true, ""
		}
		hours := c.psy.HoursOn(d, unit)
		if len(hours) == 0 {
			return []clinic.Interval{}, true, "Não atende neste dia"
		}
		return hours, true, ""
	}
	return nil, true, ""
}

// newSessionURL returns the booking form's URL for the column on d at t
// (no time when t is negative).
func (c agendaColumn) newSessionURL(d clinic.Date, t clinic.Clock) string {
	at := ""
	if t >= 0 {
		at = t.String()
	}
	modality := ""
	if c.online {
		modality = "online"
	}
	return agendaNewSessionURL("date", d.String(), "time", at,
		"room_id", strconv.FormatInt(c.roomID, 10),
		"psychologist_id", strconv.FormatInt(c.psyID, 10), "modality", modality)
}

// The day grid's geometry: one grid row per agendaRowMinutes, empty
// cells of agendaSlotMinutes, and 07:00-22:00 unless sessions or rooms
// need more.
const (
	agendaRowMinutes  = 5
	agendaSlotMinutes = 30
	agendaDayStart    = 7 * 60
	agendaDayEnd      = 22 * 60
)

// agendaDayGrid is the day view: every header, time label, empty cell,
// block and the current-time line, each placed on a CSS grid by an
// inline style.
type agendaDayGrid struct {
	Style   template.CSS
	Columns []agendaGridHeader
	Times   []agendaGridItem
	Slots   []agendaGridItem
	Blocks  []agendaBlock
	Now     *agendaGridItem
	Empty   bool
}

// agendaGridHeader is a column header of the day grid.
type agendaGridHeader struct {
	agendaColumn
	Place template.CSS
	Note  string
}

// agendaGridItem is a placed cell: a time label, an empty cell or the
// current-time line.
type agendaGridItem struct {
	Place template.CSS
	Text  string
	Href  string
	Class string
	Label string
}

// agendaGridSpan returns the first and last minute the grid shows.
func agendaGridSpan(a *sqlite.Agenda, cols []agendaColumn, d clinic.Date) (int, int) {
	start, end := agendaDayStart, agendaDayEnd
	for _, s := range a.Sessions {
		start, end = min(start, int(s.Start)), max(end, int(s.End))
	}
	for _, c := range cols {
		if c.room != nil {
			if h, ok := c.room.Hours[d.Weekday()]; ok {
				start, end = min(start, int(h.Start)), max(end, int(h.End))
			}
		}
	}
	return start / 60 * 60, (end + 59) / 60 * 60
}

// agendaDay lays out the day grid of p.Date.
func agendaDay(p agendaParams, a *sqlite.Agenda, cols []agendaColumn, conflicts map[int64]bool, today clinic.Date, now clinic.Clock) *agendaDayGrid {
	g := &agendaDayGrid{Empty: len(cols) == 0}
	if g.Empty {
		return g
	}
	start, end := agendaGridSpan(a, cols, p.Date)
	rowOf := func(m int) int { return 2 + (m-start)/agendaRowMinutes }
	rows := (end - start) / agendaRowMinutes
	g.Style = template.CSS(fmt.Sprintf("grid-template-columns:4.5rem repeat(%d,minmax(9.5rem,1fr));"+
		"grid-template-rows:auto repeat(%d,var(--ag-row));", len(cols), rows))
	for m := start; m < end; m += agendaSlotMinutes {
		g.Times = append(g.Times, agendaGridItem{Text: clinic.Clock(m).String(),
			Place: agendaPlace(rowOf(m), 1, rowOf(min(m+agendaSlotMinutes, end)), 2),
			Class: agendaHourClass(m)})
	}
	for i, c := range cols {
		col := i + 2
		open, bookable, note := c.availability(p.Date, p.UnitID)
		g.Columns = append(g.Columns, agendaGridHeader{agendaColumn: c, Note: note,
			Place: agendaPlace(1, col, 2, col+1)})
		g.Slots = append(g.Slots, agendaDaySlots(c, p.Date, open, bookable, start, end, rowOf, col)...)
		g.Blocks = append(g.Blocks, agendaDayBlocks(c, a.Sessions, conflicts, rowOf, col)...)
	}
	if p.Date == today && int(now) >= start && int(now) < end {
		row := rowOf(int(now) / agendaRowMinutes * agendaRowMinutes)
		frac := float64(int(now)%agendaRowMinutes) / agendaRowMinutes
		g.Now = &agendaGridItem{Text: "Agora " + now.String(), Class: "ag-now",
			Place: template.CSS(fmt.Sprintf("grid-area:%d/1/%d/-1;margin-top:calc(var(--ag-row)*%.2f);",
				row, row+1, frac))}
	}
	return g
}

func agendaHourClass(m int) string {
	if m%60 == 0 {
		return "ag-hour"
	}
	return ""
}

func agendaPlace(row1, col1, row2, col2 int) template.CSS {
	return template.CSS(fmt.Sprintf("grid-area:%d/%d/%d/%d;", row1, col1, row2, col2))
}

// agendaDaySlots returns the empty cells of one column. A cell inside the
// open times links to the booking form. Outside them it links only when
// bookable (a psychologist's off hours), and it is drawn shaded.
func agendaDaySlots(c agendaColumn, d clinic.Date, open []clinic.Interval, bookable bool, start, end int, rowOf func(int) int, col int) []agendaGridItem {
	slots := make([]agendaGridItem, 0, (end-start)/agendaSlotMinutes)
	for m := start; m < end; m += agendaSlotMinutes {
		cell := clinic.Interval{Start: clinic.Clock(m), End: clinic.Clock(min(m+agendaSlotMinutes, end))}
		inside := open == nil
		for _, iv := range open {
			inside = inside || iv.Contains(cell)
		}
		it := agendaGridItem{Place: agendaPlace(rowOf(m), col, rowOf(int(cell.End)), col+1),
			Class: "ag-slot " + agendaHourClass(m)}
		switch {
		case inside:
		case bookable:
			it.Class += " ag-off"
		default:
			it.Class += " ag-closed"
		}
		if inside || bookable {
			it.Href = c.newSessionURL(d, cell.Start)
			it.Label = "Agendar às " + cell.Start.String() + " · " + c.Title
		}
		slots = append(slots, it)
	}
	return slots
}

// agendaDayBlocks places the column's sessions. Sessions that overlap
// share the column's width in lanes, so none hides another.
func agendaDayBlocks(c agendaColumn, all []sqlite.AgendaSession, conflicts map[int64]bool, rowOf func(int) int, col int) []agendaBlock {
	var list []sqlite.AgendaSession
	for _, s := range all {
		if c.matches(s) {
			list = append(list, s)
		}
	}
	lanes, widths := agendaLanes(list)
	out := make([]agendaBlock, len(list))
	for i, s := range list {
		b := agendaBlockOf(s, conflicts[s.ID])
		b.Sub = b.Psychologist
		if c.psy != nil {
			b.Sub = b.Room
		}
		first := int(s.Start) / agendaRowMinutes * agendaRowMinutes
		last := (int(s.End) + agendaRowMinutes - 1) / agendaRowMinutes * agendaRowMinutes
		width := 100.0 / float64(widths[i])
		b.Style += agendaPlace(rowOf(first), col, rowOf(last), col+1) +
			template.CSS(fmt.Sprintf("width:%.3f%%;margin-left:%.3f%%;", width, width*float64(lanes[i])))
		out[i] = b
	}
	return out
}

// agendaLanes assigns each session of list (sorted by start) a lane, and
// gives each the number of lanes of its group of overlapping sessions.
func agendaLanes(list []sqlite.AgendaSession) (lanes, widths []int) {
	lanes = make([]int, len(list))
	widths = make([]int, len(list))
	groupStart, groupEnd := 0, clinic.Clock(-1)
	var laneEnds []clinic.Clock
	closeGroup := func(upto int) {
		for j := groupStart; j < upto; j++ {
			widths[j] = len(laneEnds)
		}
	}
	for i, s := range list {
		if s.Start >= groupEnd {
			closeGroup(i)
			groupStart, laneEnds = i, laneEnds[:0]
		}
		lane := slices.IndexFunc(laneEnds, func(e clinic.Clock) bool { return e <= s.Start })
		if lane < 0 {
			lane = len(laneEnds)
			laneEnds = append(laneEnds, s.End)
		} else {
			laneEnds[lane] = s.End
		}
		lanes[i] = lane
		groupEnd = max(groupEnd, s.End)
	}
	closeGroup(len(list))
	return lanes, widths
}

// agendaWeekMatrix is the week view: a row per room or psychologist and a
// column per day.
type agendaWeekMatrix struct {
	Days []agendaWeekDay
	Rows []agendaWeekRow
	// Style gives the table a minimum width, so narrow screens scroll the
	// table rather than squeeze its days. CornerStyle sizes the first
	// column for room or psychologist names.
	Style       template.CSS
	CornerStyle template.CSS
}

// agendaWeekDay is a column header of the week matrix.
type agendaWeekDay struct {
	Label   string
	Href    string
	Note    string
	IsToday bool
}

// agendaWeekRow is one room or psychologist across the week.
type agendaWeekRow struct {
	agendaColumn
	Cells []agendaWeekCell
}

// agendaWeekCell is one day of one row.
type agendaWeekCell struct {
	Blocks  []agendaBlock
	NewURL  string
	Note    string
	Closed  bool
	IsToday bool
	Holiday bool
}

// agendaWeek lays out the week of p.Date. Sunday appears only when a
// session, a room or a psychologist's hours fall on it.
func agendaWeek(p agendaParams, a *sqlite.Agenda, cols []agendaColumn, conflicts map[int64]bool, today clinic.Date) *agendaWeekMatrix {
	from, to := p.span()
	var days []clinic.Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if d.Weekday() != 0 || agendaSundayUsed(a, cols, d) {
			days = append(days, d)
		}
	}
	byDate := map[clinic.Date][]sqlite.AgendaSession{}
	for _, s := range a.Sessions {
		byDate[s.Date] = append(byDate[s.Date], s)
	}
	first := 7.5
	if p.By == "psychologist" {
		first = 11
	}
	m := &agendaWeekMatrix{
		Style:       template.CSS(fmt.Sprintf("min-width:calc(%.1frem + %d * 9rem);", first, len(days))),
		CornerStyle: template.CSS(fmt.Sprintf("width:%.1frem;", first)),
	}
	for _, d := range days {
		dayView := p.withDate(d)
		dayView.View = "day"
		m.Days = append(m.Days, agendaWeekDay{Label: agendaShortDate(d), Href: dayView.url(),
			Note: agendaDayNote(a, d), IsToday: d == today})
	}
	for _, c := range cols {
		row := agendaWeekRow{agendaColumn: c}
		for _, d := range days {
			open, bookable, note := c.availability(d, p.UnitID)
			_, holiday := a.Holidays.Lookup(d)
			cell := agendaWeekCell{Note: note, IsToday: d == today, Holiday: holiday,
				Closed: open != nil && len(open) == 0 && !bookable}
			if !cell.Closed {
				cell.NewURL = c.newSessionURL(d, -1)
			}
			for _, s := range byDate[d] {
				if c.matches(s) {
					cell.Blocks = append(cell.Blocks, agendaBlockOf(s, conflicts[s.ID]))
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func agendaSundayUsed(a *sqlite.Agenda, cols []agendaColumn, d clinic.Date) bool {
	for _, s := range a.Sessions {
		if s.Date == d {
			return true
		}
	}
	for _, c := range cols {
		if open, _, _ := c.availability(d, 0); len(open) > 0 {
			return true
		}
	}
	return false
}
