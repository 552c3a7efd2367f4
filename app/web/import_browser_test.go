package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kpsicologia/app/clinic"
	"kpsicologia/app/internal/browsertest"
)

// importBrowserUpload chooses path in the upload form's file input and
// sends the form.
func importBrowserUpload(t *testing.T, b *browsertest.Browser, path string) int {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(b.Context(), chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{abs}))
	if err != nil {
		t.Fatalf("choose %s: %v", path, err)
	}
	return b.Submit(`form[action="/import"] button[type=submit]`)
}

// TestBrowserImportFlow uploads the sample workbook as the reception,
// unchecks one psychologist on the preview, refreshes it, confirms, and
// opens the preview again, with screenshots of the pages on the way.
func TestBrowserImportFlow(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	b := browsertest.New(t)
	// The result page links to pages of other areas, which may not exist
	// yet; nothing here follows them.
	b.AllowConsole("404")
	b.Navigate(app.ts.URL + "/login")
	b.Fill(browsertest.Name("username"), "recepcao")
	b.Fill(browsertest.Name("password"), testPassword)
	b.Submit("button[type=submit]")

	b.Navigate(app.ts.URL + "/import")
	b.Screenshot("upload")
	pdf := filepath.Join(t.TempDir(), "recibo.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4"), 0o600); err != nil {
		t.Fatal(err)
	}
	if status := importBrowserUpload(t, b, pdf); status != 422 {
		t.Errorf("upload of a PDF: status %d", status)
	}
	if msg := b.Text("#e-file"); !strings.Contains(msg, "recibo.pdf não é uma planilha") {
		t.Errorf("message beside the file field: %q", msg)
	}
	b.Screenshot("upload_rejected")

	if status := importBrowserUpload(t, b, "../importer/testdata/clinica.xlsx"); status != 200 {
		t.Fatalf("upload: status %d", status)
	}
	if !strings.HasPrefix(b.Text("h1"), "Prévia da importação") {
		t.Fatalf("after the upload the page is %q", b.Text("h1"))
	}
	b.Screenshot("preview")
	preview := b.Location()
	if got := b.Text("#import-form button.btn-primary"); !strings.Contains(got, "Importar 97 pacientes e 78 horários") {
		t.Errorf("import button %q", got)
	}

	// Without Renata Fontes, her 11 agenda rows are not imported.
	b.Click(`input[name=create_psychologist][value="renata fontes"]`)
	b.Submit(`button[formmethod=get]`)
	if got := b.Text("#import-form button.btn-primary"); !strings.Contains(got, "e 67 horários") {
		t.Errorf("after unchecking Renata the button says %q", got)
	}
	if b.Count(`input[name=create_psychologist][value="renata fontes"]:checked`) != 0 {
		t.Errorf("the refreshed preview checked Renata again")
	}
	b.Screenshot("preview_without_renata")

	b.Submit("#import-form button.btn-primary")
	if !strings.Contains(b.Text("h1"), "Importação concluída") {
		t.Fatalf("after confirming the page is %q", b.Text("h1"))
	}
	result := b.Location()
	if !strings.Contains(b.Text("main"), "Psicólogas cadastradas: Henrique Sá, Marina Tavares") {
		t.Errorf("result page does not list the created psychologists")
	}
	b.Screenshot("result")
	if got := importWrites(t, app); !strings.HasPrefix(got, "patients=97 psychologists=5 units=1 rooms=") ||
		!strings.Contains(got, "series=67 ") || !strings.HasSuffix(got, "imports=1 audit=1") {
		t.Errorf("after the import: %s", got)
	}

	// Opening the preview again (a reload, the back button) leads to
	// the same result and writes nothing.
	before := importWrites(t, app)
	b.Navigate(preview)
	if b.Location() != result || !strings.Contains(b.Text(".alert-info"), "já foi importada") {
		t.Errorf("preview after the import: %s, want %s with a notice", b.Location(), result)
	}
	if got := importWrites(t, app); got != before {
		t.Errorf("reopening the preview wrote: %s, was %s", got, before)
	}
}
