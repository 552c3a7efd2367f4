package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

type paymentListData struct {
	Nav            monthNav
	Rows           []sqlite.PaymentRow
	TotalCents     int64
	Methods        []financeOption
	Method         string
	SeesAll        bool
	Psychologists  []clinic.Choice
	PsychologistID int64
}

func (s *Server) paymentList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := s.today()
	month := financeMonth(r, today)
	from, to, _ := sqlite.MonthRange(month)
	who := actor(r)
	d := paymentListData{Nav: newMonthNav(month, today), Methods: methodOptions(),
		Method: q.Get("method"), SeesAll: who.SeesAll()}
	if d.SeesAll {
		d.Psychologists = s.psychologistChoices(r)
		d.PsychologistID = financeID(q.Get("psychologist"))
	}
	rows, err := s.db.Payments(r.Context(), who, sqlite.PaymentFilter{From: from, To: to,
		Method: d.Method, PsychologistID: d.PsychologistID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Rows = rows
	for _, p := range rows {
		d.TotalCents += p.AmountCents
	}
	s.render(w, r, http.StatusOK, "ledger_payments", &Page{Title: "Pagamentos", Data: d})
}

type paymentSearchData struct {
	Query    string
	Patients []sqlite.PaymentPatient
}

func (s *Server) paymentPatientSearch(w http.ResponseWriter, r *http.Request) {
	d := paymentSearchData{Query: r.URL.Query().Get("q")}
	if d.Query != "" {
		var err error
		d.Patients, err = s.db.PaymentPatientSearch(r.Context(), actor(r), d.Query, 30)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "payment_form_patient", &Page{
		Title: "Registrar pagamento", Data: d})
}

type paymentFormData struct {
	PatientID   int64
	PatientName string
	Charges     []sqlite.OpenCharge
	OpenCents   int64
	CreditCents int64
	Chosen      map[int64]bool
	Methods     []financeOption
	Receivers   []clinic.Choice
	SeesAll     bool
	Token       string
}

// newRequestToken returns a random one-time token for a form.
func newRequestToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) paymentFormData(r *http.Request, patientID int64) (paymentFormData, error) {
	who := actor(r)
	d := paymentFormData{PatientID: patientID, Methods: methodOptions(),
		SeesAll: who.SeesAll(), Chosen: map[int64]bool{}}
	st, err := s.db.PatientStatement(r.Context(), who, patientID, s.today(), s.today())
	if err != nil {
		return d, err
	}
	d.PatientName, d.CreditCents = st.PatientName, st.CreditCents
	d.Charges, err = s.db.PatientOpenCharges(r.Context(), who, patientID)
	if err != nil {
		return d, err
	}
	for _, c := range d.Charges {
		d.OpenCents += c.OpenCents
	}
	if d.SeesAll {
		d.Receivers, err = s.db.ReceiverChoices(r.Context())
	}
	return d, err
}

