package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The viewport of EmulatePhone, in CSS pixels. The psychologists' pages
// must fit PhoneWidth without sideways scrolling.
const (
	PhoneWidth  = 375
	PhoneHeight = 812
)

// maxLoggedHTML caps the HTML that a failure message logs, so that a long
// agenda page does not bury the error. KPSI_SCREENSHOTS keeps the whole page.
const maxLoggedHTML = 16 << 10

// Name returns a CSS selector for the element whose name attribute is
// name, for use with every helper: b.Fill(browsertest.Name("email"), "a@b").
func Name(name string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `[name="` + r.Replace(name) + `"]`
}

// Navigate loads url, waits for the page to load and returns the HTTP
// status of the document. Only a failure to load, such as a refused
// connection, fails the test. A 404 page is a status for the test to check.
func (b *Browser) Navigate(url string) int {
	b.t.Helper()
	resp := run(b, "navigate to "+url, chromedp.NavigateResponse(url))
	return status(resp)
}

// Fill sets the value of the visible input, textarea or select matched by
// the CSS selector sel, then fires input and change events, as pasting a
// value would. A date input takes YYYY-MM-DD and a select the value of an
// option. A value that the field rejects fails the test. Use Click for
// check boxes and radio buttons, and Type to send key strokes.
func (b *Browser) Fill(sel, value string) {
	b.t.Helper()
	description := "fill " + sel
	problem := run(b, description, onElement[string](sel, fillJS, value))
	if problem != "" {
		b.Fatalf("%s: %s", description, problem)
	}
}

// fillJS sets a field's value and returns why it could not, or "".
const fillJS = `function(value) {
	// CDP drops an empty string argument, so clearing a field arrives
	// here as undefined.
	if (value === undefined) {
		value = '';
	}
	const tag = this.tagName.toLowerCase();
	if (!('value' in this) || tag === 'button') {
		return 'a <' + tag + '> takes no value';
	}
	if (tag === 'input' && ['checkbox', 'radio', 'file', 'submit', 'button', 'reset', 'image'].includes(this.type)) {
		return 'an input of type ' + this.type + ' cannot be filled; use Click';
	}
	if (this.disabled || this.readOnly) {
		return 'the field is disabled or read-only';
	}
	this.focus();
	this.value = value;
	if (this.value !== value) {
		return 'the field rejected the value and holds ' + JSON.stringify(this.value);
	}
	this.dispatchEvent(new Event('input', {bubbles: true}));
	this.dispatchEvent(new Event('change', {bubbles: true}));
	return '';
}`

