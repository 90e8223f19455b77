package csv_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/mutualsrm/mutual"
	"github.com/mutualsrm/mutual/csv"
)

// hugeHeader is a header of n unknown columns, 11 bytes each: the
// reviewer's file had 1,000,000 of them in 7.9 MB.
func hugeHeader(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "col%07d", i)
	}
	b.WriteString("\nA,VN,supplier\n")
	return b.String()
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestImportPartners_HugeHeader(t *testing.T) {
	file := hugeHeader(1_000_000)
	var err error
	bytes := allocated(func() { _, err = csv.ImportPartners(ctx, &fakePartners{}, strings.NewReader(file)) })
	wantFields(t, err, mutual.EINVALID, "line 1/header_too_long")
	// The header is refused after its first 64 KB: the work and the report
	// do not grow with it.
	if bytes > 2<<20 {
		t.Errorf("refusing a %d MB header allocated %d KB", len(file)>>20, bytes>>10)
	}
	small := hugeHeader(10_000)
	allocs := func(file string) float64 {
		return testing.AllocsPerRun(3, func() { csv.ImportPartners(ctx, &fakePartners{}, strings.NewReader(file)) })
	}
	if a, b := allocs(small), allocs(file); b > a+10 {
		t.Errorf("allocations grow with the header: %.0f for 10,000 columns, %.0f for 1,000,000", a, b)
	}
}

func TestImportPartners_HeaderLimits(t *testing.T) {
	t.Run("TooManyColumns", func(t *testing.T) {
		cols := make([]string, 300)
		for i := range cols {
			cols[i] = "c" + fmt.Sprint(i)
		}
		_, err := csv.ImportPartners(ctx, &fakePartners{}, strings.NewReader(strings.Join(cols, ",")+"\n"))
		wantFields(t, err, mutual.EINVALID, "line 1/too_many_columns")
	})
	t.Run("UnknownColumnsNamedFew", func(t *testing.T) {
		cols := []string{"name", "country", "roles"}
		for i := range 20 {
			cols = append(cols, fmt.Sprintf("extra%02d", i))
		}
		_, err := csv.ImportPartners(ctx, &fakePartners{}, strings.NewReader(strings.Join(cols, ",")+"\n"))
		wantFields(t, err, mutual.EINVALID, "line 1: extra00/unknown_column", "line 1: extra01/unknown_column",
			"line 1: extra02/unknown_column", "line 1: extra03/unknown_column", "line 1: extra04/unknown_column", "line 1/unknown_columns")
		if f := mutual.ErrorFields(err); !strings.Contains(f[5].Message, "15 more") {
			t.Errorf("message = %q", f[5].Message)
		}
	})
	t.Run("RowTooLong", func(t *testing.T) {
		file := "name,country,roles,notes\nA,VN,supplier,short\nB,VN,supplier," + strings.Repeat("x", 300<<10) + "\nC,VN,supplier,\n"
		_, err := csv.ImportPartners(ctx, &fakePartners{}, strings.NewReader(file))
		wantFields(t, err, mutual.EINVALID, "line 3/row_too_long")
	})
}

// heapSampler reads r and, every few MB, measures the live heap after a
// collection: what an import holds, not the garbage it makes.
type heapSampler struct {
	r         io.Reader
	read, max uint64
	next      uint64
}

func (h *heapSampler) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.read += uint64(n)
	if h.read >= h.next {
		h.next = h.read + 2<<20
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		h.max = max(h.max, m.HeapAlloc)
	}
	return n, err
}

func (h *heapSampler) Seek(offset int64, whence int) (int64, error) {
	return h.r.(io.Seeker).Seek(offset, whence)
}

// TestImportPartners_ManyBadRows imports 2,000,000 rows with two
// problems each: the report lists 1,000 problems and counts the rest, the
// file is read no further than MaxRows, and the memory the import holds
// does not grow with the problems.
func TestImportPartners_ManyBadRows(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 2,000,000 rows")
	}
	file := []byte("name,country,roles\n" + strings.Repeat("x,,\n", 2_000_000))
	var base runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	h := &heapSampler{r: bytes.NewReader(file)}
	_, err := csv.ImportPartners(ctx, &fakePartners{}, h)
	var e *mutual.Error
	if !asError(err, &e) || e.Code != mutual.EINVALID {
		t.Fatalf("err = %v", err)
	}
	if got := len(e.Fields); got != csv.MaxProblems {
		t.Errorf("%d problems listed, want %d", got, csv.MaxProblems)
	}
	rows := csv.MaxRows
	if got, want := e.Omitted+len(e.Fields), 2*rows+1; got != want {
		t.Errorf("%d problems counted, want %d", got, want)
	}
	if want := fmt.Sprintf("500,000 of 500,000 rows have errors; nothing was imported. 1,000 of %s problems shown.", "1,000,001"); e.Message != want {
		t.Errorf("message = %q, want %q", e.Message, want)
	}
	if f := e.Fields; f[0].Field != "line 2: country" || f[999].Field != "line 501: roles" {
		t.Errorf("problems listed from %q to %q, want the first by line", f[0].Field, f[999].Field)
	}
	if held := int64(h.max) - int64(base.HeapAlloc); held > 16<<20 {
		t.Errorf("the import held %d MB more than the file", held>>20)
	}
}

func asError(err error, target **mutual.Error) bool {
	e, ok := err.(*mutual.Error)
	*target = e
	return ok
}

// BenchmarkImportPartners_BadRows reads 100,000 rows with problems: its
// B/op is the garbage an import makes, about a kilobyte a row.
func BenchmarkImportPartners_BadRows(b *testing.B) {
	file := []byte("name,country,roles\n" + strings.Repeat("x,,\n", 100_000))
	b.ReportAllocs()
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		if _, err := csv.ImportPartners(ctx, &fakePartners{}, bytes.NewReader(file)); err == nil {
			b.Fatal("no error")
		}
	}
}
