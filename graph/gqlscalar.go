package graph

import (
	"fmt"
	"io"
	"strconv"
)

// The methods below let gqlgen bind the GraphQL scalar PartialDate and the
// enums straight to the domain types (they satisfy graphql.Marshaler and
// Unmarshaler without importing gqlgen). An empty value marshals as null:
// an unknown date or an unstated enum is absent, not "".

// MarshalGQL writes the date as a JSON string, or null when unknown.
func (d Date) MarshalGQL(w io.Writer) { writeString(w, string(d)) }

// UnmarshalGQL reads and checks a date.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("PartialDate must be a string, got %T", v)
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return Invalid("", "%v", err)
	}
	*d = parsed
	return nil
}

func writeString(w io.Writer, s string) {
	if s == "" {
		io.WriteString(w, "null")
		return
	}
	io.WriteString(w, strconv.Quote(s))
}

func unmarshalEnum[T ~string](v any, valid func(T) bool, name string) (T, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s must be a string, got %T", name, v)
	}
	if !valid(T(s)) {
		return "", fmt.Errorf("%q is not a valid %s", s, name)
	}
	return T(s), nil
}

func (t NodeType) Valid() bool {
	for _, x := range NodeTypes {
		if x == t {
			return true
		}
	}
	return false
}

func (t NodeType) MarshalGQL(w io.Writer)         { writeString(w, string(t)) }
func (r RelType) MarshalGQL(w io.Writer)          { writeString(w, string(r)) }
func (s NetworkScope) MarshalGQL(w io.Writer)     { writeString(w, string(s)) }
func (k NetworkKind) MarshalGQL(w io.Writer)      { writeString(w, string(k)) }
func (s MembershipStatus) MarshalGQL(w io.Writer) { writeString(w, string(s)) }
func (k InstitutionKind) MarshalGQL(w io.Writer)  { writeString(w, string(k)) }
func (k EventKind) MarshalGQL(w io.Writer)        { writeString(w, string(k)) }
func (k PartnershipKind) MarshalGQL(w io.Writer)  { writeString(w, string(k)) }

func (t *NodeType) UnmarshalGQL(v any) (err error) {
	*t, err = unmarshalEnum(v, NodeType.Valid, "NodeType")
	return err
}

func (r *RelType) UnmarshalGQL(v any) (err error) {
	*r, err = unmarshalEnum(v, RelType.Valid, "RelationType")
	return err
}

func (s *NetworkScope) UnmarshalGQL(v any) (err error) {
	*s, err = unmarshalEnum(v, NetworkScope.Valid, "NetworkScope")
	return err
}

func (k *NetworkKind) UnmarshalGQL(v any) (err error) {
	*k, err = unmarshalEnum(v, NetworkKind.Valid, "NetworkKind")
	return err
}

func (s *MembershipStatus) UnmarshalGQL(v any) (err error) {
	*s, err = unmarshalEnum(v, MembershipStatus.Valid, "MembershipStatus")
	return err
}

func (k *InstitutionKind) UnmarshalGQL(v any) (err error) {
	*k, err = unmarshalEnum(v, InstitutionKind.Valid, "InstitutionKind")
	return err
}

func (k *EventKind) UnmarshalGQL(v any) (err error) {
	*k, err = unmarshalEnum(v, EventKind.Valid, "EventKind")
	return err
}

func (k *PartnershipKind) UnmarshalGQL(v any) (err error) {
	*k, err = unmarshalEnum(v, PartnershipKind.Valid, "PartnershipKind")
	return err
}

func (k CentralityKind) MarshalGQL(w io.Writer) { writeString(w, string(k)) }

func (k *CentralityKind) UnmarshalGQL(v any) (err error) {
	*k, err = unmarshalEnum(v, CentralityKind.Valid, "CentralityKind")
	return err
}

// Valid reports whether f is a known import format.
func (f ImportFormat) Valid() bool { return f == ImportJSON || f == ImportCSV }

func (f ImportFormat) MarshalGQL(w io.Writer) { writeString(w, string(f)) }

func (f *ImportFormat) UnmarshalGQL(v any) (err error) {
	*f, err = unmarshalEnum(v, ImportFormat.Valid, "ImportFormat")
	return err
}

// Valid reports whether k is a known kind of change.
func (k ChangeKind) Valid() bool { return k == Created || k == Updated || k == Deleted }

func (k ChangeKind) MarshalGQL(w io.Writer) { writeString(w, string(k)) }

func (k *ChangeKind) UnmarshalGQL(v any) (err error) {
	*k, err = unmarshalEnum(v, ChangeKind.Valid, "ChangeKind")
	return err
}
