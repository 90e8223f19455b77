package mutual

import "context"

// An import of many rows (a CSV file of 100,000 partners) must neither
// hold the database's writers for long nor leave half of itself behind. It
// therefore runs in two steps, each rows at a time, so that memory does not
// grow with the file:
//
//  1. Check: the caller validates every row and hands them to Check a chunk
//     at a time; Check reports what the database has against them (a tax
//     code taken, an owner who may not be assigned) without writing.
//  2. Write: the caller reads the same rows again and hands them to Write,
//     which writes them in short transactions, each well under a second, so
//     that other writers take their turn between them.
//
// The rows written carry the ID of their import and stay invisible until
// the import is done; if it fails (a tax code taken meanwhile, the caller
// gone) or its process dies, what it wrote is removed again, by the importer
// or else by the next process to open the database and by the server's
// background job (ImportService). The audit log records each row created
// and each row removed.

// PartnerImport is one import of many partners. Check every partner, then
// Write them all; an import is used once.
type PartnerImport interface {
	// Check reports what the database has against creating ps, validated
	// already: tax codes other partners hold (rule "duplicate") and owners or
	// sponsors who may not be assigned, as fields "[i].field" with i the
	// index in ps. The code is ECONFLICT when every problem is a taken tax
	// code, EINVALID otherwise.
	Check(ctx context.Context, ps []*Partner) error
	// Write creates the partners next returns, up to io.EOF: the partners
	// checked, in the same order. All or none: on any error nothing of the
	// import remains. It returns the number of partners created.
	Write(ctx context.Context, next func() (*Partner, error)) (int, error)
}

// ContactImport is one import of many contacts. Check every contact, then
// Write them all; an import is used once.
type ContactImport interface {
	// Check reports contacts whose partner does not exist or may not be seen
	// ("[i].partner_id", rule "exists"). EFORBIDDEN when the caller may not
	// change one of the partners' contacts.
	Check(ctx context.Context, cs []*Contact) error
	// Write adds the contacts next returns, up to io.EOF, as PartnerImport
	// does partners.
	Write(ctx context.Context, next func() (*Contact, error)) (int, error)
}

// ImportService looks after imports that did not finish.
type ImportService interface {
	// RemoveAbandonedImports removes the rows of imports that failed, or
	// whose process stopped writing a while ago, and returns how many rows it
	// removed.
	RemoveAbandonedImports(ctx context.Context) (int, error)
}
