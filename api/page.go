package api

import (
	"net/http"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Pagination follows the pattern of the API Design Rules' community (as in
// the Haal Centraal APIs): the query parameters page (from 1) and pageSize
// select a page, and the answer's _links (HAL) name this page, the first,
// and the previous and next page where they exist. A list operation reads,
// logs and returns only its page.

// defaultPageSize is the page size when pageSize is absent: the dossier
// page's size, so that the API call and the page read the same rows.
const defaultPageSize = 50

// pageParams are the query parameters of a paginated operation.
var pageParams = []queryParam{
	{name: "page", description: "Het nummer van de pagina, vanaf 1 (standaard 1).",
		schema: map[string]any{"type": "integer", "format": "int32", "minimum": 1, "default": 1}},
	{name: "pageSize", description: "Het aantal regels per pagina (standaard " + strconv.Itoa(defaultPageSize) + ", hoogstens " + strconv.Itoa(storage.MaxPageSize) + ").",
		schema: map[string]any{"type": "integer", "format": "int32", "minimum": 1, "maximum": storage.MaxPageSize, "default": defaultPageSize}},
}

// maxPage bounds the page number, so that the offset stays small.
const maxPage = 100000

// pageFrom reads page and pageSize, adding what is wrong with them to v.
func pageFrom(r *http.Request, v *ga.Invalid) storage.Page {
	p := storage.Page{Number: 1, Size: defaultPageSize}
	q := r.URL.Query()
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			v.Add("page", "De pagina is een getal vanaf 1.")
		}
		p.Number = n
	}
	if s := q.Get("pageSize"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > storage.MaxPageSize {
			v.Add("pageSize", "Het aantal per pagina is een getal van 1 tot en met "+strconv.Itoa(storage.MaxPageSize)+".")
		}
		p.Size = n
	}
	return p
}

// link is a HAL link.
type link struct {
	Href string `json:"href"`
}

// pageLinks are the links of one page of a list.
type pageLinks struct {
	Self     link  `json:"self"`
	First    link  `json:"first"`
	Previous *link `json:"previous,omitempty"`
	Next     *link `json:"next,omitempty"`
}

// linksOf returns the links of page p of the list at path; more says
// whether a next page exists.
func linksOf(path string, p storage.Page, more bool) pageLinks {
	at := func(n int) link {
		return link{Href: path + "?page=" + strconv.Itoa(n) + "&pageSize=" + strconv.Itoa(p.Size)}
	}
	l := pageLinks{Self: at(p.Number), First: at(1)}
	if p.Number > 1 {
		prev := at(p.Number - 1)
		l.Previous = &prev
	}
	if more {
		next := at(p.Number + 1)
		l.Next = &next
	}
	return l
}
