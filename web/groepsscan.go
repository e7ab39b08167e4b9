package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/groepsscan"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The Groepsscan pages (step 2B, docs/groepsscan.md) are for police users
// only; storage refuses everyone else (the list as forbidden, a scan or a
// group by id as not found, like an unknown id).

// scansView is the list of scans with the groups of the latest.
type scansView struct {
	Scans  []storage.ScanSummary
	Latest *storage.ScanView
	// From and To are the latest scan's window as dates.
	From, To ga.Date
	Count    storage.RegistrationCount
}

// scans shows the scans and the detected groups of the latest.
func (s *server) scans(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := s.db.Scans(ctx)
	if err != nil {
		return err
	}
	count, err := s.db.CountRegistrations(ctx)
	if err != nil {
		return err
	}
	v := &scansView{Scans: list, Count: count}
	if len(list) > 0 {
		latest, err := s.db.Scan(ctx, list[0].ID)
		if err != nil {
			return err
		}
		v.Latest = &latest
		v.From, v.To = ga.DateOf(latest.From), ga.DateOf(latest.To)
	}
	s.render(w, r, http.StatusOK, "groepsscan", v, nil)
	return nil
}

// runScan runs a scan with the default settings and shows its groups.
func (s *server) runScan(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.db.RunScan(r.Context(), groepsscan.Options{}); err != nil {
		return err
	}
	s.redirect(w, r, "/groepsscan")
	return nil
}

// scanGroupView is a detected group's profile with its pictures.
type scanGroupView struct {
	storage.ScanGroupView
	ScanID   string
	Network  network
	Trend    chartFigure
	Members  []Option
	Kinds    []Option
	Soft     softInputForm
	Category []string
	// Casework is the group made from the detected group, or the form to
	// make one (groepsscan_casework.go).
	Casework scanCaseworkState
}

// softInputForm is the neighbourhood officer's soft input.
type softInputForm struct {
	Member string
	Kind   string
	Text   string
}

func (s *server) scanGroup(w http.ResponseWriter, r *http.Request) error {
	return s.renderScanGroup(w, r, http.StatusOK, softInputForm{Member: "groep", Kind: string(ga.SoftObservation)}, nil)
}

func (s *server) renderScanGroup(w http.ResponseWriter, r *http.Request, status int, form softInputForm, errs []ga.Detail) error {
	return s.renderScanGroupWith(w, r, status, &form, nil, errs)
}

// renderScanGroupWith shows the detected group with the soft input form
// and the casework form as they came back (nil: fresh).
func (s *server) renderScanGroupWith(w http.ResponseWriter, r *http.Request, status int, soft *softInputForm, create *caseworkFromScanForm, errs []ga.Detail) error {
	ctx := r.Context()
	lang := requestFrom(ctx).lang
	t := func(key string, args ...any) string { return translate(lang, key, args...) }
	scanID, groupID := r.PathValue("scan"), r.PathValue("groep")
	g, err := s.db.ScanGroup(ctx, scanID, groupID)
	if err != nil {
		return err
	}
	if soft == nil {
		soft = &softInputForm{Member: "groep", Kind: string(ga.SoftObservation)}
	}
	v := &scanGroupView{ScanGroupView: g, ScanID: scanID, Soft: *soft}
	if v.Casework, err = s.scanCasework(r, g, create); err != nil {
		return err
	}
	for _, c := range groepsscan.Categories {
		v.Category = append(v.Category, t("scan.category."+string(c)))
	}
	var months []string
	vals := [3][]int{}
	v.Trend.Table = numberTable{Caption: t("scan.trend_table"), Head: append(append([]string{t("mon.month")}, v.Category...), t("mon.total"))}
	for _, m := range g.Profile.Months {
		v.Trend.Table.Rows = append(v.Trend.Table.Rows, numberRow{Label: monthLabel(lang, m.Month, false),
			Cells: counts(true, m.Counts[0], m.Counts[1], m.Counts[2], m.Counts[0]+m.Counts[1]+m.Counts[2])})
		months = append(months, monthLabel(lang, m.Month, true))
		for i := range 3 {
			vals[i] = append(vals[i], m.Counts[i])
		}
	}
	v.Trend.Chart = columnChart("grafiek-trend", t("scan.trend_title"),
		t("scan.trend_desc", g.Profile.Registrations, g.Profile.Categories[0], g.Profile.Categories[1], g.Profile.Categories[2]), months,
		[]series{
			{Name: v.Category[0], Class: "ga-chart__bar--kern", Values: vals[0]},
			{Name: v.Category[1], Class: "ga-chart__bar--meeloper", Pattern: "arcering", Values: vals[1]},
			{Name: v.Category[2], Class: "ga-chart__bar--aanwas", Pattern: "stippen", Values: vals[2]},
		})
	v.Network = networkPicture(g.Profile, t("scan.network_title"), t("scan.network_desc", g.Profile.Size, g.Profile.Core, len(g.Profile.Ties)))
	v.Members = append(v.Members, Option{Value: "groep", Label: t("scan.soft_group")})
	for i, m := range g.Profile.Members {
		v.Members = append(v.Members, Option{Value: strconv.Itoa(i), Label: strconv.Itoa(i+1) + ". " + m.Name})
	}
	for _, k := range []ga.SoftInputKind{ga.SoftObservation, ga.SoftHangout, ga.SoftRemark} {
		v.Kinds = append(v.Kinds, Option{Value: string(k), Label: t("scan.soft_kind." + string(k))})
	}
	s.render(w, r, status, "groepsscan_group", v, errs)
	return nil
}

