package slack

import (
	"context"
	"sync"
	"time"

	"partnerbot/bot"
)

// notReady is the reply while the adapter has no handler yet.
var notReady = bot.Reply{Text: "I'm just starting up. Please try again in a moment.", Ephemeral: true, Error: true}

// runInline hands req to the handler and waits up to the inline wait for
// its reply. If the reply comes in time it is returned with inTime true;
// otherwise runInline returns at once and the reply, when it comes, is
// given to late (with a context that outlives the request). The user's
// display name and admin flag are looked up first, inside the same budget.
func (a *Adapter) runInline(req *bot.Request, hint string, late func(ctx context.Context, r bot.Reply)) (bot.Reply, bool) {
	h := a.currentHandler()
	if h == nil {
		return notReady, true
	}
	var (
		mu     sync.Mutex
		gaveUp bool
		result = make(chan bot.Reply, 1)
	)
	a.later(func(ctx context.Context) {
		a.identify(ctx, req, hint)
		rep := h.Handle(ctx, req)
		mu.Lock()
		if gaveUp {
			mu.Unlock()
			late(ctx, rep)
			return
		}
		result <- rep
		mu.Unlock()
	})
	t := time.NewTimer(a.inlineWait)
	defer t.Stop()
	select {
	case rep := <-result:
		return rep, true
	case <-t.C:
		mu.Lock()
		defer mu.Unlock()
		select {
		case rep := <-result:
			return rep, true
		default:
			gaveUp = true
			return bot.Reply{}, false
		}
	}
}

// runLater hands req to the handler after the ack and gives the reply to
// deliver.
func (a *Adapter) runLater(req *bot.Request, hint string, deliver func(ctx context.Context, r bot.Reply)) {
	h := a.currentHandler()
	a.later(func(ctx context.Context) {
		if h == nil {
			deliver(ctx, notReady)
			return
		}
		a.identify(ctx, req, hint)
		deliver(ctx, h.Handle(ctx, req))
	})
}
