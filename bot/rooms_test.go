package bot

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRooms(t *testing.T) {
	r := NewRooms("sip-general")
	if err := r.Bind("#SIP-General", "slack:T1:C1", "discord:G1:C2"); err != nil {
		t.Fatal(err)
	}
	if err := r.Bind("sip-general", "slack:T1:C1"); err != nil {
		t.Errorf("binding a channel to its own room again: %v", err)
	}
	if err := r.Bind("steering", "slack:T1:C9"); err != nil {
		t.Fatal(err)
	}
	if err := r.Bind("empty"); err != nil {
		t.Fatal(err)
	}
	// One room per channel, and a refused Bind changes nothing.
	err := r.Bind("youth", "slack:T1:C7", "slack:T1:C9")
	if err == nil || !strings.Contains(err.Error(), "channel slack:T1:C9 is bound to both steering and youth") {
		t.Errorf("Bind of a bound channel = %v", err)
	}
	if r.Known("youth") || r.RoomOf("slack:T1:C7") != "" {
		t.Error("a refused Bind left a partial binding")
	}
	if got := r.Names(); !reflect.DeepEqual(got, []string{"empty", "sip-general", "steering"}) {
		t.Errorf("Names = %q", got)
	}
	chans, ok := r.Channels(" #Sip-General ")
	if !ok || !reflect.DeepEqual(chans, []ID{"slack:T1:C1", "discord:G1:C2"}) {
		t.Errorf("Channels = %v, %v", chans, ok)
	}
	chans[0] = "mutated"
	if again, _ := r.Channels("sip-general"); again[0] != "slack:T1:C1" {
		t.Error("Channels returned the room's own slice")
	}
	if _, ok := r.Channels("nowhere"); ok {
		t.Error("an unknown room exists")
	}
	if r.RoomOf("discord:G1:C2") != "sip-general" || r.RoomOf("slack:T1:C99") != "" {
		t.Error("RoomOf wrong")
	}
	if err := r.Check("Steering"); err != nil {
		t.Errorf("Check(Steering) = %v", err)
	}
	err = r.Check("nowhere")
	var ue *UserError
	if !errors.As(err, &ue) || err.Error() != `There's no room called "nowhere". The rooms are: empty, sip-general, steering.` {
		t.Errorf("Check(nowhere) = %v", err)
	}
	if err := NewRooms("").Check("x"); err == nil || !strings.Contains(err.Error(), "no rooms are set up yet") {
		t.Errorf("Check with no rooms = %v", err)
	}
}

func TestNormaliseRoom(t *testing.T) {
	for in, want := range map[string]string{"#SIP-General": "sip-general", " steering ": "steering", "x": "x", "": ""} {
		if got := NormaliseRoom(in); got != want {
			t.Errorf("NormaliseRoom(%q) = %q, want %q", in, got, want)
		}
	}
}
