//! A value sealed outside the database (identifying details, a child's date of birth): the database
//! keeps only the key's id, the nonce and the ciphertext with its tag.

/// A value sealed under a key of the key file: its id, the nonce, the ciphertext with its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
}
