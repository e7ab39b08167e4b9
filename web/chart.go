package web

import (
	"fmt"
	"math"
	"strconv"
)

// The monitoring page draws its charts as inline SVG on the server: no
// chart library, no script. This file computes the geometry; the template
// "chart" writes it out with SVG presentation attributes and the classes
// of app.css, so that the Content-Security-Policy needs no inline style.
// Every chart is an image with a title and a description (role="img",
// aria-labelledby), and the page shows the same numbers in a table beside
// it, so that no one depends on the picture or on its colours.

// chart is one chart as the template draws it.
type chart struct {
	// ID prefixes the ids of the chart's elements (title, description,
	// patterns), which must be unique on the page.
	ID     string
	Title  string
	Desc   string
	Width  int
	Height int
	// Patterns defines the hatching that tells the series of a stacked
	// chart apart without colour.
	Patterns bool
	Grid     []chartLine
	Bars     []chartBar
	Texts    []chartText
	Legend   []chartLegend
}

// chartLine is a grid line with its value label.
type chartLine struct {
	X1, Y1, X2, Y2 string
	LabelX, LabelY string
	Label          string
	Anchor         string
}

// chartBar is one bar (or one segment of a stacked bar). Pattern, when set,
// names the hatching drawn over the bar's colour.
type chartBar struct {
	X, Y, W, H string
	Class      string
	Pattern    string
}

// chartText is a label: a month, a category or a value.
type chartText struct {
	X, Y   string
	Text   string
	Anchor string
	Class  string
}

// chartLegend is one entry of the legend: a swatch and its text.
type chartLegend struct {
	X, Y    string
	TextX   string
	TextY   string
	Class   string
	Pattern string
	Text    string
}

// series is one series of a bar chart: its name, class and pattern, and a
// value per category.
type series struct {
	Name    string
	Class   string
	Pattern string
	Values  []int
}

// num formats a coordinate for an SVG attribute.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// scaleTop returns the value at the top of the axis and the step between
// grid lines for values up to max: a round number, at most five steps,
// and at least four, so that an empty chart still has an axis.
func scaleTop(max int) (top, step int) {
	step = 1
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000} {
		step = s
		if (max+s-1)/s <= 5 {
			break
		}
	}
	top = (max + step - 1) / step * step
	if top < 4*step && step == 1 {
		// Small numbers get a few grid lines, so that one bar does not
		// fill the whole chart.
		top = 4
	}
	return top, step
}

// columnChart draws the series as vertical bars per category, stacked
// when there is more than one series, with the total above each bar.
func columnChart(id, title, desc string, categories []string, ss []series) chart {
	const (
		width, height         = 680, 320
		left, right           = 44, 12
		top, bottom           = 48, 40
		plotW, plotH          = width - left - right, height - top - bottom
		barShare      float64 = 0.62
	)
	c := chart{ID: id, Title: title, Desc: desc, Width: width, Height: height}
	totals := make([]int, len(categories))
	for _, s := range ss {
		for i, v := range s.Values {
			totals[i] += v
		}
		if s.Pattern != "" {
			c.Patterns = true
		}
	}
	max := 0
	for _, t := range totals {
		max = int(math.Max(float64(max), float64(t)))
	}
	topValue, step := scaleTop(max)
	y := func(v int) float64 { return top + plotH*(1-float64(v)/float64(topValue)) }
	for v := 0; v <= topValue; v += step {
		c.Grid = append(c.Grid, chartLine{
			X1: num(left), Y1: num(y(v)), X2: num(left + plotW), Y2: num(y(v)),
			LabelX: num(left - 8), LabelY: num(y(v) + 4), Label: strconv.Itoa(v), Anchor: "end",
		})
	}
	slot := float64(plotW) / float64(len(categories))
	barW := slot * barShare
	for i, cat := range categories {
		x := left + slot*float64(i) + (slot-barW)/2
		base := 0
		for _, s := range ss {
			v := s.Values[i]
			if v == 0 {
				continue
			}
			c.Bars = append(c.Bars, chartBar{
				X: num(x), Y: num(y(base + v)), W: num(barW), H: num(y(base) - y(base+v)),
				Class: s.Class, Pattern: patternRef(id, s.Pattern),
			})
			base += v
		}
		c.Texts = append(c.Texts,
			chartText{X: num(x + barW/2), Y: num(height - bottom + 18), Text: cat, Anchor: "middle", Class: "ga-chart__axis"},
			chartText{X: num(x + barW/2), Y: num(y(totals[i]) - 6), Text: strconv.Itoa(totals[i]), Anchor: "middle", Class: "ga-chart__value"},
		)
	}
	if len(ss) > 1 {
		x := float64(left)
		for _, s := range ss {
			c.Legend = append(c.Legend, chartLegend{
				X: num(x), Y: num(14), TextX: num(x + 22), TextY: num(27),
				Class: s.Class, Pattern: patternRef(id, s.Pattern), Text: s.Name,
			})
			x += 22 + float64(8*len([]rune(s.Name))) + 28
		}
	}
	return c
}

// barChart draws one value per category as horizontal bars, each with its
// category above it and its value beside it, so that long names of
// partners fit.
func barChart(id, title, desc string, categories []string, values []int, class string) chart {
	const (
		width         = 680
		left, right   = 12, 60
		top, bottom   = 12, 36
		rowH, barH    = 46, 18
		plotW         = width - left - right
		labelToBarGap = 6
	)
	height := top + rowH*len(categories) + bottom
	c := chart{ID: id, Title: title, Desc: desc, Width: width, Height: height}
	max := 0
	for _, v := range values {
		max = int(math.Max(float64(max), float64(v)))
	}
	topValue, step := scaleTop(max)
	x := func(v int) float64 { return left + plotW*float64(v)/float64(topValue) }
	plotBottom := float64(top + rowH*len(categories))
	for v := 0; v <= topValue; v += step {
		c.Grid = append(c.Grid, chartLine{
			X1: num(x(v)), Y1: num(top), X2: num(x(v)), Y2: num(plotBottom),
			LabelX: num(x(v)), LabelY: num(plotBottom + 20), Label: strconv.Itoa(v), Anchor: "middle",
		})
	}
	for i, cat := range categories {
		rowTop := float64(top + rowH*i)
		labelY := rowTop + 16
		barY := labelY + labelToBarGap
		c.Texts = append(c.Texts,
			chartText{X: num(left), Y: num(labelY), Text: cat, Anchor: "start", Class: "ga-chart__category"},
			chartText{X: num(x(values[i]) + 6), Y: num(barY + barH - 4), Text: strconv.Itoa(values[i]), Anchor: "start", Class: "ga-chart__value"},
		)
		if values[i] > 0 {
			c.Bars = append(c.Bars, chartBar{X: num(left), Y: num(barY), W: num(x(values[i]) - left), H: num(barH), Class: class})
		}
	}
	return c
}

// patternRef is the fill that draws the chart's pattern, or "".
func patternRef(chartID, pattern string) string {
	if pattern == "" {
		return ""
	}
	return fmt.Sprintf("url(#%s-%s)", chartID, pattern)
}
