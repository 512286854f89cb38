//! One routed page per file.

pub mod add_tool;
pub mod agent;
pub mod agent_builder;
pub mod agents;
pub mod authorized;
pub mod not_found;
pub mod settings;
pub mod tool;
pub mod tools;
