package web

// The texts of the pages of a long list: the dossier shows its items a page
// at a time.

var perfreadMessages = []message{
	{"pagination.items_label", "Pagina's met gegevens", "Pages of items"},
	{"pagination.page", "Pagina %d", "Page %d"},
	{"pagination.previous", "Vorige pagina", "Previous page"},
	{"pagination.next", "Volgende pagina", "Next page"},
}
