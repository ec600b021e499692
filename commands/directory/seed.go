package directory

import (
	_ "embed"
	"fmt"
	"strings"
)

// demoCSV is a directory of Stevenage services written for partnerbot's
// demo: plausible but fictional organisations, with .example addresses and
// 01438 000… numbers. It leaves gaps on purpose (domestic abuse is covered
// only town-wide; little is based in Longmeadow or Martins Wood), so the
// provision map has something to show.
//
//go:embed demo.csv
var demoCSV string

// SeedDemo loads the demo directory. It upserts, so running it twice
// changes nothing.
func (d *Directory) SeedDemo() error {
	rep, err := d.importAs(strings.NewReader(demoCSV), "demo")
	if err != nil {
		return fmt.Errorf("directory: demo data: %w", err)
	}
	if len(rep.Rejected) > 0 {
		return fmt.Errorf("directory: demo data: %s", rep)
	}
	return nil
}
