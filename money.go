package mutual

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// currencyData lists ISO 4217 active currency codes and the number of digits
// of their minor unit (VND has none, USD two, BHD three).
const currencyData = `AED2 AFN2 ALL2 AMD2 ANG2 AOA2 ARS2 AUD2 AWG2 AZN2 BAM2 BBD2 BDT2 BGN2 BHD3 BIF0 BMD2 BND2 BOB2 BRL2 BSD2 BTN2 BWP2 BYN2 BZD2 CAD2 CDF2 CHF2 CLP0 CNY2 COP2 CRC2 CUP2 CVE2 CZK2 DJF0 DKK2 DOP2 DZD2 EGP2 ERN2 ETB2 EUR2 FJD2 FKP2 GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 HKD2 HNL2 HTG2 HUF2 IDR2 ILS2 INR2 IQD3 IRR2 ISK0 JMD2 JOD3 JPY0 KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2 KZT2 LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2 MXN2 MYR2 MZN2 NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 OMR3 PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 QAR2 RON2 RSD2 RUB2 RWF0 SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 SZL2 THB2 TJS2 TMT2 TND3 TOP2 TRY2 TTD2 TWD2 TZS2 UAH2 UGX0 USD2 UYU2 UZS2 VES2 VND0 VUV0 WST2 XAF0 XCD2 XOF0 XPF0 YER2 ZAR2 ZMW2 ZWG2`

var currencyDigits = map[string]int32{}

func init() {
	for _, f := range strings.Fields(currencyData) {
		currencyDigits[f[:3]] = int32(f[3] - '0')
	}
}

// maxAmount bounds money amounts: 10^18 is a billion billion dong, far above
// any real sum, and keeps amounts within what both databases store exactly.
var maxAmount = decimal.New(1, 18)

// IsCurrency reports whether code is an ISO 4217 currency code.
func IsCurrency(code string) bool { _, ok := currencyDigits[code]; return ok }

// CurrencyDigits returns the digits of the minor unit of a currency (0 for VND).
func CurrencyDigits(code string) int32 { return currencyDigits[code] }

// Currencies returns the known currency codes, sorted.
func Currencies() []string {
	out := strings.Fields(currencyData)
	for i, f := range out {
		out[i] = f[:3]
	}
	return out
}

// Decimal is an exact decimal number. It is a value library's type so that
// arithmetic never goes through float.
type Decimal = decimal.Decimal

// ParseDecimal reads a decimal written with a dot, as the API and CSV do.
func ParseDecimal(s string) (Decimal, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "eE") {
		return Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// Money is an exact amount in a currency. The zero value means "no amount".
type Money struct {
	Amount   Decimal `json:"amount"`
	Currency string  `json:"currency"`
}

// IsZero reports whether m is unset.
func (m Money) IsZero() bool { return m.Currency == "" && m.Amount.IsZero() }

// String returns "1250000 VND".
func (m Money) String() string {
	if m.IsZero() {
		return ""
	}
	return m.Amount.String() + " " + m.Currency
}

// Validate checks the currency and that the amount has no more decimals than
// the currency's minor unit and is not negative; field names the field in errors.
func (m Money) Validate(field string, p *Problems) {
	if m.IsZero() {
		return
	}
	if !IsCurrency(m.Currency) {
		p.Add(field+".currency", "currency", "Unknown currency code (ISO 4217, such as VND or USD).")
		return
	}
	if m.Amount.IsNegative() {
		p.Add(field+".amount", "negative", "The amount cannot be negative.")
	} else if m.Amount.Cmp(maxAmount) >= 0 {
		p.Add(field+".amount", "too_large", "The amount is too large (at most 18 digits before the decimal point).")
	} else if !m.Amount.Equal(m.Amount.Truncate(CurrencyDigits(m.Currency))) {
		p.Add(field+".amount", "money_precision", "Too many decimals for this currency.")
	}
}

// MarshalJSON writes {"amount": "1250000", "currency": "VND"}, or null when unset.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte("null"), nil
	}
	return m.AppendJSON(make([]byte, 0, 48)), nil
}

