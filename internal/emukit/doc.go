// Package emukit is the machinery both API emulators share and neither API
// defines: sortable ids, request accounting, and fault injection for tests.
// It imports no client and no provider, like the emulators themselves.
package emukit
