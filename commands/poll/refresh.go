package poll

import (
	"context"
	"sync"

	"partnerbot/storage"
)

// A refresher updates a poll's posted copies after votes. Updates for one
// poll are coalesced: while one caller is redrawing, further votes only mark
// the poll dirty and the running caller draws once more, so a burst of 64
// votes costs a few redraws, not 64, and every vote is reflected when the
// last redraw finishes.
type refresher struct {
	pub   func(ctx context.Context, id uint64) error
	mu    sync.Mutex
	state map[uint64]*refreshState
}

type refreshState struct{ running, dirty bool }

func (r *refresher) refresh(ctx context.Context, id uint64) {
	r.mu.Lock()
	if r.state == nil {
		r.state = map[uint64]*refreshState{}
	}
	st := r.state[id]
	if st == nil {
		st = &refreshState{}
		r.state[id] = st
	}
	if st.running {
		st.dirty = true
		r.mu.Unlock()
		return
	}
	st.running = true
	r.mu.Unlock()
	for {
		_ = r.pub(ctx, id)
		r.mu.Lock()
		if !st.dirty {
			st.running = false
			delete(r.state, id)
			r.mu.Unlock()
			return
		}
		st.dirty = false
		r.mu.Unlock()
	}
}

// publishUpdate redraws every posted copy of poll id.
func (ps *Polls) publishUpdate(ctx context.Context, id uint64) error {
	var (
		p  *Poll
		bs []Ballot
	)
	err := ps.env.DB.View(func(tx *storage.Tx) error {
		var err error
		if p, err = load(tx, id); err != nil {
			return err
		}
		bs, err = ballots(tx, id)
		return err
	})
	if err == nil {
		err = ps.pub().Update(ctx, ps.message(p, Count(p, bs)))
	}
	if err != nil {
		ps.env.Log.Warn("updating a poll's messages failed", "poll", id, "err", err)
	}
	return err
}
