//! Where generated people come from and live: communes of the gazetteer, drawn by province with
//! more weight on the provinces that send many migrants abroad (Prey Veng, Kampong Cham, Svay
//! Rieng, Tboung Khmum, Battambang, Banteay Meanchey, Siem Reap, Takeo…).

use rand::Rng;
use rand::seq::IndexedRandom;
use tonle_domain::places::PlaceCode;
use tonle_store::Store;

use crate::failure::{CliResult, Failure};

/// (province code, weight); provinces not listed weigh 1.
const SENDING: &[(&str, u32)] = &[
    ("14", 12),
    ("03", 9),
    ("20", 8),
    ("02", 8),
    ("25", 7),
    ("01", 7),
    ("17", 7),
    ("21", 6),
    ("06", 5),
    ("08", 5),
    ("12", 4),
    ("22", 3),
    ("15", 3),
    ("07", 3),
];

pub const PHNOM_PENH: &str = "12";

/// The communes of each province, loaded once.
pub struct Gazetteer {
    /// (province code, weight, commune codes)
    provinces: Vec<(String, u32, Vec<PlaceCode>)>,
    total: u32,
}

impl Gazetteer {
    pub async fn load(store: &Store) -> CliResult<Self> {
        let mut provinces = Vec::new();
        for province in store.place_children(None).await? {
            let code = PlaceCode::parse(&province.code)?;
            let mut communes = Vec::new();
            for district in store.place_children(Some(&code)).await? {
                let district = PlaceCode::parse(&district.code)?;
                for commune in store.place_children(Some(&district)).await? {
                    communes.push(PlaceCode::parse(&commune.code)?);
                }
            }
            if communes.is_empty() {
                continue;
            }
            let weight = SENDING
                .iter()
                .find(|(p, _)| *p == province.code)
                .map_or(1, |(_, w)| *w);
            provinces.push((province.code, weight, communes));
        }
        let total = provinces.iter().map(|p| p.1).sum();
        if total == 0 {
            return Err(Failure(
                "The gazetteer is empty; run `tonle migrate` first.".into(),
            ));
        }
        Ok(Self { provinces, total })
    }

    /// A commune of a province drawn by the migration weights.
    pub fn origin<R: Rng>(&self, rng: &mut R) -> &PlaceCode {
        let mut pick = rng.random_range(0..self.total);
        for (_, weight, communes) in &self.provinces {
            if pick < *weight {
                return &communes[rng.random_range(0..communes.len())];
            }
            pick -= weight;
        }
        &self.provinces[0].2[0]
    }

    /// A commune of the given province (by its two-digit code), if it has any.
    pub fn in_province<R: Rng>(&self, rng: &mut R, province: &str) -> Option<&PlaceCode> {
        self.provinces
            .iter()
            .find(|(code, _, _)| code == province)
            .and_then(|(_, _, communes)| communes.choose(rng))
    }

    /// Province codes, for placing organisations.
    pub fn province_codes(&self) -> Vec<&str> {
        self.provinces.iter().map(|(c, _, _)| c.as_str()).collect()
    }
}
