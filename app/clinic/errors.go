// Package clinic holds the domain types of a psychology clinic and the rules
// that need no database: validation, pt-BR formats, calendars, recurrence
// and overlap.
package clinic

import (
	"errors"
	"fmt"
)

// Error codes shared by the store and the web layer. The web layer maps
// each code to an HTTP status and logs only ErrInternal.
const (
	ErrInvalid      = "invalid"
	ErrNotFound     = "not_found"
	ErrConflict     = "conflict"
	ErrForbidden    = "forbidden"
	ErrUnauthorized = "unauthorized"
	ErrLocked       = "locked"
	ErrInternal     = "internal"
)

// Error is a failure with a code for programs and a Portuguese message for
// the clinic's staff. Fields maps form field names to their own messages.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	return fmt.Sprintf("clinic: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, ErrInternal when err is not an *Error,
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrInternal
}

// ErrorMessage returns the user message of err, or a generic Portuguese
// message when err carries none, so no raw error text reaches the screen.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "Ocorreu um erro inesperado. Tente de novo; se persistir, avise o administrador."
}

// FieldErrors collects one message per form field.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message, so the
// first problem found is the one shown.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an ErrInvalid *Error carrying the field messages, or nil when
// there are none.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{
		Code:    ErrInvalid,
		Message: "Corrija os campos indicados e salve de novo.",
		Fields:  f,
	}
}
