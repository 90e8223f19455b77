package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/mutualsrm/mutual"
)

// How stored columns are read back.

// timeCol scans a timestamp from either dialect.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*c.t = x.UTC()
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		if err != nil {
			return err
		}
		*c.t = t.UTC()
	case []byte:
		return c.Scan(string(x))
	case nil:
		*c.t = time.Time{}
	default:
		return fmt.Errorf("cannot scan %T into a time", v)
	}
	return nil
}

// idCol scans a nullable ID.
type idCol struct{ id *mutual.ID }

func (c idCol) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		*c.id = mutual.ID(x)
	case nil:
		*c.id = 0
	default:
		return fmt.Errorf("cannot scan %T into an ID", v)
	}
	return nil
}

// decimalColumn parses the text of the decimal column col, named
// table.column. Text that is no decimal number is a broken row: an internal
// error that names the column, never a silent zero.
func decimalColumn(col, s string) (mutual.Decimal, error) {
	d, ok := mutual.ParseDecimal(s)
	if !ok {
		return mutual.Decimal{}, mutual.Errorf(mutual.EINTERNAL, "stored %s is %q, not a decimal number", col, s)
	}
	return d, nil
}

// moneyColumn reads the nullable amount column col in a known currency: no
// amount when NULL.
func moneyColumn(col string, s sql.NullString, currency string) (mutual.Money, error) {
	if !s.Valid {
		return mutual.Money{}, nil
	}
	d, err := decimalColumn(col, s.String)
	if err != nil {
		return mutual.Money{}, err
	}
	return mutual.Money{Amount: d, Currency: currency}, nil
}
