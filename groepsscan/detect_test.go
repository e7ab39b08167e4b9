package groepsscan_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/groepsaanpak/groepsaanpak/groepsscan"
)

var genEnd = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// generated returns a dataset of n synthetic registrations and the truth.
func generated(tb testing.TB, n int, seed uint64) (*groepsscan.Dataset, groepsscan.Truth) {
	tb.Helper()
	d := groepsscan.NewDataset()
	truth, err := groepsscan.Generate(groepsscan.DefaultGenerateConfig(n, seed, genEnd), func(r groepsscan.Registration) error {
		if reasons := r.Validate(); len(reasons) > 0 {
			return fmt.Errorf("generated registration %s invalid: %v", r.ID, reasons)
		}
		d.Add(r)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return d, truth
}

func counter() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("groep-%d", n) }
}

// TestDetectionRecoversPlantedGroups is the acceptance test: at the default
// settings every planted group is found with precision and recall of its
// members of at least 0.9. A detected member counts for the true person
// behind it (a mistyped name counts for the person it was typed for).
func TestDetectionRecoversPlantedGroups(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			d, truth := generated(t, 30000, seed)
			res, err := groepsscan.Scan(d, groepsscan.DefaultOptions(genEnd), nil, counter())
			if err != nil {
				t.Fatal(err)
			}
			detectedOf := make(map[groepsscan.PersonKey]int) // true key → detected group
			for gi, g := range res.Groups {
				for _, m := range g.Members {
					detectedOf[truth.TrueKey(m)] = gi
				}
			}
			var sumP, sumR float64
			for pi, pg := range truth.Groups {
				// The detected group holding most of the planted members.
				votes := make(map[int]int)
				for _, m := range pg.Members {
					if gi, ok := detectedOf[m]; ok {
						votes[gi]++
					}
				}
				best, bestVotes := -1, 0
				for gi, v := range votes {
					if v > bestVotes || v == bestVotes && gi < best {
						best, bestVotes = gi, v
					}
				}
				precision, recall := 0.0, 0.0
				if best >= 0 {
					planted := make(map[groepsscan.PersonKey]bool)
					for _, m := range pg.Members {
						planted[m] = true
					}
					trueMembers := make(map[groepsscan.PersonKey]bool)
					for _, m := range res.Groups[best].Members {
						trueMembers[truth.TrueKey(m)] = true
					}
					hit := 0
					for m := range trueMembers {
						if planted[m] {
							hit++
						}
					}
					precision = float64(hit) / float64(len(trueMembers))
					recall = float64(hit) / float64(len(pg.Members))
				}
				sumP += precision
				sumR += recall
				t.Logf("planted group %2d (%2d members): precision %.2f recall %.2f", pi, len(pg.Members), precision, recall)
				if precision < 0.9 || recall < 0.9 {
					t.Errorf("planted group %d: precision %.2f, recall %.2f; want both ≥ 0.9", pi, precision, recall)
				}
			}
			t.Logf("%d planted, %d detected groups; mean precision %.3f, mean recall %.3f; %d uncertain matches flagged",
				len(truth.Groups), len(res.Groups), sumP/float64(len(truth.Groups)), sumR/float64(len(truth.Groups)), len(res.Uncertain))
			if len(res.Groups) > len(truth.Groups)+len(truth.Groups)/10 {
				t.Errorf("%d groups detected for %d planted: too many spurious groups", len(res.Groups), len(truth.Groups))
			}
		})
	}
}
