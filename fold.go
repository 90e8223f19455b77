package mutual

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search key of s: lower case, without accents, with every
// run of characters other than letters and digits turned into one space.
// "Công ty TNHH Thiết bị Nguyễn Đức" folds to "cong ty tnhh thiet bi nguyen duc".
// Đ and đ are letters of their own in Vietnamese, not accented d, so Unicode
// decomposition leaves them alone; Fold maps them to d because that is how
// people type them on a keyboard without Vietnamese input.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	put := func(r rune) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			put(rune(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		folded := ""
		if int(r) < len(foldTable) {
			folded = foldTable[r]
		} else {
			folded = foldRune(r)
		}
		if folded == "" {
			put(' ')
		}
		for _, d := range folded {
			put(d)
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// foldTable holds the folded form of the runes up to U+2000, which covers
// Latin with every Vietnamese letter, so that Fold does no Unicode
// decomposition on the hot path.
var foldTable [0x2000]string

func init() {
	for r := range rune(len(foldTable)) {
		foldTable[r] = foldRune(r)
	}
}

// foldRune returns the lower-case letters and digits of r without accents,
// or "" when r is neither letter nor digit.
func foldRune(r rune) string {
	switch r {
	case 'đ', 'Đ':
		return "d"
	case 'ß':
		return "ss"
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if unicode.IsLetter(d) || unicode.IsDigit(d) {
			b.WriteRune(unicode.ToLower(d))
		}
	}
	return b.String()
}

// SearchTerms splits a user's query into folded words.
func SearchTerms(q string) []string {
	return strings.Fields(Fold(q))
}
