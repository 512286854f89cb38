// `sqlx::migrate!` embeds gateway/migrations at compile time; without this, an
// incremental build does not notice a newly added migration file.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
