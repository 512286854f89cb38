//! Patchbay's wire types: the SeekrFlow REST contract (see `shared/seekrflow-api.md`),
//! shared by the single-page app (wasm) and the gateway (native). Serde only.
//!
//! Inputs (`CreateTool`, `UpdateTool`, `CreateAgentRequest`) are separate types from
//! answers (`Tool`, `Agent`); `validate` holds the checks both sides run on user input.

pub mod agent;
pub mod agent_mcp;
pub mod enums;
pub mod error;
pub mod tool;
pub mod validate;

pub use agent::*;
pub use agent_mcp::*;
pub use enums::*;
pub use error::*;
pub use tool::*;
