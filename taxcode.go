package mutual

import "strings"

// taxCodeWeights are the weights of the first nine digits of a Vietnamese tax
// code (mã số thuế); the tenth digit is 10 - (weighted sum mod 11).
var taxCodeWeights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// NormalizeTaxCode checks a Vietnamese tax code and returns it in the standard
// form "NNNNNNNNNN" or "NNNNNNNNNN-BBB". Spaces and dots that people type are
// dropped; thirteen digits without a dash are read as code and branch. The
// rule is the check digit of the first ten digits and a branch other than 000.
func NormalizeTaxCode(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
	main, branch, hasBranch := strings.Cut(s, "-")
	if !hasBranch && len(s) == 13 {
		main, branch, hasBranch = s[:10], s[10:], true
	}
	if len(main) != 10 || !allDigits(main) {
		return "", false
	}
	sum := 0
	for i, w := range taxCodeWeights {
		sum += int(main[i]-'0') * w
	}
	check := 10 - sum%11
	if check > 9 || int(main[9]-'0') != check {
		return "", false
	}
	if !hasBranch {
		return main, true
	}
	if len(branch) != 3 || !allDigits(branch) || branch == "000" {
		return "", false
	}
	return main + "-" + branch, true
}

// TaxCodeCheckDigit returns the check digit for the first nine digits of a
// tax code, and false when no digit can make them valid. Demo data uses it.
func TaxCodeCheckDigit(nine string) (byte, bool) {
	if len(nine) != 9 || !allDigits(nine) {
		return 0, false
	}
	sum := 0
	for i, w := range taxCodeWeights {
		sum += int(nine[i]-'0') * w
	}
	check := 10 - sum%11
	if check > 9 {
		return 0, false
	}
	return byte('0' + check), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
