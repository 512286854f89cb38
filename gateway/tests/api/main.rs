//! Gateway HTTP tests: one binary, each test on a fresh gateway and database.

mod fixture;
mod health;
mod helpers;
mod oauth;
mod tools;
