//! Pseudo-relevance feedback: the words that the best clauses of a first
//! pass share re-rank the clauses the query found.
//!
//! A lawyer who asks for "cap on liability" wants the clauses that cap
//! liability, whether or not they say "cap": the best few clauses of a
//! first pass say how such clauses are worded ("aggregate", "exceed",
//! "fees paid"). This is RM3 (Lavrenko and Croft 2001; Abdul-Jaleel et
//! al. 2004) with its usual settings: the [`FEEDBACK_DOCS`] best clauses,
//! each weighted as by the query's likelihood (`exp` of its score, the
//! best clauses far above the rest); each word by its share of
//! a clause's words; the [`FEEDBACK_TERMS`] heaviest words (stop words and
//! numbers left out); and the query as typed weighing as much as all of
//! them together. A query that finds fewer than [`MIN_MATCHES`] clauses
//! gets no feedback.
//!
//! Feedback only re-ranks: the feedback words' scores are added to the
//! [`RERANK_DEPTH`] best clauses the query as typed (with its expansions)
//! finds, so the clauses found and `total_hits` do not change.
//!
//! Pure: the caller reads the clauses; this module only weighs words.

use crate::analysis;
use crate::model::Language;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How many of the best clauses of the first pass are read.
pub const FEEDBACK_DOCS: usize = 10;
/// How many of their words are added.
pub const FEEDBACK_TERMS: usize = 20;
/// How many of the first pass's best clauses feedback re-ranks (more when
/// clauses are tied with the last). The feedback words' scores are added to
/// these only: the usual re-ranking depth of RM3 evaluations, deep enough
/// that on ACORD and the statutes the top 10 are those of re-ranking every
/// clause found, and it bounds the cost for a query that finds many.
pub const RERANK_DEPTH: usize = 1000;
/// Feedback re-orders the clauses a query finds; when it finds fewer than
/// twice the clauses it samples, the sample is most of them, and feedback
/// would only re-order them by their own words. Then there is none.
pub const MIN_MATCHES: usize = 2 * FEEDBACK_DOCS;

/// A word taken from the best clauses: the indexed term in its language's
/// body field, the word as written (for `--explain`), and its share of the
/// feedback weight (all shares add up to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackTerm {
    /// Language of the clause the word came from (its field).
    pub lang: Language,
    /// The analysed term, as indexed.
    pub term: String,
    /// The word as first written, lowercased.
    pub word: String,
    /// Share of the feedback weight, in (0, 1].
    pub weight: f32,
}

/// The feedback terms of `clauses` (text, language and score of the best
/// clauses of a first pass): each word's share of each clause's words,
/// weighted by the clause's weight (`exp(score - best score)`, normalised),
/// the [`FEEDBACK_TERMS`]
/// heaviest, normalised to add up to 1. Stop words, numbers and words of fewer than three letters
/// are left out. Ties are broken by term, so the result is deterministic.
pub fn terms(clauses: &[(&str, Language, f32)]) -> Vec<FeedbackTerm> {
    let mut weights: HashMap<(Language, String), (f32, String)> = HashMap::new();
    // A clause weighs exp(score - best score): RM3 weighs a clause by the
    // likelihood of the query, and a BM25 score plays the log-likelihood's
    // part. The best clauses dominate, so one that alone holds a rare word
    // of the query ("Stuttgart") brings that word with it.
    let best = clauses
        .iter()
        .map(|c| c.2)
        .filter(|s| s.is_finite())
        .fold(f32::NEG_INFINITY, f32::max);
    let weight = |s: f32| {
        if s.is_finite() && best.is_finite() {
            (s - best).exp()
        } else {
            0.0
        }
    };
    let total: f32 = clauses.iter().map(|c| weight(c.2)).sum();
    // One analyzer per language for all the clauses.
    let mut analyzers: [Option<tantivy::tokenizer::TextAnalyzer>; 2] = [None, None];
    for &(text, lang, score) in clauses {
        let doc_weight = weight(score) / total;
        if doc_weight.is_nan() || doc_weight <= 0.0 {
            continue;
        }
        let analyzer = analyzers[usize::from(lang == Language::En)]
            .get_or_insert_with(|| analysis::whole_words(lang));
        let tokens = analysis::analyze_with(analyzer, text);
        // The whole words only: the analyzer gives no compound parts.
        let words: Vec<(&str, &str)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), text.get(t.offsets.clone()).unwrap_or("")))
            .collect();
        if words.is_empty() {
            continue;
        }
        let share = doc_weight / words.len() as f32;
        for (term, surface) in words {
            if !content_word(lang, term, surface) {
                continue;
            }
            let e = weights
                .entry((lang, term.to_string()))
                .or_insert_with(|| (0.0, surface.to_lowercase()));
            e.0 += share;
        }
    }
    // A clause far below the best weighs so little that its words' shares
    // round to zero; a word of weight zero is no feedback.
    let mut all: Vec<FeedbackTerm> = weights
        .into_iter()
        .filter(|(_, (weight, _))| *weight > 0.0 && weight.is_finite())
        .map(|((lang, term), (weight, word))| FeedbackTerm {
            lang,
            term,
            word,
            weight,
        })
        .collect();
    all.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.term.cmp(&b.term))
            .then_with(|| a.lang.code().cmp(b.lang.code()))
    });
    all.truncate(FEEDBACK_TERMS);
    let sum: f32 = all.iter().map(|t| t.weight).sum();
    if sum > 0.0 {
        for t in &mut all {
            t.weight /= sum;
        }
    }
    all
}

