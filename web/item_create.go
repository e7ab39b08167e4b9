package web

import (
	"net/http"
	"slices"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// itemForm is an information item as its source partner enters it: about
// whom (the group or one member), category, whether it is a special
// category (GDPR Art 9) or criminal data (GDPR Art 10), the legal ground
// (for police items also the Wpg art 20 decision), the necessity (required
// for special and criminal items), the content, the date it concerns, and
// the partners the source shares a special or criminal item with
// explicitly.
type itemForm struct {
	About        string
	Category     string
	Flags        []string
	LegalGround  string
	Wpg20        string
	Necessity    string
	Content      string
	ConcernsDate string
	SharedWith   []string
}

// The values of the item's flags in the form.
const (
	flagSpecial  = "bijzonder"
	flagCriminal = "strafrechtelijk"
)

func itemFormFromRequest(r *http.Request) itemForm {
	return itemForm{
		About:        formValue(r, "gegevenOver"),
		Category:     formValue(r, "categorie"),
		Flags:        formValues(r, "kenmerken"),
		LegalGround:  formValue(r, "grondslag"),
		Wpg20:        formValue(r, "wpg20BesluitId"),
		Necessity:    formValue(r, "noodzaak"),
		Content:      formValue(r, "gegevenInhoud"),
		ConcernsDate: formValue(r, "betreftDatum"),
		SharedWith:   formValues(r, "gedeeldMetPartnerIds"),
	}
}

func newItemForm(it *ga.Item) itemForm {
	f := itemForm{
		About: groupAbout, Category: it.Category, LegalGround: it.LegalGround, Wpg20: it.Wpg20DecisionID,
		Necessity: it.Necessity, Content: it.Content, ConcernsDate: string(it.ConcernsDate), SharedWith: it.SharedWith,
	}
	if it.PersonID != "" {
		f.About = it.PersonID
	}
	if it.Special {
		f.Flags = append(f.Flags, flagSpecial)
	}
	if it.Criminal {
		f.Flags = append(f.Flags, flagCriminal)
	}
	return f
}

// itemFields names the item's fields on the page where the domain's name
// would clash: the page's main content already has the id "inhoud".
var itemFields = map[string]string{"inhoud": "gegevenInhoud", "persoonId": "gegevenOver"}

// Validate converts the form into an item of group groupID and checks it
// with the domain's rules for an item of a source of the given kind
// (ga.Item.Validate). withAbout is false when editing, where the item's
// subject does not change.
func (f *itemForm) Validate(groupID string, source ga.PartnerKind, withAbout bool) (*ga.Item, ga.Invalid) {
	var v ga.Invalid
	it := &ga.Item{
		GroupID:         groupID,
		Category:        f.Category,
		Special:         slices.Contains(f.Flags, flagSpecial),
		Criminal:        slices.Contains(f.Flags, flagCriminal),
		LegalGround:     f.LegalGround,
		Wpg20DecisionID: f.Wpg20,
		Necessity:       f.Necessity,
		Content:         f.Content,
		SharedWith:      f.SharedWith,
	}
	if withAbout {
		switch f.About {
		case "":
			v.Add("gegevenOver", nl("item.err_about"))
		case groupAbout:
		default:
			it.PersonID = f.About
		}
	}
	it.ConcernsDate = parseDate(&v, "betreftDatum", f.ConcernsDate, true)
	return it, mergeAs(v, it.Validate(source), itemFields)
}

// createItem records an item contributed by the user's partner, which
// becomes its source and its only editor.
func (s *server) createItem(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	actor := requestFrom(r.Context()).actor
	id := r.PathValue("id")
	f := itemFormFromRequest(r)
	it, v := f.Validate(id, actor.PartnerKind, true)
	p := invalid(v)
	if len(v) == 0 {
		err := s.db.CreateItem(r.Context(), it)
		if err == nil {
			s.setFlash(w, flashItemCreated)
			s.redirect(w, r, "/groepen/"+id+"#gegevens")
			return nil
		}
		if p, err = formProblem(err, "gegevenOver", itemFields, nil); err != nil {
			return err
		}
	}
	return s.renderGroup(w, r, p, func(gv *groupView) { gv.Item = f })
}
