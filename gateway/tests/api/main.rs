//! Gateway HTTP tests: one binary, each test on a fresh gateway and database.

mod agents;
mod bad_input;
mod faults;
mod fixture;
mod health;
mod helpers;
mod oauth;
mod tools;
