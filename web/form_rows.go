package web

// Lists of rows in forms (an event's lines, questions and criteria, a
// negotiation's lines): inputs are named like the domain's fields,
// "lines[3].quantity", so that a problem the domain names lands on its
// input. Rows may be added and removed in the browser (static/sourcing.js)
// and leave gaps in the indexes; the form is read in index order and shown
// again numbered from 0 without its blank rows, as the domain counts.

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
)

// rowKey matches the inputs of a list of rows: "lines[3].item".
var rowKey = regexp.MustCompile(`^([a-z_]+)\[(\d{1,4})\]\.([a-z_.]+)$`)

// formRows collects the rows of list from a form: one map of field to
// value per row index, in the order of the indexes. Rows removed in the
// browser leave gaps in the indexes, which do not matter.
func formRows(v url.Values, list string) []map[string]string {
	byIndex := map[int]map[string]string{}
	for key, vals := range v {
		m := rowKey.FindStringSubmatch(key)
		if m == nil || m[1] != list || len(vals) == 0 {
			continue
		}
		i, _ := strconv.Atoi(m[2])
		row := byIndex[i]
		if row == nil {
			row = map[string]string{}
			byIndex[i] = row
		}
		row[m[3]] = vals[len(vals)-1]
	}
	idx := make([]int, 0, len(byIndex))
	for i := range byIndex {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	rows := make([]map[string]string, len(idx))
	for j, i := range idx {
		rows[j] = byIndex[i]
	}
	return rows
}

// indexed names a field of row i of list the way the domain does:
// "lines[0].quantity".
func indexed(list string, i int, field string) string {
	return list + "[" + strconv.Itoa(i) + "]." + field
}

// rowPage is a form page with rows: the row templates translate and look
// up the problems of their fields through it.
type rowPage interface {
	T(key string, args ...any) string
	RowErr(list string, i int, field string) string
}

// formRow is one row of a list of rows in a form, as its template sees
// it. I is the index in the input names: "__i__" in the row template that
// the script copies to add a row.
type formRow[T any] struct {
	P    rowPage
	List string
	N    int
	I    string
	R    T
	Opts []string // the choices of the row's select, if it has one
}

// rowTemplateIndex is the index placeholder the script replaces.
const rowTemplateIndex = "__i__"

// Name returns the name of the row's input for field.
func (r formRow[T]) Name(field string) string { return r.List + "[" + r.I + "]." + field }

// Err returns the message of the row's field, if any.
func (r formRow[T]) Err(field string) string {
	if r.I == rowTemplateIndex {
		return ""
	}
	return r.P.RowErr(r.List, r.N, field)
}

// rowsOf returns the rows of a list for its row template.
func rowsOf[T any](p rowPage, list string, rows []T, opts []string) []formRow[T] {
	out := make([]formRow[T], len(rows))
	for i, r := range rows {
		out[i] = formRow[T]{P: p, List: list, N: i, I: strconv.Itoa(i), R: r, Opts: opts}
	}
	return out
}

// rowTemplate returns the blank row of a list that the script copies.
func rowTemplate[T any](p rowPage, list string, opts []string) formRow[T] {
	return formRow[T]{P: p, List: list, I: rowTemplateIndex, Opts: opts}
}
