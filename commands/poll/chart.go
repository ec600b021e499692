package poll

import (
	"fmt"

	"partnerbot/bot"
	"partnerbot/bot/chart"
)

// Charts.
//
// `poll results ID` and the outcome posted to the room when a poll closes
// carry a PNG chart in Reply.Image ("poll-ID.png"): bars for single choice,
// approval and dot votes (count or points, and the share), one small panel
// per instant-runoff round for ranked polls, and one stacked bar for consent
// polls. The text bars stay in the message as the accessible fallback. No
// chart while the results are hidden, and none on the live tally of the
// posted poll message: a chart is drawn only on request or at closing, never
// on the vote path.

// pollChart is the data a poll's chart is drawn from: exactly one of Bars,
// Rounds and Consent is set, as Kind says.
type pollChart struct {
	// Kind is "bars", "rounds" or "consent".
	Kind   string        `json:"kind"`
	Title  string        `json:"title"`
	Bars   []chart.Bar   `json:"bars,omitempty"`
	Rounds []chart.Round `json:"rounds,omitempty"`
	// Consent is agree, abstain, disagree and block.
	Consent []int `json:"consent,omitempty"`
}

// chartOf works out the chart of poll p counted as r.
func chartOf(p *Poll, r Result) pollChart {
	c := pollChart{Title: fmt.Sprintf("Poll %d: %s", p.ID, p.Question)}
	switch p.Kind {
	case Consent:
		c.Kind = "consent"
		c.Consent = make([]int, len(ConsentOptions))
		copy(c.Consent, r.Tally)
	case Ranked:
		c.Kind = "rounds"
		for n, rd := range r.Rounds {
			cr := chart.Round{Number: n + 1}
			continuing := 0
			for i, v := range rd.Counts {
				if !rd.Out[i] {
					continuing += v
				}
			}
			for i, o := range p.Options {
				if !rd.Out[i] {
					cr.Bars = append(cr.Bars, chart.Bar{Label: optionLabel(i, o), Value: float64(rd.Counts[i]), Percent: share(rd.Counts[i], continuing)})
				}
			}
			if rd.Eliminated >= 0 && rd.Eliminated < len(p.Options) {
				cr.Eliminated = optionLabel(rd.Eliminated, p.Options[rd.Eliminated])
			}
			c.Rounds = append(c.Rounds, cr)
		}
	default:
		c.Kind = "bars"
		// Shares as the text bars show them: of the voters (approvals may
		// add up to more than 100%), or for dots of all the points.
		of := r.Voters
		if p.Kind == Dots {
			of = 0
			for _, v := range r.Tally {
				of += v
			}
		}
		for i, o := range p.Options {
			c.Bars = append(c.Bars, chart.Bar{Label: optionLabel(i, o), Value: float64(r.Tally[i]), Percent: share(r.Tally[i], of)})
		}
	}
	return c
}

// optionLabel is how an option is named in a chart, as on its button: "A: Food".
func optionLabel(i int, o string) string { return letter(i) + ": " + o }

// share is n as a percentage of of, 0 when of is 0.
func share(n, of int) float64 {
	if of <= 0 {
		return 0
	}
	return float64(n) * 100 / float64(of)
}

// png draws the chart.
func (c pollChart) png() ([]byte, error) {
	switch c.Kind {
	case "consent":
		return chart.Consent(c.Title, c.Consent[0], c.Consent[1], c.Consent[2], c.Consent[3])
	case "rounds":
		return chart.Rounds(c.Title, c.Rounds)
	}
	return chart.Bars(c.Title, c.Bars)
}

// withChart puts the chart of p counted as r on rep, unless the results are
// hidden. If drawing fails the reply goes without it (the text has the
// same count) and the failure is logged.
func (ps *Polls) withChart(rep bot.Reply, p *Poll, r Result) bot.Reply {
	if ps.hidden(p) {
		return rep
	}
	img, err := chartOf(p, r).png()
	if err != nil {
		ps.env.Log.Warn("drawing a poll's chart failed", "poll", p.ID, "err", err)
		return rep
	}
	rep.Image, rep.ImageName = img, fmt.Sprintf("poll-%d.png", p.ID)
	return rep
}
