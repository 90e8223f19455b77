package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestTransactions_ThroughHelpers holds every store method to one way of
// running a transaction: it calls db.read or db.write (or readTx, readPage,
// writeTx), which begin, commit and roll back. The test fails when a
// non-test file of the package begins, commits or rolls back a
// transaction itself anywhere but in those helpers.
func TestTransactions_ThroughHelpers(t *testing.T) {
	// The helpers, and the functions of db.go they call, are the only
	// functions that begin and end transactions.
	helpers := map[string]bool{"db.go read": true, "db.go write": true, "db.go beginWrite": true,
		"db.go Commit": true, "db.go Rollback": true}
	manual := map[string]bool{"beginWrite": true, "beginRead": true, "beginWriteTx": true, "Commit": true, "Rollback": true}

	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || helpers[path+" "+fn.Name.Name] {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && manual[sel.Sel.Name] {
					t.Errorf("%s: %s calls %s: run the transaction through db.read or db.write (db.go)",
						fset.Position(call.Pos()), fn.Name.Name, sel.Sel.Name)
				}
				return true
			})
		}
	}
}

// TestSQLiteTuning_NotCalledByEntities holds the entity files to the seam:
// what the SQLite tuning files (sqlite_*.go, and position.go's name order)
// declare is called only from db.go, dialect.go, the tuning files
// themselves and the imports, never from an entity file.
func TestSQLiteTuning_NotCalledByEntities(t *testing.T) {
	tuning := func(path string) bool { return strings.HasPrefix(path, "sqlite_") || path == "position.go" }
	seam := func(path string) bool {
		return tuning(path) || path == "db.go" || path == "dialect.go" || strings.HasPrefix(path, "import") || path == "partner_index.go"
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	parsed := map[string]*ast.File{}
	declared := map[string]string{} // name -> file
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed[path] = f
		if !tuning(path) {
			continue
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok {
				declared[fn.Name.Name] = path
			}
		}
	}
	if len(declared) == 0 {
		t.Fatal("no tuning files found")
	}
	for path, f := range parsed {
		if seam(path) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				name = fun.Name
			case *ast.SelectorExpr:
				name = fun.Sel.Name
			}
			if from, ok := declared[name]; ok {
				t.Errorf("%s calls %s of %s, SQLite tuning: reach it through db.go or dialect.go", fset.Position(call.Pos()), name, from)
			}
			return true
		})
	}
}
