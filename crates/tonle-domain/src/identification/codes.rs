//! The HTCDS code lists (and a few of Tonle's own where the standard has none), with English and
//! Khmer labels, from the embedded `data/htcds/labels.csv`. The stored code is the HTCDS value
//! (an ISO 3166 code for countries), so records stay comparable and exportable.
//!
//! Human Trafficking Case Data Standard (HTCDS) by IOM, CC BY 4.0. Khmer country names come
//! from Debian's iso-codes translations (LGPL-2.1+); the other Khmer labels are Tonle's.

use std::sync::LazyLock;

use crate::language::Language;

const LABELS_CSV: &str = include_str!("../../../../data/htcds/labels.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeList {
    RecruitmentMethod,
    RecruiterRelation,
    MeansOfControl,
    Exploitation,
    LabourIndustry,
    SexExploitation,
    IdentifiedBy,
    TraffickingStatus,
    Vulnerability,
    Country,
}

impl CodeList {
    pub const ALL: [CodeList; 10] = [
        CodeList::RecruitmentMethod,
        CodeList::RecruiterRelation,
        CodeList::MeansOfControl,
        CodeList::Exploitation,
        CodeList::LabourIndustry,
        CodeList::SexExploitation,
        CodeList::IdentifiedBy,
        CodeList::TraffickingStatus,
        CodeList::Vulnerability,
        CodeList::Country,
    ];

    /// The list's name in the data file.
    pub fn name(self) -> &'static str {
        match self {
            CodeList::RecruitmentMethod => "recruitment-method",
            CodeList::RecruiterRelation => "recruiter-relation",
            CodeList::MeansOfControl => "means-of-control",
            CodeList::Exploitation => "exploitation",
            CodeList::LabourIndustry => "labour-industry",
            CodeList::SexExploitation => "sexual-exploitation",
            CodeList::IdentifiedBy => "identified-by",
            CodeList::TraffickingStatus => "trafficking-status",
            CodeList::Vulnerability => "vulnerability",
            CodeList::Country => "country",
        }
    }

    fn from_name(name: &str) -> Option<CodeList> {
        CodeList::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The entries of the list, in the standard's order.
    pub fn entries(self) -> &'static [Entry] {
        let lists = &*LISTS;
        CodeList::ALL
            .iter()
            .position(|l| *l == self)
            .and_then(|i| lists.get(i))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn find(self, code: &str) -> Option<&'static Entry> {
        self.entries().iter().find(|e| e.code == code)
    }

    /// The label of `code` in `language`; the code itself when unknown.
    pub fn label(self, code: &str, language: Language) -> String {
        self.find(code)
            .map(|e| e.label(language).to_owned())
            .unwrap_or_else(|| code.to_owned())
    }
}

/// One value of a code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    pub en: String,
    pub km: String,
}

impl Entry {
    pub fn label(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::Km => &self.km,
        }
    }
}

static LISTS: LazyLock<Vec<Vec<Entry>>> = LazyLock::new(|| parse(LABELS_CSV));

/// Parses the labels file (RFC 4180 quoting); rows of unknown lists are skipped, and the test
/// below checks that none are.
fn parse(text: &str) -> Vec<Vec<Entry>> {
    let mut lists: Vec<Vec<Entry>> = CodeList::ALL.iter().map(|_| Vec::new()).collect();
    for line in text.lines().skip(1) {
        let fields = split_csv(line);
        let [list, code, en, km] = fields.as_slice() else {
            continue;
        };
        let Some(index) =
            CodeList::from_name(list).and_then(|l| CodeList::ALL.iter().position(|x| *x == l))
        else {
            continue;
        };
        if let Some(entries) = lists.get_mut(index) {
            entries.push(Entry {
                code: code.clone(),
                en: en.clone(),
                km: km.clone(),
            });
        }
    }
    lists
}

pub(crate) fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Forces the lists to load, so a damaged file shows at start rather than on first use.
pub fn load() -> usize {
    LISTS.iter().map(Vec::len).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTCDS_CSV: &str = include_str!("../../../../data/htcds/code-lists.csv");

    #[test]
    fn every_code_has_both_labels_and_khmer_is_khmer() {
        assert_eq!(load(), 346);
        for list in CodeList::ALL {
            assert!(!list.entries().is_empty(), "{list:?}");
            for e in list.entries() {
                assert!(!e.code.is_empty() && !e.en.is_empty(), "{e:?}");
                assert!(
                    e.km.chars().any(|c| ('\u{1780}'..='\u{17FF}').contains(&c)),
                    "{e:?}"
                );
            }
        }
        assert_eq!(CodeList::Country.entries().len(), 249);
        assert_eq!(CodeList::Country.label("KH", Language::Km), "កម្ពុជា");
    }

    #[test]
    fn every_htcds_value_of_the_lists_we_use_is_there() {
        let ours = [
            ("Method of Recruitment", CodeList::RecruitmentMethod),
            ("Methods of Control", CodeList::MeansOfControl),
            ("Type of Exploitation", CodeList::Exploitation),
            ("Forced Labour Industry", CodeList::LabourIndustry),
            ("Type of Sex Exploitation", CodeList::SexExploitation),
            ("Trafficking Status", CodeList::TraffickingStatus),
            ("Vulnerabilities", CodeList::Vulnerability),
            ("Country Code", CodeList::Country),
        ];
        let mut seen = 0;
        for line in HTCDS_CSV.lines().skip(1) {
            let fields = split_csv(line);
            let [name, value] = fields.as_slice() else {
                continue;
            };
            if let Some((_, list)) = ours.iter().find(|(n, _)| n == name) {
                assert!(list.find(value).is_some(), "{name}: {value}");
                seen += 1;
            }
        }
        assert_eq!(seen, 10 + 16 + 11 + 21 + 4 + 3 + 12 + 249);
    }

    #[test]
    fn quoted_fields_keep_their_commas() {
        assert_eq!(
            split_csv(r#"a,"b, c","say ""hi""""#),
            vec!["a", "b, c", r#"say "hi""#]
        );
    }
}
