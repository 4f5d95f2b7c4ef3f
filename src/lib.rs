//! klausel: clause-level search over legal documents.
//!
//! The crate is a library with a thin binary on top. The pure analysis layer
//! ([`chunk`], [`extract`], [`analysis`], [`lang`], [`citation`], [`thesaurus`], [`query`])
//! does no I/O; [`corpus`], [`index`] and [`search`] touch the file system.
#![warn(missing_docs)]

pub mod analysis;
pub mod chunk;
pub mod citation;
pub mod corpus;
pub mod error;
pub mod extract;
pub mod index;
pub mod lang;
pub mod model;
pub mod query;
pub mod records;
pub mod search;
pub mod text;
pub mod thesaurus;

pub use error::{Error, Result};

/// The version of klausel's JSON contract (docs/json.md), the first field
/// (`"version": 1`) of every JSON object and NDJSON line klausel prints or
/// serves. It is bumped when a field is removed, renamed, or changes its
/// type or meaning; adding a field does not bump it, so scripts must ignore
/// fields they do not know.
pub const JSON_VERSION: u32 = 1;
pub use model::{
    Chunked, Clause, DocKind, Furniture, FurnitureKind, Heading, Language, SubDocument,
};