/// A word worth feeding back: three letters or more, not a number, not a
/// stop word of its language.
fn content_word(lang: Language, term: &str, surface: &str) -> bool {
    if term.chars().count() < 3 || !term.chars().any(char::is_alphabetic) {
        return false;
    }
    let lower = surface.to_lowercase();
    !stop_words(lang).contains(lower.as_str())
}

fn stop_words(lang: Language) -> &'static std::collections::HashSet<&'static str> {
    static DE: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    static EN: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    match lang {
        Language::De => DE.get_or_init(|| GERMAN.split_whitespace().collect()),
        Language::En => EN.get_or_init(|| ENGLISH.split_whitespace().collect()),
    }
}

// The stop word lists of the Snowball project (snowballstem.org, BSD
// licence: Copyright (c) 2001, Dr Martin Porter; 2004, 2005, Richard
// Boulton; 2013, Yoshiki Shibukawa; 2006–2019, Olly Betts), without their
// contractions.
const ENGLISH: &str = "i me my myself we our ours ourselves you your yours yourself yourselves \
he him his himself she her hers herself it its itself they them their theirs themselves what \
which who whom this that these those am is are was were be been being have has had having do \
does did doing would should could ought a an the and but if or because as until while of at by \
for with about against between into through during before after above below to from up down in \
out on off over under again further then once here there when where why how all any both each \
few more most other some such no nor not only own same so than too very";

const GERMAN: &str = "aber alle allem allen aller alles als also am an ander andere anderem \
anderen anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann \
der den des dem die das dass daß derselbe derselben denselben desselben demselben dieselbe \
dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du \
dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig \
einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer \
eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre \
ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen \
jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche \
manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste nach \
nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich \
sie ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und \
uns unsere unserem unseren unser unseres unter viel vom von vor während war waren warst was \
weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir \
wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_the_best_clauses_share_weigh_most() {
        let clauses = [
            (
                "The aggregate liability of either party shall not exceed the fees paid.",
                Language::En,
                1.0,
            ),
            (
                "Liability is capped at the fees paid in the preceding twelve months.",
                Language::En,
                1.0,
            ),
        ];
        let t = terms(&clauses);
        let words: Vec<&str> = t.iter().map(|t| t.word.as_str()).collect();
        // "liability", "fees" and "paid" are in both clauses; stop words
        // ("the", "of", "is", "at", "in", "not") and short words are left out.
        assert_eq!(&words[..3], ["fees", "liability", "paid"]);
        assert!(!words
            .iter()
            .any(|w| ["the", "of", "is", "not", "at", "in"].contains(w)));
        let sum: f32 = t.iter().map(|t| t.weight).sum();
        assert!((sum - 1.0).abs() < 1e-5, "{sum}");
        assert_eq!(t[0].term, "fee");
    }

    #[test]
    fn german_stop_words_and_numbers_are_left_out() {
        let t = terms(&[(
            "Gerichtsstand ist München. Für alle Streitigkeiten gilt § 38 ZPO.",
            Language::De,
            2.5,
        )]);
        let words: Vec<&str> = t.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(
            words,
            ["gerichtsstand", "gilt", "münchen", "streitigkeiten", "zpo"]
        );
    }

    #[test]
    fn better_clauses_weigh_more() {
        // Scores 1 apart: weights e : 1 between the clauses, each word half
        // of its clause.
        let t = terms(&[
            ("indemnify defend", Language::En, 3.0),
            ("warranty disclaimer", Language::En, 2.0),
        ]);
        let words: Vec<&str> = t.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["defend", "indemnify", "disclaimer", "warranty"]);
        let e = std::f32::consts::E;
        let first = e / (e + 1.0) / 2.0;
        assert!((t[0].weight - first).abs() < 1e-6, "{}", t[0].weight);
        assert!(
            (t[3].weight - (0.5 - first)).abs() < 1e-6,
            "{}",
            t[3].weight
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_scores_give_at_most_the_terms_with_shares_adding_up(
            texts in proptest::collection::vec((".{0,200}", proptest::num::f32::ANY, proptest::bool::ANY), 0..12)
        ) {
            let clauses: Vec<(&str, Language, f32)> = texts
                .iter()
                .map(|(t, s, de)| (t.as_str(), if *de { Language::De } else { Language::En }, *s))
                .collect();
            let t = terms(&clauses);
            proptest::prop_assert!(t.len() <= FEEDBACK_TERMS);
            if !t.is_empty() {
                let sum: f32 = t.iter().map(|t| t.weight).sum();
                proptest::prop_assert!((sum - 1.0).abs() < 1e-3, "{}", sum);
                proptest::prop_assert!(t.iter().all(|t| t.weight > 0.0 && t.weight <= 1.0));
            }
        }
    }

    #[test]
    fn no_clauses_no_terms() {
        assert!(terms(&[]).is_empty());
        assert!(terms(&[("", Language::En, 1.0), ("a an the", Language::En, 1.0)]).is_empty());
        // A clause whose score is not a number weighs nothing.
        assert!(terms(&[("liability cap", Language::En, f32::NAN)]).is_empty());
        assert!(terms(&[("liability cap", Language::En, f32::INFINITY)]).is_empty());
        assert_eq!(terms(&[("liability cap", Language::En, 0.0)]).len(), 2);
        // A clause 103 below the best weighs exp(-103), and its words'
        // shares round to zero: they are left out, not given weight zero.
        let t = terms(&[
            ("aÀª𠀀 indemnity", Language::En, 0.0),
            ("", Language::En, 103.385_76),
        ]);
        assert!(t.is_empty(), "{t:?}");
    }
}
