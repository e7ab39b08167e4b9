package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// TestReadsBesideWrites checks that read transactions run side by side
// with each other and with writes without failing: many readers open a
// dossier (whose log lines go to the group commit) while a writer adds
// items to it, and every read sees a consistent page.
func TestReadsBesideWrites(t *testing.T) {
	c := newCasework(t)
	g, p := c.decidedGroup("Groep Plein", c.school)
	for i := range 5 {
		c.mustItem(c.police, c.testItem(ga.KindPolitie, g, p.ID, "Melding "+string(rune('a'+i))))
	}
	const readers, reads = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, readers*reads+20)
	for r := range readers {
		ctx := []context.Context{c.police, c.schoolProf}[r%2]
		wg.Go(func() {
			for range reads {
				d, err := c.db.Dossier(ctx, g.ID, storage.Page{Number: 1, Size: 3})
				if err != nil {
					errs <- err
				} else if ctx == c.police && (len(d.Items) != 3 || !d.MoreItems) {
					errs <- fmt.Errorf("a page of %d items, more %v", len(d.Items), d.MoreItems)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 10 {
			if err := c.db.CreateItem(c.police, c.testItem(ga.KindPolitie, g, "", "Nieuw "+string(rune('a'+i)))); err != nil {
				errs <- err
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
