// Package bot is the platform-neutral core of partnerbot: requests and replies,
// command specs and the router that parses the text command language against
// them, identities and roles, rooms, the clock, the scheduler and the hub that
// publishes replies to every channel bound to a room.
//
// Data flows one way: an adapter turns a platform event into a Request, the
// Router hands it to one command, the command reads and writes through storage
// and returns a Reply, and the adapter renders the Reply in its platform's idiom.
// Commands never import an adapter; adapters never import a command.
package bot
