//! Widgets shared by several pages.

pub mod activity;
pub mod agent_replace;
pub mod agent_tools;
pub mod copy_button;
pub mod description_hint;
pub mod field;
pub mod layout;
pub mod lazy_page;
pub mod server_tools;
pub mod signin_link;
pub mod status_badge;

pub use copy_button::CopyButton;
pub use description_hint::DescriptionHint;
pub use field::TextField;
pub use server_tools::ServerTools;
pub use signin_link::SignInLink;
pub use status_badge::{BadgeStatus, StatusBadge, Tone};
