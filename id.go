package mutual

import (
	"bytes"
	"strconv"
)

// ID identifies a stored object. In JSON it is an opaque string ("42"); the
// zero ID means "none" and is written as null.
type ID int64

// String returns the decimal form of id, or "" for the zero ID.
func (id ID) String() string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(int64(id), 10)
}

// ParseID reads an ID from a path or form value; "" reads as the zero ID.
func ParseID(s string) (ID, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return ID(n), true
}

// MarshalJSON writes the ID as a string, or null for the zero ID.
func (id ID) MarshalJSON() ([]byte, error) {
	return id.AppendJSON(make([]byte, 0, 21)), nil
}

// UnmarshalJSON accepts a string, a number, null or "".
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(bytes.TrimSpace(b), `"`)
	if len(b) == 0 || string(b) == "null" {
		*id = 0
		return nil
	}
	v, ok := ParseID(string(b))
	if !ok {
		return &Error{Code: EINVALID, Message: "Not a valid ID."}
	}
	*id = v
	return nil
}

// uniqueIDs returns ids without zeros and repeats, in their order.
func uniqueIDs(ids []ID) []ID {
	out := make([]ID, 0, len(ids))
	for _, id := range ids {
		dup := false
		for _, o := range out {
			dup = dup || o == id
		}
		if !dup && id != 0 {
			out = append(out, id)
		}
	}
	return out
}

// AppendJSON appends what MarshalJSON writes (a string of digits, or null)
// to dst, for encoders that write large bodies without reflection.
func (id ID) AppendJSON(dst []byte) []byte {
	if id == 0 {
		return append(dst, "null"...)
	}
	dst = append(dst, '"')
	dst = strconv.AppendInt(dst, int64(id), 10)
	return append(dst, '"')
}
