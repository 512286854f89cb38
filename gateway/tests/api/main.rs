//! Gateway HTTP tests: one binary, each test on a fresh gateway and database.

mod agent_mcp;
mod agent_tokens;
mod agents;
mod bad_input;
mod calls;
mod clients;
mod faults;
mod fixture;
mod forwarding;
mod health;
mod helpers;
mod oauth;
mod scale;
mod spa;
mod tools;
