package bot

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Rooms binds named rooms of the partnership to channels on any platform.
// A post to a room appears in every bound channel.
type Rooms struct {
	mu        sync.RWMutex
	channels  map[string][]ID // room -> channels
	byChannel map[ID]string   // channel -> room
	// Default is the room used when a command names none.
	Default string
}

// NewRooms returns an empty set of rooms.
func NewRooms(def string) *Rooms {
	return &Rooms{channels: map[string][]ID{}, byChannel: map[ID]string{}, Default: def}
}

// Bind adds channels to a room. A channel may belong to one room only.
func (r *Rooms) Bind(room string, channels ...ID) error {
	room = NormaliseRoom(room)
	r.mu.Lock()
	defer r.mu.Unlock()
	// Check every channel first, so a refused Bind changes nothing.
	for _, c := range channels {
		if other, ok := r.byChannel[c]; ok && other != room {
			return fmt.Errorf("channel %s is bound to both %s and %s", c, other, room)
		}
	}
	if _, ok := r.channels[room]; !ok {
		r.channels[room] = nil
	}
	for _, c := range channels {
		if _, ok := r.byChannel[c]; ok {
			continue
		}
		r.byChannel[c] = room
		r.channels[room] = append(r.channels[room], c)
	}
	return nil
}

// NormaliseRoom lower-cases a room name and drops a leading #.
func NormaliseRoom(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "#"))
}

// Channels returns the channels bound to a room, and whether the room exists.
func (r *Rooms) Channels(room string) ([]ID, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	ch, ok := r.channels[NormaliseRoom(room)]
	return append([]ID(nil), ch...), ok
}

// RoomOf returns the room a channel is bound to, or "".
func (r *Rooms) RoomOf(channel ID) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.byChannel[channel]
}

// Names returns the rooms' names, sorted.
func (r *Rooms) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.channels))
	for n := range r.channels {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Known reports whether room exists.
func (r *Rooms) Known(room string) bool {
	_, ok := r.Channels(room)
	return ok
}

// Check returns a UserError naming the known rooms if room is not one.
func (r *Rooms) Check(room string) error {
	if r.Known(room) {
		return nil
	}
	names := r.Names()
	if len(names) == 0 {
		return Errorf("There's no room called %q, and no rooms are set up yet (an admin adds them under [[rooms]] in the config).", room)
	}
	return Errorf("There's no room called %q. The rooms are: %s.", room, strings.Join(names, ", "))
}
