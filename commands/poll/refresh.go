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
//
// The voter whose vote started a run waits for one redraw at most; if more
// votes arrived meanwhile, the rest of the run goes on in the background, so
// no voter's confirmation waits for a whole burst.
type refresher struct {
	pub   func(ctx context.Context, id uint64) error
	mu    sync.Mutex
	state map[uint64]*refreshState
	wg    sync.WaitGroup // background runs
}

// wait blocks until background redraws have finished (tests, shutdown).
func (r *refresher) wait() { r.wg.Wait() }

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
	if r.drawOnce(ctx, id, st) {
		return
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		ctx := context.WithoutCancel(ctx)
		for !r.drawOnce(ctx, id, st) {
		}
	}()
}

// drawOnce redraws poll id and reports whether the run is over (no vote
// arrived meanwhile).
func (r *refresher) drawOnce(ctx context.Context, id uint64, st *refreshState) bool {
	_ = r.pub(ctx, id)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !st.dirty {
		st.running = false
		delete(r.state, id)
		return true
	}
	st.dirty = false
	return false
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
