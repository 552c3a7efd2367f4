package browsertest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
)

// ConsoleEntry is a message the page or the browser wrote to the console.
type ConsoleEntry struct {
	// Source is "console" for a console.* call, "exception" for an uncaught
	// exception or promise rejection, or the browser log's source, such as
	// "network" for a failed request or "security" for a
	// Content-Security-Policy violation.
	Source string
	// Level is "error", "warning", "info", "log" or "debug". A failed
	// console.assert is "error".
	Level string
	Text  string
	URL   string
	// Line is 1-based, and 0 when the browser reports no line.
	Line int64

	// expected marks an error entry that consoleLog.add does not count as
	// a problem.
	expected bool
}

// String returns the entry as one line: level, source, text and place.
func (e ConsoleEntry) String() string {
	s := e.Level + " [" + e.Source + "] " + e.Text
	switch {
	case e.URL != "" && e.Line > 0:
		s += fmt.Sprintf(" (%s:%d)", e.URL, e.Line)
	case e.URL != "":
		s += " (" + e.URL + ")"
	}
	return s
}

// consoleLog collects the console entries of one tab. Its record method
// runs on chromedp's event loop, so it only appends under the lock.
type consoleLog struct {
	mu      sync.Mutex
	entries []ConsoleEntry
	allowed []string
	// documents contains the requests that loaded a page. Chrome logs a
	// failed status of such a request as a console error, but the test
	// gets that status from Navigate or Submit and may expect it, as for
	// a 403 page.
	documents map[network.RequestID]bool
}

// record receives every event of the tab.
func (c *consoleLog) record(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		c.add(fromConsoleCall(ev), "")
	case *runtime.EventExceptionThrown:
		c.add(fromException(ev.ExceptionDetails), "")
	case *log.EventEntryAdded:
		c.add(fromLogEntry(ev.Entry), ev.Entry.NetworkRequestID)
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument {
			c.mu.Lock()
			if c.documents == nil {
				c.documents = make(map[network.RequestID]bool)
			}
			c.documents[ev.RequestID] = true
			c.mu.Unlock()
		}
	}
}

// add stores e. A failed page load, which the test checks through the
// status it gets, and a missing /favicon.ico, which Chrome requests on its
// own for a page that declares no icon, are stored as expected.
func (c *consoleLog) add(e ConsoleEntry, request network.RequestID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.Source == string(log.EntrySourceNetwork) {
		e.expected = c.documents[request] || isRootFavicon(e.URL)
	}
	c.entries = append(c.entries, e)
}

func isRootFavicon(rawURL string) bool {
	u, err := url.Parse(rawURL)
	return err == nil && u.Path == "/favicon.ico"
}

// problems returns the error entries that are neither expected nor allowed.
func (c *consoleLog) problems() []ConsoleEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []ConsoleEntry
	for _, e := range c.entries {
		if e.Level == "error" && !e.expected && !c.isAllowed(e) {
			out = append(out, e)
		}
	}
	return out
}

func (c *consoleLog) isAllowed(e ConsoleEntry) bool {
	for _, s := range c.allowed {
		if strings.Contains(e.Text, s) || strings.Contains(e.URL, s) {
			return true
		}
	}
	return false
}

// Console returns every console entry of the tab so far, in the order the
// browser sent them, including allowed and expected ones.
func (b *Browser) Console() []ConsoleEntry {
	b.console.mu.Lock()
	defer b.console.mu.Unlock()
	return append([]ConsoleEntry(nil), b.console.entries...)
}

// AllowConsole stops console errors whose text or URL contains substr from
// failing the test, for a test that provokes them on purpose. An empty
// substr allows every error.
func (b *Browser) AllowConsole(substr string) {
	b.console.mu.Lock()
	defer b.console.mu.Unlock()
	b.console.allowed = append(b.console.allowed, substr)
}

func fromConsoleCall(ev *runtime.EventConsoleAPICalled) ConsoleEntry {
	e := ConsoleEntry{Source: "console", Level: string(ev.Type)}
	switch ev.Type {
	case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
		e.Level = "error"
	case runtime.ConsoleAPICalledTypeWarning:
		e.Level = "warning"
	}
	texts := make([]string, 0, len(ev.Args))
	for _, arg := range ev.Args {
		texts = append(texts, remoteText(arg))
	}
	e.Text = strings.Join(texts, " ")
	if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
		e.URL = st.CallFrames[0].URL
		e.Line = st.CallFrames[0].LineNumber + 1
	}
	return e
}

func fromException(d *runtime.ExceptionDetails) ConsoleEntry {
	e := ConsoleEntry{Source: "exception", Level: "error", Text: d.Text, URL: d.URL, Line: d.LineNumber + 1}
	if d.Exception != nil && d.Exception.Description != "" {
		// The description is the error followed by its stack, so its
		// first line names the error.
		first, _, _ := strings.Cut(d.Exception.Description, "\n")
		e.Text += " " + first
	}
	return e
}

func fromLogEntry(l *log.Entry) ConsoleEntry {
	e := ConsoleEntry{Source: string(l.Source), Level: string(l.Level), Text: l.Text, URL: l.URL}
	if l.LineNumber > 0 {
		e.Line = l.LineNumber + 1
	}
	if e.Level == "verbose" {
		e.Level = "debug"
	}
	return e
}

// remoteText formats a console argument: a string as it is, another value
// by its description or JSON value.
func remoteText(o *runtime.RemoteObject) string {
	if o.Type == runtime.RemoteObjectTypeString {
		var s string
		if err := json.Unmarshal(o.Value, &s); err == nil {
			return s
		}
	}
	switch {
	case o.Description != "":
		return o.Description
	case len(o.Value) > 0:
		return string(o.Value)
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	}
	return string(o.Type)
}

func formatEntries(entries []ConsoleEntry) string {
	var sb strings.Builder
	for _, e := range entries {
		sb.WriteString("  ")
		sb.WriteString(e.String())
		sb.WriteByte('\n')
	}
	return sb.String()
}
