//! The one way to the gateway. `client` sends every request (and aborts those of a
//! component that goes away); one module per resource names its calls and builds its
//! paths, each id through `crate::url::encode`, so no page writes a gateway path.

mod agents;
mod client;
mod error;
mod info;
pub mod policy;
mod settings;
mod tools;

pub use client::{Api, ApiClient, use_api};
pub use error::ApiError;
pub use settings::NotSaved;
