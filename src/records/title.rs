//! The title of a document without a manifest entry. Pure.

/// The title of a file without a manifest entry: its first line when that
/// line names a document (`Allgemeine Geschäftsbedingungen der X GmbH`,
/// `SOFTWARE LICENSE AGREEMENT`), else the document its first sentences
/// name (`These General Terms and Conditions apply …`). Never a section
/// heading (`§1 SCOPE; FORM`); `None` when the text names no document.
pub fn document_title(text: &str) -> Option<String> {
    crate::chunk::document_title(text)
}

/// The fallback title of a file's first document: [`document_title`].
/// (Formerly the first line, which was often a section heading.)
pub fn first_line_title(text: &str) -> Option<String> {
    document_title(text)
}
