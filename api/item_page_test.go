package api

import (
	"slices"
	"strconv"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// TestItemSearchPages checks the pagination of the item search: following
// the next links from the first page with pageSize n gives, for every
// viewer, the items of the default page in the same order, each page at
// most n long, with previous and next links exactly where a page exists;
// and page parameters out of bounds answer 400 naming them.
func TestItemSearchPages(t *testing.T) {
	c := newCasework(t)
	c.decide(c.main)
	for i := range 5 {
		c.mustItem("politie", "overlast-"+strconv.Itoa(i), &ga.Item{GroupID: c.main.ID, Category: "Overlast",
			Content: "Melding van overlast " + strconv.Itoa(i) + ".", ConcernsDate: ga.Date("2025-09-0" + strconv.Itoa(i+1))})
	}
	c.mustItem("school", "school-groep", &ga.Item{GroupID: c.main.ID, Category: "Schoolverzuim", Content: "Verzuim in de groep."})
	search := path("gegevens", "_zoek")
	for _, user := range []string{"politie", "school", "coordinator"} {
		all := decode[itemList](t, c.expect(request{method: "POST", path: search, user: user, body: map[string]any{}}, 200))
		if all.Links.Next != nil || all.Links.Previous != nil || all.Links.Self.Href != search+"?page=1&pageSize=50" {
			t.Errorf("%s: links of the only page %+v", user, all.Links)
		}
		if user == "politie" && len(all.Items) < 3 {
			t.Fatalf("politie sees %d items; the test needs at least 3", len(all.Items))
		}
		for _, size := range []int{1, 2, 3} {
			var got []string
			href := search + "?pageSize=" + strconv.Itoa(size)
			for n := 1; href != ""; n++ {
				l := decode[itemList](t, c.expect(request{method: "POST", path: href, user: user, body: map[string]any{}}, 200))
				if len(l.Items) > size || l.Count != len(l.Items) || (l.Next() != "") != (len(got)+len(l.Items) < len(all.Items)) ||
					(l.Links.Previous != nil) != (n > 1) || l.Links.First.Href != search+"?page=1&pageSize="+strconv.Itoa(size) {
					t.Errorf("%s, size %d, page %d: %d items, links %+v", user, size, n, len(l.Items), l.Links)
				}
				for _, it := range l.Items {
					got = append(got, it.ID)
				}
				href = l.Next()
				if n > len(all.Items)+1 {
					t.Fatalf("%s, size %d: the pages do not end", user, size)
				}
			}
			var want []string
			for _, it := range all.Items {
				want = append(want, it.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, size %d: pages give %v, want %v", user, size, got, want)
			}
		}
	}
	for _, q := range []struct{ query, param string }{
		{"?page=0", "page"}, {"?page=x", "page"}, {"?pageSize=0", "pageSize"}, {"?pageSize=101", "pageSize"}, {"?page=-2&pageSize=1", "page"},
	} {
		wantParams(t, c.expect(request{method: "POST", path: search + q.query, user: "politie", body: map[string]any{}}, 400), q.param)
	}
}

// Next is the link to the next page, or "".
func (l itemList) Next() string {
	if l.Links.Next == nil {
		return ""
	}
	return l.Links.Next.Href
}
