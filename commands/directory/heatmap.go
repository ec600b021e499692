package directory

import (
	"fmt"

	"partnerbot/bot/chart"
)

// HeatMap draws the provision map as a PNG: themes down the side, areas
// across the top, each cell coloured and labelled as local services (their
// number), town-wide only ("TW") or a gap.
func (p ProvisionMap) HeatMap() ([]byte, error) {
	kind := func(r, c int) string {
		switch p.Cells[c][r].State {
		case CellLocal:
			return chart.Local
		case CellTownwide:
			return chart.TownWide
		default:
			return chart.Gap
		}
	}
	label := func(r, c int) string {
		cell := p.Cells[c][r]
		switch cell.State {
		case CellLocal:
			return fmt.Sprint(len(cell.Local))
		case CellTownwide:
			return "TW"
		default:
			return "gap"
		}
	}
	return chart.HeatMap("Provision map: services by theme and area", p.Themes, p.Areas, kind, label)
}
