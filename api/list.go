package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mutualsrm/mutual"
)

// list is the envelope of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}

// query reads query parameters, collecting a problem per bad one.
type query struct {
	r        *http.Request
	problems mutual.Problems
}

func newQuery(r *http.Request) *query { return &query{r: r} }

// str returns a trimmed parameter; text that is not UTF-8 or holds NUL
// characters is a problem, as no database could search for it.
func (q *query) str(name string) string {
	v := strings.TrimSpace(q.r.URL.Query().Get(name))
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		q.problems.Add("query."+name, "text", "Must be UTF-8 text without NUL characters.")
		return ""
	}
	return v
}

// enum returns a parameter that must be one of set, or "".
func (q *query) enum(name string, set []string) string {
	v := q.str(name)
	if v != "" && !slices.Contains(set, v) {
		q.problems.Add("query."+name, "enum", "Must be one of "+strings.Join(set, ", ")+".")
		return ""
	}
	return v
}

// id returns a parameter holding an ID, or the zero ID.
func (q *query) id(name string) mutual.ID {
	id, ok := mutual.ParseID(q.str(name))
	if !ok {
		q.problems.Add("query."+name, "id", "Must be an ID (a string of digits).")
	}
	return id
}

// date returns a parameter holding a date (YYYY-MM-DD), or the zero Date.
func (q *query) date(name string) mutual.Date {
	s := q.str(name)
	if s == "" {
		return mutual.Date{}
	}
	d, ok := mutual.ParseDate(s)
	if !ok {
		q.problems.Add("query."+name, "date", "Must be a date (YYYY-MM-DD).")
	}
	return d
}

// limit returns the page size: 50 when absent; above 500 it is lowered to
// 500 (mutual.ClampLimit); below 1 or not a number is a problem.
func (q *query) limit() int {
	s := q.str("limit")
	if s == "" {
		return mutual.ClampLimit(0)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		q.problems.Add("query.limit", "limit", "Must be a whole number from 1 to 500.")
		return 0
	}
	return mutual.ClampLimit(n)
}

// err returns the problems found, or nil.
func (q *query) err() error { return q.problems.Err() }

// findOnPartner reads the object named by the path parameter param and
// answers not found unless it belongs to the partner named by {id}: another
// partner's object is not reachable through this partner's path.
func findOnPartner[T any](r *http.Request, param string, find func(context.Context, mutual.ID) (T, error), partnerOf func(T) mutual.ID, what string) (T, error) {
	var zero T
	pid, err := pathID(r, "id")
	if err != nil {
		return zero, err
	}
	id, err := pathID(r, param)
	if err != nil {
		return zero, err
	}
	v, err := find(r.Context(), id)
	if err != nil {
		return zero, err
	}
	if partnerOf(v) != pid {
		return zero, mutual.Errorf(mutual.ENOTFOUND, "%s not found.", what)
	}
	return v, nil
}
