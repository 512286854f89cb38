//! Gateway HTTP tests: one binary, each test on a fresh gateway and database.

mod agent_tokens;
mod agents;
mod bad_input;
mod calls;
mod faults;
mod fixture;
mod health;
mod helpers;
mod oauth;
mod tools;
