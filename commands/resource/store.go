package resource

import (
	"fmt"
	"strconv"
	"time"

	"partnerbot/bot"
	"partnerbot/storage"
)

// Buckets: resources by id, and the normalised link of each to its id so
// duplicates are found without a scan.
const (
	Bucket    = "resources"
	URLBucket = "resources_url"
)

func init() { storage.Declare(Bucket, URLBucket) }

// A Resource is one shared link in the partnership's library.
type Resource struct {
	ID          uint64    `json:"id"`
	URL         string    `json:"url"`
	Norm        string    `json:"norm"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Themes      []string  `json:"themes,omitempty"`
	By          bot.ID    `json:"by"`
	ByName      string    `json:"by_name,omitempty"`
	At          time.Time `json:"at"`
	Room        string    `json:"room,omitempty"`
}

func idKey(id uint64) string { return storage.Key(id) }

// get reads one resource.
func get(tx *storage.Tx, id uint64) (*Resource, bool, error) {
	var r Resource
	ok, err := storage.Get(tx, Bucket, idKey(id), &r)
	if err != nil || !ok {
		return nil, false, err
	}
	return &r, true, nil
}

// byURL finds the resource with a normalised link.
func byURL(tx *storage.Tx, norm string) (*Resource, bool, error) {
	v := storage.Bucket(tx, URLBucket).Get([]byte(norm))
	if v == nil {
		return nil, false, nil
	}
	id, err := strconv.ParseUint(string(v), 10, 64)
	if err != nil {
		return nil, false, fmt.Errorf("resource link index %q: %w", norm, err)
	}
	return get(tx, id)
}

// add stores r with a new id, unless its link is already shared; then it
// returns the earlier share and false.
func add(tx *storage.Tx, r *Resource) (*Resource, bool, error) {
	if prev, ok, err := byURL(tx, r.Norm); err != nil || ok {
		return prev, false, err
	}
	id, err := storage.NextID(tx, Bucket)
	if err != nil {
		return nil, false, err
	}
	r.ID = id
	if err := storage.Put(tx, Bucket, idKey(id), r); err != nil {
		return nil, false, err
	}
	return r, true, storage.Bucket(tx, URLBucket).Put([]byte(r.Norm), []byte(strconv.FormatUint(id, 10)))
}

// remove deletes a resource and its link index entry.
func remove(tx *storage.Tx, r *Resource) error {
	if err := storage.Delete(tx, Bucket, idKey(r.ID)); err != nil {
		return err
	}
	return storage.Delete(tx, URLBucket, r.Norm)
}

// all returns every resource, newest first.
func all(tx *storage.Tx) ([]*Resource, error) {
	var out []*Resource
	err := storage.Each(tx, Bucket, "", func(_ string, r *Resource) error {
		out = append(out, r)
		return nil
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}
