//! The gateway's live parts that every room shares, beside the database: the call-log
//! writer, the watch on agents' tools (and its cache), the cached tools lists. They
//! depend on nothing above `db`, so `AppState` can hold them without importing a room.

pub mod recorder;
pub mod tool_lists;
pub mod watch;
