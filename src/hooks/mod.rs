//! Reusable reactive logic, `use_x(...) -> UseXReturn` in the leptos-use style.

pub mod use_auth_events;
pub mod use_now;
pub mod use_poll;
pub mod use_tool_status;

pub use use_auth_events::use_auth_events;
pub use use_now::use_now;
pub use use_poll::{UsePollReturn, use_poll};
pub use use_tool_status::{UseToolStatusReturn, use_tool_status};
