package poll

import (
	"context"
	"errors"
	"strings"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Jobs returns the scheduler jobs: closing polls at --closes (with the
// outcome posted to the room) and the automatic nudge 24 hours before.
// Both find their due polls in an index bucket keyed by time and claim them
// in the transaction that marks them done: restart-safe, and never twice.
func (ps *Polls) Jobs() []bot.Job {
	return []bot.Job{
		bot.JobFunc{JobName: "poll-close", Fn: ps.closeDue},
		bot.JobFunc{JobName: "poll-nudge", Fn: ps.nudgeDue},
	}
}

// due claims the ids in index whose time is at or before now, running
// claim(tx, id) for each in the same transaction that deletes the index key.
func (ps *Polls) due(index string, now time.Time, claim func(tx *storage.Tx, id uint64) (bool, error)) ([]uint64, error) {
	var ids []uint64
	limit := storage.Key(now.UTC()) + "/~" // every key at or before now
	err := ps.env.DB.Update(func(tx *storage.Tx) error {
		ids = nil
		var keys []string
		var found []uint64
		err := storage.Each(tx, index, "", func(k string, id *uint64) error {
			if strings.Compare(k, limit) > 0 {
				return storage.ErrStop
			}
			keys = append(keys, k)
			found = append(found, *id)
			return nil
		})
		if err != nil {
			return err
		}
		// Claim after the walk: claiming may touch the index itself.
		for i, k := range keys {
			ok, err := claim(tx, found[i])
			if err != nil {
				return err
			}
			if ok {
				ids = append(ids, found[i])
			}
			if err := storage.Delete(tx, index, k); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// closeDue closes the polls whose closing time has come and announces them.
func (ps *Polls) closeDue(ctx context.Context, now time.Time) error {
	ids, err := ps.due(ClosesBucket, now, func(tx *storage.Tx, id uint64) (bool, error) {
		ok, err := closeIn(tx, id, now.UTC(), "scheduler")
		var ue *bot.UserError
		if errors.As(err, &ue) {
			return false, nil // the poll is gone; drop its index entry
		}
		return ok, err
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := ps.announce(ctx, id); err != nil {
			ps.env.Log.Warn("announcing a closed poll failed", "poll", id, "err", err)
		}
		ps.env.Log.Info("poll closed", "poll", id, "by", "scheduler")
	}
	return nil
}

// nudgeDue sends the automatic nudge for polls closing within 24 hours.
func (ps *Polls) nudgeDue(ctx context.Context, now time.Time) error {
	ids, err := ps.due(NudgesBucket, now, func(tx *storage.Tx, id uint64) (bool, error) {
		p, err := load(tx, id)
		var ue *bot.UserError
		if errors.As(err, &ue) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if !p.IsOpen() || p.AutoNudged {
			return false, nil
		}
		p.AutoNudged = true
		return true, storage.Put(tx, PollsBucket, pollKey(id), p)
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		n, _, err := ps.nudge(ctx, id)
		if err != nil {
			ps.env.Log.Warn("automatic nudge failed", "poll", id, "err", err)
			continue
		}
		ps.env.Log.Info("poll nudge sent", "poll", id, "people", n)
	}
	return nil
}
