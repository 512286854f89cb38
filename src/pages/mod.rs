//! One routed page per file.

pub mod agents;
pub mod not_found;
pub mod settings;
pub mod tools;
