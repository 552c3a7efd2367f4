package web

import (
	"fmt"
	"net/http"
	"strconv"

	"kpsicologia/app/clinic"
	"kpsicologia/app/sqlite"
)

type expenseListData struct {
	Nav         monthNav
	Expenses    []sqlite.Expense
	TotalCents  int64
	Categories  []clinic.Choice
	Units       []clinic.Choice
	CategoryID  int64
	UnitID      int64
	ShowDeleted bool
	Locked      bool
}

func (s *Server) expenseList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := s.today()
	month := financeMonth(r, today)
	from, to, _ := sqlite.MonthRange(month)
	d := expenseListData{Nav: newMonthNav(month, today),
		CategoryID: financeID(q.Get("category")), UnitID: financeID(q.Get("unit")),
		ShowDeleted: q.Get("deleted") == "1"}
	var err error
	if d.Categories, err = s.db.ExpenseCategoryChoices(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Units, err = s.db.ExpenseUnitChoices(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Expenses, err = s.db.Expenses(r.Context(), actor(r), sqlite.ExpenseFilter{From: from, To: to,
		CategoryID: d.CategoryID, UnitID: d.UnitID, IncludeDeleted: d.ShowDeleted})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, e := range d.Expenses {
		if !e.Deleted() {
			d.TotalCents += e.AmountCents
		}
	}
	if d.Locked, err = s.db.MonthLocked(r.Context(), from, 0); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "expenses", &Page{Title: "Despesas", Data: d})
}

type expenseFormData struct {
	ID         int64
	Categories []clinic.Choice
	Units      []clinic.Choice
}

func (s *Server) expenseFormPage(r *http.Request, id int64) (*Page, error) {
	d := expenseFormData{ID: id}
	var err error
	if d.Categories, err = s.db.ExpenseCategoryChoices(r.Context()); err != nil {
		return nil, err
	}
	if d.Units, err = s.db.ExpenseUnitChoices(r.Context()); err != nil {
		return nil, err
	}
	title := "Nova despesa"
	if id != 0 {
		title = "Alterar despesa"
	}
	return &Page{Title: title, Data: d}, nil
}

func (s *Server) expenseNewForm(w http.ResponseWriter, r *http.Request) {
	page, err := s.expenseFormPage(r, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = map[string][]string{"date": {s.today()}}
	s.render(w, r, http.StatusOK, "expense_form", page)
}

func (s *Server) expenseEditForm(w http.ResponseWriter, r *http.Request) {
	e, err := s.db.Expense(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if e.Deleted() {
		s.fail(w, r, clinic.Errorf(clinic.ErrConflict,
			"Esta despesa foi excluída e não pode ser alterada."))
		return
	}
	page, err := s.expenseFormPage(r, e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Form = map[string][]string{
		"category_id": {strconv.FormatInt(e.CategoryID, 10)},
		"unit_id":     {strconv.FormatInt(e.UnitID, 10)},
		"date":        {e.Date}, "amount": {moneyInput(e.AmountCents)},
		"description": {e.Description},
	}
	s.render(w, r, http.StatusOK, "expense_form", page)
}

// expenseInput reads the expense form; money and date problems come back
// as field messages.
func expenseInput(r *http.Request) (sqlite.ExpenseInput, error) {
	in := sqlite.ExpenseInput{CategoryID: financeID(r.PostForm.Get("category_id")),
		UnitID: financeID(r.PostForm.Get("unit_id")), Description: r.PostForm.Get("description")}
	fe := clinic.FieldErrors{}
	amount, err := clinic.ParseMoney(r.PostForm.Get("amount"))
	if err != nil {
		fe.Add("amount", err.Error())
	}
	in.AmountCents = amount
	date, err := clinic.ParseDateBR(r.PostForm.Get("date"))
	if err != nil || date == "" {
		fe.Add("date", "Digite a data da despesa, por exemplo 04/12/2026.")
	}
	in.Date = date
	return in, fe.Err()
}

func (s *Server) expenseSave(w http.ResponseWriter, r *http.Request, id int64) {
	r.ParseForm()
	in, err := expenseInput(r)
	if err == nil {
		if id == 0 {
			_, err = s.db.CreateExpense(r.Context(), actor(r), in)
		} else {
			err = s.db.UpdateExpense(r.Context(), actor(r), id, in)
		}
	}
	if err != nil {
		page, perr := s.expenseFormPage(r, id)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		s.formError(w, r, "expense_form", page, err)
		return
	}
	s.redirect(w, r, "/expenses?month="+in.Date[:7], fmt.Sprintf(
		"Despesa de %s em %s salva.", clinic.FormatMoney(in.AmountCents),
		clinic.FormatDateBR(in.Date)))
}

func (s *Server) expenseCreate(w http.ResponseWriter, r *http.Request) { s.expenseSave(w, r, 0) }

func (s *Server) expenseUpdate(w http.ResponseWriter, r *http.Request) {
	s.expenseSave(w, r, pathID(r))
}

func (s *Server) expenseDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r)
	e, err := s.db.Expense(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := "/expenses?month=" + e.Date[:7]
	if err := s.db.DeleteExpense(r.Context(), actor(r), id, r.PostForm.Get("reason")); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	s.redirect(w, r, back, "Despesa excluída. Ela continua listada em "+
		"\"mostrar excluídas\", com o motivo.")
}

func (s *Server) expenseCategoryList(w http.ResponseWriter, r *http.Request) {
	cats, err := s.db.ExpenseCategories(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "expenses_categories", &Page{
		Title: "Categorias de despesa", Data: cats})
}

func (s *Server) expenseCategoryCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	_, err := s.db.SaveExpenseCategory(r.Context(), actor(r), 0, r.PostForm.Get("name"), true)
	if err != nil {
		cats, lerr := s.db.ExpenseCategories(r.Context())
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		s.formError(w, r, "expenses_categories", &Page{Title: "Categorias de despesa",
			Data: cats}, err)
		return
	}
	s.redirect(w, r, "/expenses/categories", "Categoria criada.")
}

func (s *Server) expenseCategoryUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	active := r.PostForm.Get("active") == "1"
	_, err := s.db.SaveExpenseCategory(r.Context(), actor(r), pathID(r),
		r.PostForm.Get("name"), active)
	if err != nil {
		s.failBack(w, r, "/expenses/categories", err)
		return
	}
	s.redirect(w, r, "/expenses/categories", "Categoria salva.")
}
