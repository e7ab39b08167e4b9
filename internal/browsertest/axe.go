package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core's browser bundle, vendored by scripts/vendor-assets.sh
// (see web/static/vendor/VERSIONS.md for its version and licence).
//
//go:embed axe.min.js
var axeSource string

// AxeTags are the axe-core rule tags that [RunAxe] runs: the WCAG 2.0 and 2.1
// success criteria of levels A and AA, the level that Dutch law
// (Besluit digitale toegankelijkheid overheid, EN 301 549) requires.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// Violation is one axe-core rule that the page breaks, with every element
// that breaks it.
type Violation struct {
	ID          string `json:"id"`     // rule id, such as "image-alt"
	Impact      string `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help        string `json:"help"`   // one-line description of the rule
	HelpURL     string `json:"helpUrl"`
	Description string `json:"description"`
	Nodes       []Node `json:"nodes"`
}

// Node is one element that breaks a rule.
type Node struct {
	// Target holds the CSS selectors that find the element; more than one
	// when the element is inside an iframe or a shadow root.
	Target         []string `json:"target"`
	HTML           string   `json:"html"`
	FailureSummary string   `json:"failureSummary"`
}

// String formats the violation for a test failure: the rule, its impact and
// help text, and one line per element with its selectors.
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n  %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n  - %s", strings.Join(n.Target, " "))
		if n.HTML != "" {
			fmt.Fprintf(&b, "  %s", n.HTML)
		}
	}
	return b.String()
}

// axeRun is the script that RunAxe evaluates once axe-core is loaded. It
// returns only the violations, with selectors flattened to strings, so that
// the result is small and decodes into []Violation.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: %s},
	resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	helpUrl: v.helpUrl,
	description: v.description,
	nodes: v.nodes.map(n => ({
		target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)),
		html: n.html,
		failureSummary: n.failureSummary || '',
	})),
})))`

// RunAxe runs axe-core's WCAG 2.x A and AA rules ([AxeTags]) on the page that
// the tab of ctx shows, and returns the violations it finds. Load the page
// first and wait for what it must show. An error means the check could not
// run, not that the page is inaccessible.
//
// axe-core is injected through the DevTools protocol (Runtime.evaluate),
// which the page's Content-Security-Policy does not govern, so pages under
// script-src 'self' are checked as served.
func RunAxe(ctx context.Context) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		return nil, fmt.Errorf("browsertest: axe: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("browsertest: injecting axe-core: %w", err)
		}
	}
	tags := `['` + strings.Join(AxeTags, `','`) + `']`
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](
		fmt.Sprintf(axeRun, tags), chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("browsertest: running axe-core: %w", err)
	}
	return violations, nil
}

// CheckAxe runs [RunAxe] on the current page and fails the test with every
// violation: rule id, impact, help text and the selectors of each element.
// pageName names the page in the message. Violations mark the test failed
// and let it go on, so that one test can check several pages; a check that
// cannot run stops the test.
func CheckAxe(tb testing.TB, ctx context.Context, pageName string) {
	tb.Helper()
	violations, err := RunAxe(ctx)
	if err != nil {
		tb.Fatalf("accessibility check of %s: %v", pageName, err)
		return
	}
	if len(violations) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "accessibility check of %s: %d WCAG 2.1 AA violation(s):", pageName, len(violations))
	for _, v := range violations {
		b.WriteString("\n")
		b.WriteString(v.String())
	}
	tb.Error(b.String())
}
