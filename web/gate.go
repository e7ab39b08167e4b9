package web

import (
	"html/template"
	"net/http"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// gateItem is one unmet condition of the Art 8 gate, in the user's
// language, with the page where it is put right.
type gateItem struct {
	Text template.HTML
	Link string
}

// gateItems turns the details of a KindGateClosed error into items. The
// domain reports each condition under a stable name ("ondertekening:ID",
// "dpia"), so the page can say it in either language and name the partner.
func (s *server) gateItems(r *http.Request, details []ga.Detail) []gateItem {
	state, err := s.db.GateState(r.Context())
	if err != nil {
		state = ga.GateState{}
	}
	return gateItemsFor(requestFrom(r.Context()).lang, details, state)
}

func gateItemsFor(lang string, details []ga.Detail, state ga.GateState) []gateItem {
	partnerName := map[string]string{}
	for _, p := range state.Partners {
		partnerName[p.ID] = p.Name
	}
	text := func(key string, args ...any) template.HTML {
		return template.HTML(template.HTMLEscapeString(translate(lang, key, args...)))
	}
	items := make([]gateItem, 0, len(details))
	for _, d := range details {
		var it gateItem
		switch {
		case d.Name == "convenant":
			it = gateItem{text("gate.no_covenant"), "/convenant"}
		case d.Name == "voorwaarden":
			it = gateItem{text("gate.terms_incomplete"), "/convenant"}
		case d.Name == "ingangsdatum" && state.Covenant != nil:
			it = gateItem{text("gate.effective_date", state.Covenant.Terms.EffectiveDate.Dutch()), "/convenant"}
		case strings.HasPrefix(d.Name, "partner:"):
			k := ga.PartnerKind(strings.TrimPrefix(d.Name, "partner:"))
			it = gateItem{text("gate.partner_missing", kindLabel(lang, k)), "/partners"}
		case strings.HasPrefix(d.Name, "ondertekening:") && partnerName[strings.TrimPrefix(d.Name, "ondertekening:")] != "":
			it = gateItem{text("gate.not_signed", partnerName[strings.TrimPrefix(d.Name, "ondertekening:")]), "/convenant#ondertekeningen"}
		case d.Name == "verwerkingsregister":
			it = gateItem{text("gate.no_register"), "/verwerkingsregister"}
		case d.Name == "dpia":
			it = gateItem{text("gate.no_dpia"), "/verwerkingsregister"}
		default:
			it = gateItem{domainText(lang, d.Message), ""}
		}
		items = append(items, it)
	}
	return items
}
