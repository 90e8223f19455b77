package store

import (
	"errors"

	"github.com/mutualsrm/mutual"
)

func invalid(field, rule, message string) error {
	return &mutual.Error{Code: mutual.EINVALID, Message: "Some fields are not valid.", Fields: []mutual.FieldError{{Field: field, Rule: rule, Message: message}}}
}

func conflict(field, message string) error {
	return &mutual.Error{Code: mutual.ECONFLICT, Message: message, Fields: []mutual.FieldError{{Field: field, Rule: "duplicate", Message: message}}}
}

func stale(what string) error {
	return mutual.Errorf(mutual.EPRECONDITION, "This %s was changed by someone else. Reload it and try again.", what)
}

func notFound(what string) error {
	return mutual.Errorf(mutual.ENOTFOUND, "%s not found.", what)
}

// mergeProblems joins the field errors of two EINVALID errors.
func mergeProblems(a, b error) error {
	var ea, eb *mutual.Error
	if !errors.As(a, &ea) {
		return b
	}
	if !errors.As(b, &eb) {
		return a
	}
	return &mutual.Error{Code: mutual.EINVALID, Message: ea.Message, Fields: append(append([]mutual.FieldError{}, ea.Fields...), eb.Fields...)}
}
