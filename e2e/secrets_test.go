package e2e

import (
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// secrets are the texts the policy hides from the viewer, each with what it
// belongs to: the name, address and BSN of every person it may see through
// no group and their legal representatives' names, the content of every
// item it may not see, the description of every measure, the agenda,
// minutes, decisions and agreements of every meeting, and the name, area
// and plan of every group it may not see. No answer to the viewer may hold
// any of them anywhere. A secret that is part of a text the viewer may see
// (say, a name in the agenda of a meeting it may see) is left out: finding
// it proves nothing.
func (v *view) secrets(name func(string) string) map[string]string {
	w := v.w
	hidden := map[string]string{}
	var allowed []string
	add := func(ok bool, label string, texts ...string) {
		for _, text := range texts {
			// A text of several lines may be shown line by line: each
			// line is a secret of its own.
			lines := []string{text}
			if strings.Contains(text, "\n") {
				lines = append(lines, strings.Split(text, "\n")...)
			}
			for _, s := range lines {
				s = strings.TrimSpace(s)
				if s == "" {
					continue
				}
				if ok {
					allowed = append(allowed, s)
				} else if len(s) >= 6 && (len(s) >= 12 || len(lines) == 1) {
					hidden[s] = label
					// Tables show the start of a long text.
					if p := prefix(s); p != s {
						hidden[p] = label
					}
				}
			}
		}
	}
	for _, g := range w.groups {
		texts := []string{g.Name, g.Area}
		if p := w.plans[g.ID]; p != nil {
			texts = append(texts, p.Analysis, p.Goals)
		}
		texts = append(texts, w.groupTexts[g.ID]...)
		add(v.groups[g.ID], name(g.ID), texts...)
	}
	for _, p := range w.persons {
		texts := []string{p.Name, p.Address, p.BSN}
		for _, r := range p.Representatives {
			texts = append(texts, r.Name)
		}
		add(v.persons[p.ID], name(p.ID), texts...)
	}
	// The reason of a registered involvement is personal data of the
	// member: a coordinator sees every involvement of a member it may see,
	// anyone else only its own partner's (GET …/betrokkenheden).
	for k, reason := range w.reasons {
		f := strings.Split(k, "|")
		ok := v.canSeeMember(f[0], f[1]) && (v.a.Has(ga.RoleCoordinator) || f[2] == v.a.PartnerID)
		add(ok, "reden van de betrokkenheid van "+name(f[2])+" bij "+name(f[1]), reason)
	}
	for _, it := range w.items {
		add(v.items[it.ID], "inhoud van "+name(it.ID), it.Content)
	}
	for _, m := range w.measures {
		add(v.measures[m.ID], name(m.ID), m.Description, m.Result)
	}
	for _, m := range w.meetings {
		texts := []string{m.Agenda, m.Minutes, m.Decisions}
		for _, ag := range m.Agreements {
			texts = append(texts, ag.Description)
		}
		add(v.meetings[m.ID], name(m.ID), texts...)
	}
	for s := range hidden {
		for _, a := range allowed {
			if strings.Contains(a, s) {
				delete(hidden, s)
				break
			}
		}
	}
	return hidden
}

// leaks returns the secrets that occur in any of the texts, once per
// object they belong to.
func leaks(secrets map[string]string, texts []string) []string {
	found := map[string]string{}
	for s, label := range secrets {
		for _, t := range texts {
			if strings.Contains(t, s) {
				if prev, ok := found[label]; !ok || len(s) > len(prev) {
					found[label] = s
				}
				break
			}
		}
	}
	var out []string
	for label, s := range found {
		out = append(out, label+" ("+clip(s)+")")
	}
	return out
}

func clip(s string) string {
	if len(s) > 50 {
		return s[:50] + "…"
	}
	return s
}

// distinctiveTerm is a search term taken from the item's content that
// occurs in no other item's category or content (ignoring case), so that
// searching it finds this item and nothing else.
func distinctiveTerm(w *world, it *ga.Item) string {
	words := strings.Fields(it.Content)
	for n := 2; n <= 8; n++ {
		for i := 0; i+n <= len(words); i++ {
			cand := strings.Trim(strings.Join(words[i:i+n], " "), ".,:;()")
			if len(cand) < 12 {
				continue
			}
			lc := strings.ToLower(cand)
			unique := true
			for _, o := range w.items {
				if o.ID != it.ID && (strings.Contains(strings.ToLower(o.Content), lc) || strings.Contains(strings.ToLower(o.Category), lc)) {
					unique = false
					break
				}
			}
			if unique {
				return cand
			}
		}
	}
	return it.Content
}
