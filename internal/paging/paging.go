// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

// Package paging walks paged listings with the guards every API client
// needs: a page that adds no item not seen before ends the walk (a server
// that ignores the offset or the cursor would otherwise serve the same page
// forever), and so does a hard cap on pages.
package paging

import (
	"context"
	"fmt"
)

// MaxPages bounds every walk: 10,000 pages is ten million items at the
// page sizes these APIs allow, far beyond any tenant, and still ends a walk
// that a misbehaving server (fresh ids on every page, a count that keeps
// ahead) would make endless. A variable so that a test can lower it.
var MaxPages = 10_000

// Offset walks an offset-paged listing: fetch returns the items from offset
// on (at most limit) and the server's count of all matches. fn gets each
// page's items not seen before and that count, and stops the walk by
// returning false. what names the listing in errors.
func Offset[T any](ctx context.Context, what string, pageSize int, id func(T) string,
	fetch func(ctx context.Context, offset, limit int) ([]T, int, error), fn func(fresh []T, total int) bool) error {
	seen := map[string]bool{}
	offset := 0
	for pages := 1; ; pages++ {
		items, total, err := fetch(ctx, offset, pageSize)
		if err != nil {
			return err
		}
		fresh := unseen(items, id, seen)
		if len(items) > 0 && len(fresh) == 0 {
			return fmt.Errorf("%s: the page at offset %d repeats only items of earlier pages, so the server does not page by "+
				"offset; stopped after %d requests instead of listing the same items forever (check base_url)", what, offset, pages)
		}
		if !fn(fresh, total) {
			return nil
		}
		offset += len(items)
		if len(items) == 0 || offset >= total {
			return nil
		}
		if pages >= MaxPages {
			return fmt.Errorf("%s: still not at the end after %d pages of %d (the server counts %d matches); stopped: "+
				"raise the page size, or narrow the filters", what, pages, pageSize, total)
		}
	}
}

// Cursor walks a cursor-paged listing: fetch returns the items after
// cursor ("" for the first page), the cursor of the next page and whether
// there is one. fn gets each page's items not seen before.
func Cursor[T any](ctx context.Context, what string, id func(T) string,
	fetch func(ctx context.Context, cursor string) (items []T, next string, more bool, err error), fn func(fresh []T) bool) error {
	seen := map[string]bool{}
	cursor := ""
	for pages := 1; ; pages++ {
		items, next, more, err := fetch(ctx, cursor)
		if err != nil {
			return err
		}
		fresh := unseen(items, id, seen)
		if len(items) > 0 && len(fresh) == 0 {
			return fmt.Errorf("%s: the page after %q repeats only items of earlier pages, so the server does not follow "+
				"the cursor; stopped after %d requests instead of listing the same items forever (check base_url)", what, cursor, pages)
		}
		if !fn(fresh) {
			return nil
		}
		if !more || len(items) == 0 || next == "" || next == cursor {
			return nil
		}
		if pages >= MaxPages {
			return fmt.Errorf("%s: still not at the end after %d pages; stopped: narrow the filters", what, pages)
		}
		cursor = next
	}
}

func unseen[T any](items []T, id func(T) string, seen map[string]bool) []T {
	fresh := make([]T, 0, len(items))
	for _, it := range items {
		if k := id(it); !seen[k] {
			seen[k] = true
			fresh = append(fresh, it)
		}
	}
	return fresh
}
