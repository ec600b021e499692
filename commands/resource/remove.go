package resource

import (
	"context"
	"fmt"

	"partnerbot/bot"
	"partnerbot/storage"
)

func (l *Library) remove(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	n, ok := req.Args.Int("id")
	if !ok || n <= 0 {
		return bot.Reply{}, bot.Refuse("resource remove 4", "Which resource? Give its number, as shown by `resource list`.")
	}
	id := uint64(n)
	var gone *Resource
	err := l.env.DB.Update(func(tx *storage.Tx) error {
		r, ok, err := get(tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return bot.Refuse("resource list", "There's no resource %d. `resource list` shows them with their numbers.", id)
		}
		if !canChange(req, r) {
			if r.By == "" {
				return bot.Errorf("Only an admin can remove resource %d (who shared it has left).", id)
			}
			return bot.Errorf("Only %s (who shared it) or an admin can remove resource %d.", l.sharerName(r), id)
		}
		gone = r
		return remove(tx, r)
	})
	if err != nil {
		if ue, ok := err.(*bot.UserError); ok {
			return bot.Reply{}, ue
		}
		return bot.Reply{}, fmt.Errorf("removing resource %d: %w", id, err)
	}
	// Strike out the posted card wherever it went (nothing if it wasn't posted).
	if err := l.env.Pub.Update(ctx, bot.SafeReply(bot.Reply{Key: key(id), Text: fmt.Sprintf("~%s~ (removed from the library)", shown(gone.Title))})); err != nil {
		l.log("updating a removed resource's card failed", "id", id, "err", err)
	}
	return bot.Reply{Text: fmt.Sprintf("Removed resource %d, %s.", id, quoted(gone.Title)), Ephemeral: true, Data: map[string]any{"id": id}}, nil
}
