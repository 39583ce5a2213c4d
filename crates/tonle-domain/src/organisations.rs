//! Organisations: NGOs, and the networks they belong to.

use crate::Invalid;
use crate::places::PlaceCode;
use crate::validation::{optional_text, required_text};

/// What is needed to create an organisation, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    pub name: String,
    pub name_km: Option<String>,
    /// True for a network that contains other organisations.
    pub is_network: bool,
    /// Where it is based, if given.
    pub place: Option<PlaceCode>,
}

impl NewOrganisation {
    pub fn parse(name: &str, name_km: &str, is_network: bool) -> Result<Self, Invalid> {
        Ok(Self {
            name: required_text("name", name, 200)?,
            name_km: optional_text("name_km", name_km, 200)?,
            is_network,
            place: None,
        })
    }

    /// Sets where the organisation is based.
    pub fn based_in(mut self, place: Option<PlaceCode>) -> Self {
        self.place = place;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_required() {
        assert!(NewOrganisation::parse("Riverlight", "", false).is_ok());
        assert_eq!(
            NewOrganisation::parse(" ", "", false).map_err(|e| e.field),
            Err("name")
        );
    }
}