func (s *Server) paymentForm(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	d, err := s.paymentFormData(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, cpf, err := s.db.PayerDefaults(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Token = newRequestToken()
	amount := ""
	if open := d.OpenCents - d.CreditCents; open > 0 {
		amount = moneyInput(open)
	}
	page := &Page{Title: "Registrar pagamento", Data: d,
		Form: map[string][]string{"date": {s.today()}, "method": {sqlite.MethodPix},
			"amount": {amount}, "payer_name": {name}, "payer_cpf": {clinic.FormatCPF(cpf)},
			"received_by": {strconv.FormatInt(currentUser(r).ID, 10)}}}
	s.render(w, r, http.StatusOK, "payment_form", page)
}

// moneyInput writes cents for an input box the way the help text shows
// amounts: 15050 is "150,50" and 248000 is "2.480,00".
func moneyInput(cents int64) string {
	return strings.Replace(clinic.FormatMoney(cents), "R$ ", "", 1)
}

func (s *Server) paymentCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	in := sqlite.PaymentInput{PatientID: id, Method: r.PostForm.Get("method"),
		PayerName: r.PostForm.Get("payer_name"), PayerCPF: r.PostForm.Get("payer_cpf"),
		Notes: r.PostForm.Get("notes"), RequestToken: r.PostForm.Get("token")}
	fe := clinic.FieldErrors{}
	amount, err := clinic.ParseMoney(r.PostForm.Get("amount"))
	if err != nil {
		fe.Add("amount", err.Error())
	}
	in.AmountCents = amount
	date, err := clinic.ParseDateBR(r.PostForm.Get("date"))
	if err != nil || date == "" {
		fe.Add("date", "Digite a data do pagamento, por exemplo 04/12/2026.")
	}
	in.Date = date
	if actor(r).SeesAll() {
		in.ReceivedBy = financeID(r.PostForm.Get("received_by"))
	}
	seen := map[int64]bool{}
	for _, v := range r.PostForm["charge"] {
		if c := financeID(v); c != 0 && !seen[c] {
			seen[c] = true
			in.ChargeIDs = append(in.ChargeIDs, c)
		}
	}
	err = fe.Err()
	var res sqlite.PaymentResult
	if err == nil {
		res, err = s.db.RecordPayment(r.Context(), actor(r), in)
	}
	if err != nil {
		d, derr := s.paymentFormData(r, id)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d.Token, d.Chosen = in.RequestToken, seen
		s.formError(w, r, "payment_form", &Page{Title: "Registrar pagamento", Data: d}, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/patients/%d/ledger", id), paymentFlash(res))
}

// paymentFlash returns the message that says where a payment's money
// went.
func paymentFlash(res sqlite.PaymentResult) string {
	if res.Replayed {
		return "Este pagamento já estava registrado; nada foi lançado de novo."
	}
	msg := fmt.Sprintf("Pagamento de %s registrado.",
		clinic.FormatMoney(res.AllocatedCents+res.CreditCents))
	if res.Charges > 0 {
		msg += fmt.Sprintf(" Pagou %s em %s.",
			clinic.FormatMoney(res.AllocatedCents),
			plural(res.Charges, "cobrança", "cobranças"))
	}
	if res.CreditCents > 0 {
		msg += " " + clinic.FormatMoney(res.CreditCents) +
			" ficou como crédito do paciente para as próximas sessões."
	}
	return msg
}

type paymentShowData struct {
	Payment sqlite.Payment
	Locked  bool
}

func (s *Server) paymentShow(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.Payment(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	locked, err := s.db.MonthLocked(r.Context(), p.Date, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger_payment", &Page{
		Title: "Pagamento de " + p.PatientName, Data: paymentShowData{Payment: p, Locked: locked}})
}

func (s *Server) paymentDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	p, err := s.db.Payment(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeletePayment(r.Context(), actor(r), id, r.PostForm.Get("reason")); err != nil {
		s.formError(w, r, "ledger_payment", &Page{Title: "Pagamento de " + p.PatientName,
			Data: paymentShowData{Payment: p}}, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/patients/%d/ledger", p.PatientID),
		"Pagamento de "+clinic.FormatMoney(p.AmountCents)+" excluído. "+
			"As cobranças que ele pagava voltaram a ficar em aberto.")
}

func (s *Server) chargeRelease(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	back := financeReturn(r, "/payments")
	n, err := s.db.ReleaseCharge(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	s.redirect(w, r, back, clinic.FormatMoney(n)+" liberados: o valor virou "+
		"crédito do paciente e a cobrança voltou a ficar em aberto.")
}

func (s *Server) creditApply(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	back := fmt.Sprintf("/patients/%d/ledger", id)
	n, err := s.db.ApplyCredit(r.Context(), actor(r), id)
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	msg := "Não havia crédito para aplicar a cobranças em aberto."
	if n > 0 {
		msg = clinic.FormatMoney(n) + " de crédito aplicados às cobranças mais antigas."
	}
	s.redirect(w, r, back, msg)
}
