package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

// importUploadFile posts a file to /import as a browser's upload form
// does.
func importUploadFile(tb testing.TB, c *testClient, name string, data []byte) response {
	tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		part, err := mw.CreateFormFile("file", name)
		if err != nil {
			tb.Fatal(err)
		}
		part.Write(data)
	} else {
		mw.WriteField("note", "no file")
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.ts.URL+"/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.app.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(tb, req)
}

func importSampleFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "importer", "testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

var importTokenPath = regexp.MustCompile(`^/import/([0-9a-f]{64})$`)

// importUploadOK uploads a file and returns its token from the redirect
// to the preview.
func importUploadOK(tb testing.TB, c *testClient, name string, data []byte) string {
	tb.Helper()
	res := importUploadFile(tb, c, name, data)
	m := importTokenPath.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		tb.Fatalf("upload %s: status %d location %q body %s", name, res.StatusCode,
			res.Header.Get("Location"), res.Body)
	}
	return m[1]
}

var checkedBox = regexp.MustCompile(`name="(create_psychologist|create_room)" value="([^"]+)"[^>]*checked`)

// importConfirmForm returns the preview form as the browser would send
// it: every checked box, and the unit fields as shown.
func importConfirmForm(tb testing.TB, preview string) url.Values {
	tb.Helper()
	form := url.Values{"choices": {"1"}}
	for _, m := range checkedBox.FindAllStringSubmatch(preview, -1) {
		form.Add(m[1], m[2])
	}
	if m := regexp.MustCompile(`name="new_unit" type="text" value="([^"]*)"`).FindStringSubmatch(preview); m != nil {
		form.Set("new_unit", m[1])
	}
	return form
}

