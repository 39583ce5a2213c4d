//! Cambodia's administrative units, keyed by their gazetteer code: 2 digits for a province,
//! 4 for a district, 6 for a commune, 8 for a village. Each code starts with its parent's.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum PlaceLevel {
    Province,
    District,
    Commune,
    Village,
}

impl PlaceLevel {
    pub const ALL: [PlaceLevel; 4] = [
        PlaceLevel::Province,
        PlaceLevel::District,
        PlaceLevel::Commune,
        PlaceLevel::Village,
    ];

    pub fn code_len(self) -> usize {
        match self {
            PlaceLevel::Province => 2,
            PlaceLevel::District => 4,
            PlaceLevel::Commune => 6,
            PlaceLevel::Village => 8,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PlaceLevel::Province => "province",
            PlaceLevel::District => "district",
            PlaceLevel::Commune => "commune",
            PlaceLevel::Village => "village",
        }
    }

    pub fn from_name(name: &str) -> Option<PlaceLevel> {
        PlaceLevel::ALL.into_iter().find(|l| l.name() == name)
    }

    pub fn child(self) -> Option<PlaceLevel> {
        match self {
            PlaceLevel::Province => Some(PlaceLevel::District),
            PlaceLevel::District => Some(PlaceLevel::Commune),
            PlaceLevel::Commune => Some(PlaceLevel::Village),
            PlaceLevel::Village => None,
        }
    }
}

/// A valid gazetteer code. Whether the place exists is the store's question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
pub struct PlaceCode(String);

impl PlaceCode {
    pub fn parse(text: &str) -> Result<PlaceCode, Invalid> {
        let code = text.trim();
        let valid_len = PlaceLevel::ALL.iter().any(|l| l.code_len() == code.len());
        if !valid_len || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new("place", "error-place-code"));
        }
        Ok(PlaceCode(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> PlaceLevel {
        match self.0.len() {
            2 => PlaceLevel::Province,
            4 => PlaceLevel::District,
            6 => PlaceLevel::Commune,
            _ => PlaceLevel::Village,
        }
    }

    pub fn parent(&self) -> Option<PlaceCode> {
        match self.level() {
            PlaceLevel::Province => None,
            _ => Some(PlaceCode(self.0[..self.0.len() - 2].to_owned())),
        }
    }

    /// This code and its ancestors, province first.
    pub fn lineage(&self) -> Vec<PlaceCode> {
        PlaceLevel::ALL
            .iter()
            .map(|l| l.code_len())
            .filter(|len| *len <= self.0.len())
            .map(|len| PlaceCode(self.0[..len].to_owned()))
            .collect()
    }
}

impl fmt::Display for PlaceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PlaceCode {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PlaceCode::parse(&value)
    }
}

impl From<PlaceCode> for String {
    fn from(code: PlaceCode) -> String {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_know_their_level_and_parents() {
        let village = PlaceCode::parse("01020304").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(village.level(), PlaceLevel::Village);
        assert_eq!(
            village.parent().map(String::from).as_deref(),
            Some("010203")
        );
        let lineage: Vec<String> = village.lineage().into_iter().map(String::from).collect();
        assert_eq!(lineage, ["01", "0102", "010203", "01020304"]);
        let province = PlaceCode::parse(" 12 ").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(province.parent(), None);
    }

    #[test]
    fn refuses_what_is_not_a_code() {
        for bad in ["", "1", "123", "0102030405", "01a2", "០១"] {
            assert!(PlaceCode::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