// Type focuses the visible element matched by sel and sends text as key
// strokes. The constants kb.Enter, kb.Escape and kb.Tab of chromedp/kb send
// those keys. Type does not wait for a page load, so submit a form with
// PressEnter.
func (b *Browser) Type(sel, text string) {
	b.t.Helper()
	run(b, "type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible))
}

// Click clicks the middle of the visible element matched by sel, as a mouse
// would, and returns without waiting for what follows. Use Submit when the
// click loads a page.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	run(b, "click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Submit clicks the visible element matched by sel, usually a submit
// button or a link, waits for the next page to load, following redirects,
// and returns its HTTP status. A click that loads nothing, for example
// because the browser's form validation stopped it, fails the test after
// the step limit.
func (b *Browser) Submit(sel string) int {
	b.t.Helper()
	return b.waitLoad("submit with "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// PressEnter presses Enter in the visible element matched by sel, waits for
// the page it loads, and returns its HTTP status, as Submit does.
func (b *Browser) PressEnter(sel string) int {
	b.t.Helper()
	return b.waitLoad("press Enter in "+sel, chromedp.SendKeys(chromedp.CSS(sel), kb.Enter, chromedp.NodeVisible))
}

func (b *Browser) waitLoad(description string, action chromedp.Action[chromedp.Void]) int {
	b.t.Helper()
	resp := step(b, description, func(ctx context.Context) (*network.Response, error) {
		return chromedp.RunResponse(ctx, action)
	})
	return status(resp)
}

// status returns the HTTP status of resp, or 0 when the browser loaded no
// document, as for a jump to a #fragment.
func status(resp *network.Response) int {
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Text waits until the element matched by sel is visible and returns its
// rendered text (innerText) without leading and trailing space.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	text := run(b, "read the text of "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	return strings.TrimSpace(text)
}

// Value returns the current value of the input, textarea or select matched
// by sel, which need not be visible.
func (b *Browser) Value(sel string) string {
	b.t.Helper()
	return run(b, "read the value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// Attribute returns the value of the attribute name of the element matched
// by sel, and whether the element has it.
func (b *Browser) Attribute(sel, name string) (string, bool) {
	b.t.Helper()
	res := run(b, "read "+name+" of "+sel, chromedp.AttributeValue(chromedp.CSS(sel), name))
	return res.Value, res.Exists
}

// Count returns how many elements match sel now, without waiting.
func (b *Browser) Count(sel string) int {
	b.t.Helper()
	expr := "document.querySelectorAll(" + jsString(sel) + ").length"
	return run(b, "count "+sel, chromedp.Evaluate[int](expr))
}

// Exists reports whether an element matches sel now, without waiting.
func (b *Browser) Exists(sel string) bool {
	b.t.Helper()
	return b.Count(sel) > 0
}

// Focused reports whether the element matched by sel has the keyboard
// focus, as the first invalid field of a form should.
func (b *Browser) Focused(sel string) bool {
	b.t.Helper()
	expr := "(e => e !== null && e === document.activeElement)(document.querySelector(" + jsString(sel) + "))"
	return run(b, "check the focus of "+sel, chromedp.Evaluate[bool](expr))
}

// WaitVisible waits until an element matched by sel is visible.
func (b *Browser) WaitVisible(sel string) {
	b.t.Helper()
	run(b, "wait for "+sel+" to show", chromedp.WaitVisible(chromedp.CSS(sel)))
}

// WaitNotVisible waits until the element matched by sel is present but
// hidden, as a closed dialog is. For an element that goes away, poll
// Exists.
func (b *Browser) WaitNotVisible(sel string) {
	b.t.Helper()
	run(b, "wait for "+sel+" to hide", chromedp.WaitNotVisible(chromedp.CSS(sel)))
}

// Location returns the URL of the page.
func (b *Browser) Location() string {
	b.t.Helper()
	return run(b, "read the location", chromedp.Location())
}

// Title returns the title of the page.
func (b *Browser) Title() string {
	b.t.Helper()
	return run(b, "read the title", chromedp.Title())
}

// HTML returns the HTML of the page as the browser holds it now.
func (b *Browser) HTML() string {
	b.t.Helper()
	return run(b, "read the HTML", pageHTML())
}

func pageHTML() chromedp.Action[string] {
	return chromedp.Evaluate[string]("document.documentElement.outerHTML")
}

// Cookies returns the cookies the browser would send to the page's URL,
// HttpOnly ones included.
func (b *Browser) Cookies() []*network.Cookie {
	b.t.Helper()
	res := step(b, "read the cookies", func(ctx context.Context) (network.GetCookiesResult, error) {
		return chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{})
	})
	return res.Cookies
}

// SetViewport sets the size of the page's viewport in CSS pixels, as a
// desktop window of that size would have. New starts at 1280×900.
func (b *Browser) SetViewport(width, height int) {
	b.t.Helper()
	run(b, fmt.Sprintf("set the viewport to %dx%d", width, height), viewport(width, height, false))
}

// EmulatePhone makes the tab a phone: a PhoneWidth×PhoneHeight viewport
// that honours the page's viewport meta tag, with touch events.
func (b *Browser) EmulatePhone() {
	b.t.Helper()
	run(b, "emulate a phone", viewport(PhoneWidth, PhoneHeight, true))
}

func viewport(width, height int, phone bool) chromedp.Action[chromedp.Void] {
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateLandscape}
	if height >= width {
		opts[0] = chromedp.EmulatePortrait
	}
	if phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(int64(width), int64(height), opts...)
}

// HorizontalOverflow returns how many CSS pixels the page is wider than
// its viewport. Anything above 0 means that the user must scroll sideways.
func (b *Browser) HorizontalOverflow() int {
	b.t.Helper()
	const expr = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
	return run(b, "measure the page width", chromedp.Evaluate[int](expr))
}

// Screenshot saves a PNG of the whole page, beyond the viewport, as
// TEST_name.png in the folder named by KPSI_SCREENSHOTS, or in a temporary
// folder removed after the test, and returns its path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	dir, err := b.screenshotDir()
	if err != nil {
		b.t.Fatalf("browsertest: screenshot %s: %v", name, err)
	}
	png := run(b, "screenshot "+name, chromedp.FullScreenshot(100))
	path := filepath.Join(dir, fileName(b.t.Name(), name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("browsertest: screenshot %s: %v", name, err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}

func (b *Browser) screenshotDir() (string, error) {
	b.shotsMu.Lock()
	defer b.shotsMu.Unlock()
	if b.shotsDir != "" {
		return b.shotsDir, nil
	}
	dir := os.Getenv("KPSI_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(b.t.TempDir(), "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create the screenshot folder: %w", err)
	}
	b.shotsDir = dir
	return dir, nil
}

// fileName joins the test's name and name into a file name that is safe on
// every operating system.
func fileName(test, name string) string {
	clean := func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}
	return strings.Map(clean, test) + "_" + strings.Map(clean, name)
}

// run runs action within the step limit and fails the test, naming
// description, if the action returns an error.
func run[T any](b *Browser, description string, action chromedp.Action[T]) T {
	b.t.Helper()
	return step(b, description, func(ctx context.Context) (T, error) {
		return chromedp.Run(ctx, action)
	})
}

// step calls f with a context that ends at the step limit, and fails the
// test, naming description, if f returns an error.
func step[T any](b *Browser, description string, f func(ctx context.Context) (T, error)) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.cfg.stepTimeout)
	defer cancel()
	v, err := f(ctx)
	if err != nil {
		b.fail(description, err)
	}
	return v
}

// fail fails the test with the failed step's description, err with the
// limit that ended it, and the page's state.
func (b *Browser) fail(description string, err error) {
	b.t.Helper()
	switch {
	case b.ctx.Err() != nil:
		err = fmt.Errorf("the test's browser time limit of %v ran out (WithTimeout raises it): %w", b.limit, err)
	case errors.Is(err, context.DeadlineExceeded):
		err = fmt.Errorf("timed out after the step limit of %v: check that the selector matches a visible element, or raise the limit with WithStepTimeout: %w",
			b.cfg.stepTimeout, err)
	}
	b.Fatalf("%s: %v", description, err)
}

// pageState describes the page for a failure message: URL, console errors
// and HTML, and, with KPSI_SCREENSHOTS set, the files it saved there. It
// works after the test's time limit ran out, within captureTimeout.
func (b *Browser) pageState() string {
	var sb strings.Builder
	if problems := b.console.problems(); len(problems) > 0 {
		fmt.Fprintf(&sb, "console errors:\n%s", formatEntries(problems))
	}

	ctx, cancel := context.WithTimeout(b.tab, captureTimeout)
	defer cancel()
	// A navigation that still waits for its server blocks JavaScript in
	// the tab until it ends, so stop it first. The test fails anyway.
	if err := chromedp.Do(ctx, chromedp.Stop()); err != nil {
		fmt.Fprintf(&sb, "page state unavailable: %v\n", err)
		return sb.String()
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		fmt.Fprintf(&sb, "page state unavailable: %v\n", err)
		return sb.String()
	}
	fmt.Fprintf(&sb, "URL: %s\n", url)

	html, err := chromedp.Run(ctx, pageHTML())
	if err != nil {
		fmt.Fprintf(&sb, "HTML unavailable: %v\n", err)
		return sb.String()
	}
	if dir := os.Getenv("KPSI_SCREENSHOTS"); dir != "" {
		sb.WriteString(saveFailure(ctx, dir, b.t.Name(), html))
	}
	if len(html) > maxLoggedHTML {
		html = html[:maxLoggedHTML] + fmt.Sprintf("\n... (%d more bytes)", len(html)-maxLoggedHTML)
	}
	fmt.Fprintf(&sb, "HTML:\n%s\n", html)
	return sb.String()
}

// saveFailure writes the page's HTML and a screenshot into dir and returns
// a line naming them, or the error that stopped it.
func saveFailure(ctx context.Context, dir, test, html string) string {
	base := filepath.Join(dir, fileName(test, "failure"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Sprintf("could not save the page: %v\n", err)
	}
	if err := os.WriteFile(base+".html", []byte(html), 0o644); err != nil {
		return fmt.Sprintf("could not save the page: %v\n", err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(base+".png", png, 0o644)
	}
	if err != nil {
		return fmt.Sprintf("saved %s.html; no screenshot: %v\n", base, err)
	}
	return fmt.Sprintf("saved %s.html and %s.png\n", base, base)
}

// onElement calls the JavaScript function fn with this bound to the
// visible element matched by sel, and returns its result.
func onElement[T any](sel, fn string, args ...any) chromedp.Action[T] {
	return chromedp.QueryAfter(chromedp.CSS(sel), func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (T, error) {
		var zero T
		if len(nodes) == 0 {
			return zero, fmt.Errorf("no element matches %s", sel)
		}
		obj, err := cdp.Call(ctx, t, dom.ResolveNode, dom.ResolveNodeParams{NodeID: nodes[0].NodeID})
		if err != nil {
			return zero, fmt.Errorf("resolve %s: %w", sel, err)
		}
		// Releasing fails when the call navigated away, and then there
		// is nothing left to release.
		defer cdp.Call(ctx, t, runtime.ReleaseObject, runtime.ReleaseObjectParams{ObjectID: obj.Object.ObjectID})
		bind := func(p *runtime.CallFunctionOnParams) { p.ObjectID = obj.Object.ObjectID }
		return chromedp.CallFunctionOn[T](fn, bind, args...)(ctx, t)
	}, chromedp.NodeVisible)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}
