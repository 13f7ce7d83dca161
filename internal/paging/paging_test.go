// Copyright (c) 2026 The terraform-provider-xclade authors
// SPDX-License-Identifier: MPL-2.0

package paging

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("id%03d", i)
	}
	return out
}

func self(s string) string { return s }

func TestOffsetWalksEveryItemOnce(t *testing.T) {
	all := ids(25)
	var got []string
	requests := 0
	err := Offset(context.Background(), "list", 10, self, func(_ context.Context, offset, limit int) ([]string, int, error) {
		requests++
		return all[offset:min(offset+limit, len(all))], len(all), nil
	}, func(fresh []string, _ int) bool { got = append(got, fresh...); return true })
	if err != nil || len(got) != 25 || requests != 3 {
		t.Fatalf("got %d items in %d requests, err %v", len(got), requests, err)
	}
}

// A key created between two requests shifts the later pages: items seen
// already are not handed out twice.
func TestOffsetSkipsRepeatsOfShiftedPages(t *testing.T) {
	pages := [][]string{{"a", "b"}, {"b", "c"}, {"d"}}
	var got []string
	i := 0
	err := Offset(context.Background(), "list", 2, self, func(context.Context, int, int) ([]string, int, error) {
		i++
		return pages[i-1], 5, nil
	}, func(fresh []string, _ int) bool { got = append(got, fresh...); return true })
	if err != nil || strings.Join(got, "") != "abcd" {
		t.Fatalf("got %v, err %v", got, err)
	}
}

func TestOffsetStopsWhenTheServerIgnoresOffset(t *testing.T) {
	requests := 0
	err := Offset(context.Background(), "GET /things", 2, self, func(context.Context, int, int) ([]string, int, error) {
		requests++
		return []string{"a", "b"}, 100, nil
	}, func([]string, int) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "does not page by offset") || requests != 2 {
		t.Fatalf("after %d requests: %v", requests, err)
	}
}

func TestCursorFollowsUntilNoMore(t *testing.T) {
	all := ids(7)
	var got []string
	err := Cursor(context.Background(), "list", self, func(_ context.Context, cursor string) ([]string, string, bool, error) {
		start := 0
		for i, id := range all {
			if id == cursor {
				start = i + 1
			}
		}
		page := all[start:min(start+3, len(all))]
		return page, page[len(page)-1], start+3 < len(all), nil
	}, func(fresh []string) bool { got = append(got, fresh...); return true })
	if err != nil || len(got) != 7 {
		t.Fatalf("got %v, err %v", got, err)
	}
}

func TestCursorStopsWhenTheServerIgnoresTheCursor(t *testing.T) {
	requests := 0
	err := Cursor(context.Background(), "GET /keys", self, func(context.Context, string) ([]string, string, bool, error) {
		requests++
		return []string{"a", "b"}, fmt.Sprint("b", requests), true, nil
	}, func([]string) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "does not follow the cursor") || requests != 2 {
		t.Fatalf("after %d requests: %v", requests, err)
	}
}

// A server that never runs out of pages is asked at most MaxPages times.
func TestWalksStopAtThePageCap(t *testing.T) {
	saved := MaxPages
	MaxPages = 7
	t.Cleanup(func() { MaxPages = saved })
	requests := 0
	err := Offset(context.Background(), "GET /things", 1, self, func(context.Context, int, int) ([]string, int, error) {
		requests++
		return []string{fmt.Sprint(requests)}, 1 << 30, nil
	}, func([]string, int) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "after 7 pages") || requests != 7 {
		t.Errorf("offset: %d requests, %v", requests, err)
	}
	requests = 0
	err = Cursor(context.Background(), "GET /keys", self, func(context.Context, string) ([]string, string, bool, error) {
		requests++
		return []string{fmt.Sprint(requests)}, fmt.Sprint(requests), true, nil
	}, func([]string) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "after 7 pages") || requests != 7 {
		t.Errorf("cursor: %d requests, %v", requests, err)
	}
}
