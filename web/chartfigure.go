package web

// chartFigure is a chart with the same numbers as a table beside it: the
// table is the chart's text alternative for screen readers and for anyone
// who wants the exact figures (WCAG 1.1.1, 1.4.1). One template,
// "chartfigure", renders every such pair.
type chartFigure struct {
	Chart chart
	Table numberTable
}

// numberTable is a table of counts: a caption, the column heads (the first
// heads the row labels) and rows of whole numbers.
type numberTable struct {
	Caption string
	Head    []string
	Rows    []numberRow
}

// numberRow is one row of a numberTable. A Total row is styled as the sum
// of the rows above it.
type numberRow struct {
	Label string
	Cells []numberCell
	Total bool
}

// numberCell is one count; Strong emphasises it, as a row's total.
type numberCell struct {
	N      int
	Strong bool
}

// counts turns plain numbers into cells, the last one emphasised when
// strongLast is set.
func counts(strongLast bool, ns ...int) []numberCell {
	cells := make([]numberCell, len(ns))
	for i, n := range ns {
		cells[i] = numberCell{N: n, Strong: strongLast && i == len(ns)-1}
	}
	return cells
}
