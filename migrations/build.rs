// embed_migrations! reads the folders at compile time; rebuild when a migration is added or changed.
fn main() {
    println!("cargo:rerun-if-changed=postgres");
    println!("cargo:rerun-if-changed=sqlite");
}