// addSoftInput records the neighbourhood officer's soft input.
func (s *server) addSoftInput(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := softInputForm{Member: formValue(r, "lid"), Kind: formValue(r, "soort"), Text: formValue(r, "tekst")}
	member := -1
	if f.Member != "groep" {
		n, err := strconv.Atoi(f.Member)
		if err != nil || n < 0 {
			return s.renderScanGroup(w, r, http.StatusUnprocessableEntity, f, []ga.Detail{{Name: "lid", Message: "Kies een lid van deze groep, of de groep als geheel."}})
		}
		member = n
	}
	scanID, groupID := r.PathValue("scan"), r.PathValue("groep")
	if _, err := s.db.AddSoftInput(r.Context(), scanID, groupID, member, ga.SoftInputKind(f.Kind), f.Text); err != nil {
		var e *ga.Error
		if errors.As(err, &e) && e.Kind == ga.KindInvalid {
			return s.renderScanGroup(w, r, http.StatusUnprocessableEntity, f, e.Details)
		}
		return err
	}
	s.redirect(w, r, "/groepsscan/"+scanID+"/groepen/"+groupID+"#zachte-informatie")
	return nil
}

// network is the server-rendered picture of a group's ties: members on a
// circle, core members as squares and followers as circles (told apart by
// shape, not only colour), ties as lines as thick as the number of shared
// registrations. Members are numbered; the table beside the picture gives
// the same ties in words.
type network struct {
	ID     string
	Title  string
	Desc   string
	Size   int
	Nodes  []networkNode
	Edges  []networkEdge
	Legend bool
}

type networkNode struct {
	N          int
	X, Y       string
	Core       bool
	Name       string
	SquareX    string
	SquareY    string
	LabelY     string
	Registered int
}

type networkEdge struct {
	X1, Y1, X2, Y2 string
	Width          string
	Weight         int
	A, B           int
}

// networkPicture lays out the members: the core on an inner circle, the
// followers on an outer one, each in the order of the profile.
func networkPicture(p groepsscan.Profile, title, desc string) network {
	const size, inner, outer = 560, 120.0, 230.0
	n := network{ID: "netwerk", Title: title, Desc: desc, Size: size}
	pos := map[groepsscan.PersonKey]int{}
	var core, followers []int
	for i, m := range p.Members {
		pos[m.Key] = i
		if m.Role == groepsscan.Kern {
			core = append(core, i)
		} else {
			followers = append(followers, i)
		}
	}
	xy := make([][2]float64, len(p.Members))
	place := func(idx []int, r float64) {
		for k, i := range idx {
			a := 2*math.Pi*float64(k)/float64(max(len(idx), 1)) - math.Pi/2
			if len(idx) == 1 && r == inner {
				xy[i] = [2]float64{size / 2, size / 2}
				continue
			}
			xy[i] = [2]float64{size/2 + r*math.Cos(a), size/2 + r*math.Sin(a)}
		}
	}
	place(core, inner)
	place(followers, outer)
	maxW := 1
	for _, t := range p.Ties {
		maxW = max(maxW, t.Weight)
	}
	for _, t := range p.Ties {
		a, okA := pos[t.A]
		b, okB := pos[t.B]
		if !okA || !okB {
			continue
		}
		n.Edges = append(n.Edges, networkEdge{
			X1: num(xy[a][0]), Y1: num(xy[a][1]), X2: num(xy[b][0]), Y2: num(xy[b][1]),
			Width: num(0.6 + 5.4*float64(t.Weight)/float64(maxW)), Weight: t.Weight, A: a + 1, B: b + 1,
		})
	}
	for i, m := range p.Members {
		n.Nodes = append(n.Nodes, networkNode{
			N: i + 1, X: num(xy[i][0]), Y: num(xy[i][1]), Core: m.Role == groepsscan.Kern, Name: m.Name,
			SquareX: num(xy[i][0] - 13), SquareY: num(xy[i][1] - 13), LabelY: num(xy[i][1] + 5), Registered: m.Registrations,
		})
	}
	return n
}
