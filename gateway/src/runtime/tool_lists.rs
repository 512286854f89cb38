//! The serialized tools lists (`connectors::listing` builds them), each stamped with the
//! tools table's change counter it was built at and the last second it holds.

use axum::body::Bytes;
use patchbay_wire::ToolStatus;
use std::collections::HashMap;
use std::sync::Mutex;

/// Distinct pages kept; pollers ask for few.
const MAX_ENTRIES: usize = 64;

/// A filter and a page: status, offset, limit.
pub type Key = (Option<ToolStatus>, i64, i64);

struct Entry {
    version: i64,
    /// The last second the answer holds (a pending tool's window closes after it).
    valid_until: Option<i64>,
    body: Bytes,
}

#[derive(Default)]
pub struct ToolLists(Mutex<HashMap<Key, Entry>>);

impl ToolLists {
    /// The answer built at `version`, if it still holds at `now`.
    pub fn get(&self, key: Key, version: i64, now: i64) -> Option<Bytes> {
        let cache = self.0.lock().expect("not poisoned");
        let e = cache.get(&key)?;
        (e.version == version && e.valid_until.is_none_or(|until| now <= until)).then(|| e.body.clone())
    }

    pub fn put(&self, key: Key, version: i64, valid_until: Option<i64>, body: Bytes) {
        let mut cache = self.0.lock().expect("not poisoned");
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(key, Entry { version, valid_until, body });
    }
}
