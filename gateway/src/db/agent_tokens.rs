//! TEMPORARY until the calls-tokens branch merges: no tokens exist yet.

use crate::db::Db;
use crate::error::Result;

pub struct TokenMatch {
    pub id: String,
    pub agent_id: String,
}

pub async fn find_by_secret(_db: &Db, _secret: &str) -> Result<Option<TokenMatch>> {
    Ok(None)
}
