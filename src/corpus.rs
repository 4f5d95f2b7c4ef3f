//! Reading a corpus: walking folders, decoding files, the manifest.
