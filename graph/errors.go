package graph

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Stores return them; the GraphQL layer maps them to
// extensions.code. Messages of coded errors are safe to show to users.
const (
	ENOTFOUND        = "not_found"
	EINVALID         = "invalid"
	ECONFLICT        = "conflict"
	EUNAUTHENTICATED = "unauthenticated"
	EFORBIDDEN       = "forbidden"
	EINTERNAL        = "internal"
	ENOTIMPLEMENTED  = "not_implemented" // the backend does not offer this yet
	EUNAVAILABLE     = "unavailable"     // the server cannot do it now (a read-only store); nothing was done, retry later
	ETIMEOUT         = "timeout"         // ran out of its time (an import's deadline); nothing was written
)

// Error is a domain error: a code, a message safe for users and, for
// invalid input, the field at fault (e.g. "first" or "cities[3].country").
type Error struct {
	Code    string
	Field   string
	Message string
	// Extensions are details for the client, added to the GraphQL
	// error's extensions (e.g. the referrers of a refused delete).
	Extensions map[string]any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error for a field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an ENOTFOUND error for an id of a type.
func NotFound(t NodeType, id string) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("no %s with id %q", typeNoun(t), id)}
}

func typeNoun(t NodeType) string {
	if t == "" {
		return "node"
	}
	return strings.ToLower(string(t))
}

// ErrorCode returns the code of err, EINTERNAL for any uncoded error and ""
// for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; uncoded errors get a
// generic message so internal details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}
