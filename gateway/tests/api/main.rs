//! Gateway HTTP tests: one binary, each test on a fresh gateway and database.

mod health;
mod helpers;
mod tools;