// AppendJSON appends what MarshalJSON writes to b, written by hand: lists
// of prices are most of some responses.
func (m Money) AppendJSON(b []byte) []byte {
	if m.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, `{"amount":`...)
	b = strconv.AppendQuote(b, m.Amount.String())
	b = append(b, `,"currency":`...)
	b = strconv.AppendQuote(b, m.Currency)
	return append(b, '}')
}

// UnmarshalJSON accepts the amount as a string or a JSON number.
func (m *Money) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*m = Money{}
		return nil
	}
	if amount, currency, ok := plainMoney(b); ok {
		if d, ok := ParseDecimal(amount); ok {
			m.Amount, m.Currency = d, strings.ToUpper(strings.TrimSpace(currency))
			return nil
		}
	}
	// Money has an amount and a currency, nothing else, and their names
	// exactly: encoding/json would match "Amount" or "CURRENCY" to them.
	var v map[string]json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	var p Problems
	for _, name := range slices.Sorted(maps.Keys(v)) {
		if name != "amount" && name != "currency" {
			p.Add(name, "unknown", "Unknown field.")
		}
	}
	var currency string
	if raw, ok := v["currency"]; ok && json.Unmarshal(raw, &currency) != nil {
		p.Add("currency", "type", "Must be a string, such as \"VND\".")
	}
	if err := p.Err(); err != nil {
		return err
	}
	amount := string(v["amount"])
	if strings.HasPrefix(amount, `"`) && json.Unmarshal(v["amount"], &amount) != nil {
		amount = ""
	}
	d, ok := ParseDecimal(amount)
	if !ok {
		return &Error{Code: EINVALID, Message: "Some fields are not valid.", Fields: []FieldError{{Field: "amount", Rule: "decimal", Message: "Not a decimal number."}}}
	}
	m.Amount, m.Currency = d, strings.ToUpper(strings.TrimSpace(currency))
	return nil
}

// plainMoney reads the usual shape of money, {"amount":"1250000","currency":"VND"}
// (keys in either order, the amount quoted or not, no escapes), without
// reflection: price lists hold hundreds of them. Anything else reports
// false and goes through encoding/json.
func plainMoney(b []byte) (amount, currency string, ok bool) {
	i := 0
	skip := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	expect := func(c byte) bool {
		skip()
		if i < len(b) && b[i] == c {
			i++
			return true
		}
		return false
	}
	// str reads a quoted string without escapes.
	str := func() (string, bool) {
		if !expect('"') {
			return "", false
		}
		start := i
		for i < len(b) && b[i] != '"' {
			if b[i] == '\\' || b[i] < 0x20 {
				return "", false
			}
			i++
		}
		if i == len(b) {
			return "", false
		}
		i++
		return string(b[start : i-1]), true
	}
	// number reads an unquoted decimal.
	number := func() (string, bool) {
		skip()
		start := i
		for i < len(b) && (b[i] == '-' || b[i] == '.' || (b[i] >= '0' && b[i] <= '9')) {
			i++
		}
		return string(b[start:i]), i > start
	}
	if !expect('{') {
		return "", "", false
	}
	var haveAmount, haveCurrency bool
	for n := 0; n < 2; n++ {
		if n == 1 && !expect(',') {
			return "", "", false
		}
		key, good := str()
		if !good || !expect(':') {
			return "", "", false
		}
		switch {
		case key == "amount" && !haveAmount:
			skip()
			if i < len(b) && b[i] == '"' {
				amount, good = str()
			} else {
				amount, good = number()
			}
			haveAmount = good
		case key == "currency" && !haveCurrency:
			currency, good = str()
			haveCurrency = good
		default:
			return "", "", false
		}
		if !good {
			return "", "", false
		}
	}
	if !expect('}') {
		return "", "", false
	}
	skip()
	return amount, currency, i == len(b)
}