func importCount(tb testing.TB, app *testApp, query string) int {
	tb.Helper()
	var n int
	if err := app.db.Read().QueryRow(query).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// importWrites counts the rows an import writes, leaving out the audit
// entries of logins.
func importWrites(tb testing.TB, app *testApp) string {
	tb.Helper()
	var parts []string
	for _, table := range []string{"patients", "psychologists", "units", "rooms",
		"series", "sessions", "imports"} {
		parts = append(parts, fmt.Sprintf("%s=%d", table, importCount(tb, app, "SELECT count(*) FROM "+table)))
	}
	parts = append(parts, fmt.Sprintf("audit=%d", importCount(tb, app,
		"SELECT count(*) FROM audit_log WHERE action = 'import'")))
	return strings.Join(parts, " ")
}

func TestImportPreviewAndConfirm(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	c := app.login(t, "recepcao")
	empty := importWrites(t, app)

	if res := c.get(t, "/import"); res.StatusCode != http.StatusOK ||
		!strings.Contains(res.Body, `enctype="multipart/form-data"`) {
		t.Fatalf("GET /import: %d", res.StatusCode)
	}
	token := importUploadOK(t, c, "clinica.xlsx", importSampleFile(t, "clinica.xlsx"))
	preview := c.get(t, "/import/"+token)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview status %d: %s", preview.StatusCode, preview.Body)
	}
	for _, want := range []string{"Prévia da importação", "Importar 97 pacientes e 78 horários",
		"CPF com dígitos verificadores errados", "Pacientes: linhas 6, 28, 61, 71 e 86",
		"Conflito de horário: psicóloga ocupada", `Coluna &#34;CPF&#34;`,
		"Nova: cadastrar como <strong>Marina Tavares</strong>", "Sala Lúdica",
		"Fábio Pereira Brandão", "Unidade principal"} {
		if !strings.Contains(preview.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if got := importWrites(t, app); got != empty {
		t.Errorf("upload and preview wrote: %s, was %s", got, empty)
	}

	form := importConfirmForm(t, preview.Body)
	if len(form["create_psychologist"]) != 6 || len(form["create_room"]) != 5 {
		t.Fatalf("preview form %v, want 6 psychologists and 5 rooms checked", form)
	}
	res := c.post(t, "/import/"+token, form)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/import/results/") {
		t.Fatalf("confirm: status %d location %q body %s", res.StatusCode, loc, res.Body)
	}
	done := importWrites(t, app)
	want := "patients=97 psychologists=6 units=1 rooms=5 series=78"
	if !strings.HasPrefix(done, want) || !strings.HasSuffix(done, "imports=1 audit=1") {
		t.Errorf("after confirm: %s, want %s ... imports=1 audit=1", done, want)
	}
	result := c.get(t, loc)
	for _, want := range []string{"Importação concluída", ">97<", ">78<", ">31<",
		"Por que 31 linhas não foram importadas", "Henrique Sá"} {
		if !strings.Contains(result.Body, want) {
			t.Errorf("result page lacks %q", want)
		}
	}

	// The same form again (a double click or the back button) imports
	// nothing and shows the same result.
	again := c.post(t, "/import/"+token, form)
	if again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != loc {
		t.Errorf("second confirm: status %d location %q, want %s", again.StatusCode,
			again.Header.Get("Location"), loc)
	}
	if got := importWrites(t, app); got != done {
		t.Errorf("second confirm wrote: %s, was %s", got, done)
	}
	if reload := c.get(t, "/import/"+token); reload.Header.Get("Location") != loc {
		t.Errorf("preview after import: status %d location %q", reload.StatusCode, reload.Header.Get("Location"))
	}
	if files, _ := os.ReadDir(filepath.Join(app.dir, "imports")); len(files) != 0 {
		t.Errorf("upload files left after the import: %v", files)
	}
	if list := c.get(t, "/import"); !strings.Contains(list.Body, loc) {
		t.Errorf("upload page does not list the import")
	}
}

func TestImportConcurrentConfirm(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.login(t, "admin")
	token := importUploadOK(t, c, "pacientes.csv", importSampleFile(t, "pacientes.csv"))
	form := importConfirmForm(t, c.get(t, "/import/"+token).Body)

	var wg sync.WaitGroup
	locations := make([]string, 3)
	for i := range locations {
		wg.Go(func() {
			res := c.post(t, "/import/"+token, form)
			locations[i] = res.Header.Get("Location")
		})
	}
	wg.Wait()
	for _, loc := range locations {
		if loc != locations[0] || !strings.HasPrefix(loc, "/import/results/") {
			t.Errorf("confirmations went to %v, want one result page", locations)
			break
		}
	}
	if got := importWrites(t, app); !strings.HasPrefix(got, "patients=97 ") ||
		!strings.HasSuffix(got, "imports=1 audit=1") {
		t.Errorf("after three confirmations at once: %s", got)
	}
}

func TestImportRejectsBadFiles(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.login(t, "admin")
	big := bytes.Repeat([]byte("Nome;Telefone\n"), importMaxBytes/14+1)
	tests := []struct {
		name   string
		file   string
		data   []byte
		status int
		want   string
	}{
		{"pdf", "recibo.pdf", []byte("%PDF-1.4 ..."), http.StatusUnprocessableEntity, "não é uma planilha"},
		{"old excel", "antiga.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, http.StatusUnprocessableEntity, "formato antigo do Excel"},
		{"ods", "lista.ods", []byte("PK\x03\x04"), http.StatusUnprocessableEntity, "salve como .xlsx"},
		{"encrypted xlsx", "senha.xlsx", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, http.StatusUnprocessableEntity, "protegido"},
		{"damaged xlsx", "quebrada.xlsx", []byte("isto não é um zip"), http.StatusUnprocessableEntity, "Não foi possível abrir a planilha"},
		{"no header", "notas.csv", []byte("qualquer;coisa\n1;2\n"), http.StatusUnprocessableEntity, "linha de títulos"},
		{"empty", "vazia.csv", nil, http.StatusUnprocessableEntity, "Escolha o arquivo"},
		{"no file part", "", nil, http.StatusUnprocessableEntity, "Escolha o arquivo"},
		{"too large", "grande.csv", big, http.StatusRequestEntityTooLarge, "mais de 10 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importUploadFile(t, c, tt.file, tt.data)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			if !strings.Contains(res.Body, tt.want) {
				t.Errorf("page lacks %q", tt.want)
			}
			if !strings.Contains(res.Body, `class="invalid-feedback" id="e-file"`) {
				t.Errorf("the message is not beside the file field")
			}
		})
	}
	if files, _ := os.ReadDir(filepath.Join(app.dir, "imports")); len(files) != 0 {
		t.Errorf("rejected files were kept: %v", files)
	}
}

func TestImportUploadOwnerAndExpiry(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	app.createUser(t, "recepcao", clinic.RoleReception, 0)
	admin := app.login(t, "admin")
	other := app.login(t, "recepcao")
	data := importSampleFile(t, "pacientes.csv")
	token := importUploadOK(t, admin, "pacientes.csv", data)

	if res := other.get(t, "/import/"+token); res.StatusCode != http.StatusNotFound {
		t.Errorf("another user's preview: status %d", res.StatusCode)
	}
	if res := other.post(t, "/import/"+token, url.Values{"choices": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("another user's confirm: status %d", res.StatusCode)
	}
	if res := admin.get(t, "/import/"+strings.ToUpper(token)); res.StatusCode != http.StatusNotFound {
		t.Errorf("mangled token: status %d", res.StatusCode)
	}
	if res := admin.get(t, "/import/../../test.db"); res.StatusCode == http.StatusOK {
		t.Errorf("path in token: status %d", res.StatusCode)
	}
	if got := importWrites(t, app); !strings.HasPrefix(got, "patients=0 ") {
		t.Errorf("other user's requests wrote: %s", got)
	}

	// Cancelling removes the upload.
	discard := admin.post(t, "/import/"+token+"/discard", url.Values{})
	if discard.StatusCode != http.StatusSeeOther || discard.Header.Get("Location") != "/import" {
		t.Errorf("discard: status %d location %q", discard.StatusCode, discard.Header.Get("Location"))
	}
	if res := admin.get(t, "/import/"+token); res.StatusCode != http.StatusNotFound ||
		!strings.Contains(res.Body, "Envie a planilha de novo") {
		t.Errorf("preview after cancel: status %d", res.StatusCode)
	}

	// An upload expires after importUploadTTL.
	token = importUploadOK(t, admin, "pacientes.csv", data)
	app.setNow(app.clock().Add(importUploadTTL + time.Minute))
	admin = app.login(t, "admin")
	if res := admin.get(t, "/import/"+token); res.StatusCode != http.StatusNotFound {
		t.Errorf("expired preview: status %d", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(app.dir, "imports", token+".upload")); !os.IsNotExist(err) {
		t.Errorf("expired upload still on disk: %v", err)
	}
}

func TestImportPreviewChoices(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.login(t, "admin")
	token := importUploadOK(t, c, "clinica.xlsx", importSampleFile(t, "clinica.xlsx"))

	// Unchecking every psychologist and room rejects every agenda row
	// and keeps the patients.
	res := c.get(t, "/import/"+token+"?choices=1&new_unit=Centro")
	for _, want := range []string{"Importar 97 pacientes e 0 horários",
		"Psicóloga não cadastrada", `value="Centro"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("preview without creations lacks %q", want)
		}
	}
	form := url.Values{"choices": {"1"}, "new_unit": {"Centro"}}
	res = c.post(t, "/import/"+token, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Body)
	}
	if got := importWrites(t, app); !strings.HasPrefix(got, "patients=97 psychologists=0 units=0 rooms=0 series=0") {
		t.Errorf("import without creations wrote %s", got)
	}
	var withPsy int
	app.db.Read().QueryRow("SELECT count(*) FROM patients WHERE psychologist_id IS NOT NULL").Scan(&withPsy)
	if withPsy != 0 {
		t.Errorf("%d patients linked to a psychologist that was not created", withPsy)
	}
}

func TestImportDeletedPatientLink(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	ctx := context.Background()
	id, err := app.db.CreatePatient(ctx, app.adminActor(), sqlite.PatientInput{
		Name: "Iracema Melo Pereira", Phone: "11904563300", CPF: "12984157648",
		Price: "120", Frequency: "weekly"})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.db.DeletePatient(ctx, app.adminActor(), id, "Mudou de cidade"); err != nil {
		t.Fatal(err)
	}
	c := app.login(t, "admin")
	token := importUploadOK(t, c, "pacientes.csv", importSampleFile(t, "pacientes.csv"))
	res := c.get(t, "/import/"+token)
	for _, want := range []string{"Paciente excluído: restaure o cadastro",
		fmt.Sprintf(`href="/patients/%d"`, id), "paciente excluído em 04/12/2026",
		"Importar 96 pacientes"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
}

func TestImportNothingToImport(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	c := app.login(t, "admin")
	data := importSampleFile(t, "pacientes.csv")
	first := importUploadOK(t, c, "pacientes.csv", data)
	c.post(t, "/import/"+first, url.Values{"choices": {"1"}})
	before := importWrites(t, app)

	second := importUploadOK(t, c, "pacientes.csv", data)
	preview := c.get(t, "/import/"+second)
	if !strings.Contains(preview.Body, "Nada a importar") ||
		!strings.Contains(preview.Body, "Paciente já cadastrado (mesmo CPF)") {
		t.Errorf("preview of a file already imported does not say so")
	}
	res := c.post(t, "/import/"+second, url.Values{"choices": {"1"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Nada foi importado") {
		t.Errorf("confirm: status %d", res.StatusCode)
	}
	if got := importWrites(t, app); got != before {
		t.Errorf("second import wrote: %s, was %s", got, before)
	}
}

func TestImportForbiddenToPsychologists(t *testing.T) {
	app := newTestApp(t)
	app.setup(t)
	psy := insertTestPsychologist(t, app, "Dra. Lia")
	app.createUser(t, "psi", clinic.RolePsychologist, psy)
	c := app.login(t, "psi")
	if res := c.get(t, "/import"); res.StatusCode != http.StatusForbidden {
		t.Errorf("GET /import as psychologist: %d", res.StatusCode)
	}
	res := importUploadFile(t, c, "pacientes.csv", importSampleFile(t, "pacientes.csv"))
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("upload as psychologist: %d", res.StatusCode)
	}
	if entries, _ := os.ReadDir(filepath.Join(app.dir, "imports")); len(entries) != 0 {
		t.Errorf("a psychologist's upload was kept")
	}
}
