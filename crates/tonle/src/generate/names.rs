//! Fictional Khmer names with the variation real registers show: family names weighted by how
//! common they are, given names by sex, several Latin spellings of one Khmer name, family names
//! in capitals as on identity documents, nicknames as aliases. Combinations are random, so no
//! row describes a real person.

use rand::Rng;
use rand::seq::IndexedRandom;

/// (Khmer, Latin spellings (most usual first), relative frequency)
type Name = (&'static str, &'static [&'static str], u32);

const FAMILY: &[Name] = &[
    ("សុខ", &["Sok", "Sokh"], 10),
    ("ចាន់", &["Chan", "Chann"], 8),
    ("ជា", &["Chea", "Chear"], 6),
    ("កែវ", &["Keo", "Kaev"], 6),
    ("ហេង", &["Heng"], 5),
    ("លី", &["Ly", "Lee"], 5),
    ("ហ៊ុន", &["Hun", "Houn"], 4),
    ("សេង", &["Seng"], 4),
    ("ម៉ៅ", &["Mao"], 4),
    ("មាស", &["Meas", "Meah"], 3),
    ("ស៊ុន", &["Sun", "Soun"], 3),
    ("ឈឹម", &["Chhim", "Chhem"], 3),
    ("ទេព", &["Tep"], 3),
    ("អ៊ុក", &["Ouk", "Ok"], 3),
    ("ប៊ុន", &["Bun", "Boun"], 3),
    ("នួន", &["Nuon", "Nuan"], 3),
    ("ម៉ម", &["Mom"], 3),
    ("ពៅ", &["Pov", "Pau"], 2),
    ("យិន", &["Yin"], 2),
    ("ឡុង", &["Long"], 2),
    ("ខៀវ", &["Khiev", "Kheav"], 2),
    ("ទូច", &["Touch", "Toch"], 2),
    ("ពេជ្រ", &["Pech", "Pich"], 2),
    ("សួន", &["Suon", "Suan"], 2),
    ("រស់", &["Ros", "Ruos"], 2),
    ("វង់", &["Vong", "Vaung"], 2),
    ("លឹម", &["Lim"], 2),
    ("ប្រាក់", &["Prak"], 2),
    ("គង់", &["Kong", "Kung"], 2),
    ("អ៊ឹម", &["Im", "Em"], 2),
    ("ឃុន", &["Khun"], 1),
    ("ថាច់", &["Thach"], 1),
    ("ផាន", &["Phan"], 1),
    ("ងិន", &["Ngin"], 1),
    ("ណុប", &["Nop"], 1),
];

const FEMALE: &[Name] = &[
    ("ស្រីមុំ", &["Sreymom", "Srey Mom", "Sreimom"], 5),
    ("សុភា", &["Sophea", "Sophia"], 5),
    ("ចន្ធូ", &["Chanthou", "Chanthu"], 3),
    ("ស្រីពៅ", &["Sreypov", "Srey Pov", "Sreypau"], 4),
    ("ធីតា", &["Thida", "Theda"], 4),
    ("បុប្ផា", &["Bopha", "Bouppha"], 4),
    ("រតនា", &["Ratana", "Rattana"], 3),
    ("ស្រីល័ក្ខ", &["Sreyleak", "Srey Leak"], 3),
    ("វណ្ណា", &["Vanna", "Vana"], 3),
    ("គន្ធា", &["Kunthea", "Kanthea"], 3),
    ("សុខា", &["Sokha", "Sokhar"], 4),
    ("ចាន់ធា", &["Chantha", "Chanthea"], 3),
    ("សុភាព", &["Sopheap", "Sopheab"], 3),
    ("ដាលីន", &["Dalin", "Daline"], 2),
    ("ស្រីនាង", &["Sreyneang", "Srey Neang"], 2),
    ("លក្ខិណា", &["Leakhena", "Lakhena"], 2),
    ("ម៉ាលី", &["Maly", "Mali"], 3),
    ("ពិសី", &["Pisey", "Pisei"], 2),
    ("សុធា", &["Sothea", "Sotheavy"], 2),
    ("និមល", &["Nimol", "Nimul"], 2),
    ("ចិន្តា", &["Chenda", "Chinda"], 2),
    ("ណារី", &["Nary", "Neary"], 3),
];

const MALE: &[Name] = &[
    ("សំណាង", &["Samnang", "Somnang"], 4),
    ("ពិសិដ្ឋ", &["Piseth", "Piset"], 3),
    ("រិទ្ធី", &["Rithy", "Rithi"], 3),
    ("វិចិត្រ", &["Vichet", "Vicheth"], 3),
    ("ដារ៉ា", &["Dara", "Darra"], 4),
    ("សុភ័ក្រ", &["Sopheak", "Sophak"], 2),
    ("វណ្ណៈ", &["Vannak", "Vanak"], 3),
    ("សុផល", &["Sophal", "Sophall"], 2),
    ("បូរ៉ា", &["Bora", "Borra"], 3),
    ("ចាន់ណា", &["Channa", "Chana"], 2),
    ("រដ្ឋា", &["Rattha", "Ratha"], 2),
    ("វីរៈ", &["Vireak", "Virak"], 2),
    ("សុវណ្ណ", &["Sovann", "Sovan"], 2),
    ("កុសល", &["Kosal", "Kusal"], 2),
    ("ធារ៉ា", &["Theara", "Thera"], 2),
    ("សម្បត្តិ", &["Sambath", "Sambat"], 2),
    ("តុលា", &["Tola", "Tolla"], 2),
];

const NICKNAMES_FEMALE: &[&str] = &["Srey", "Mey", "Nang", "Pov", "ស្រី", "អូន"];
const NICKNAMES_MALE: &[&str] = &["Ah", "Bong", "Pou", "Thy", "អា", "ពៅ"];

/// A generated name in both scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub family_km: &'static str,
    pub given_km: &'static str,
    pub family_latin: String,
    pub given_latin: &'static str,
    pub aliases: Vec<&'static str>,
}

fn weighted<'a, R: Rng>(rng: &mut R, names: &'a [Name]) -> &'a Name {
    let total: u32 = names.iter().map(|n| n.2).sum();
    let mut pick = rng.random_range(0..total.max(1));
    for name in names {
        if pick < name.2 {
            return name;
        }
        pick -= name.2;
    }
    &names[0]
}

/// Usually the usual spelling; sometimes another one.
fn spelling<R: Rng>(rng: &mut R, spellings: &'static [&'static str]) -> &'static str {
    if spellings.len() > 1 && rng.random_bool(0.25) {
        spellings[rng.random_range(1..spellings.len())]
    } else {
        spellings[0]
    }
}

pub fn names<R: Rng>(rng: &mut R, female: bool) -> Names {
    let family = weighted(rng, FAMILY);
    let given = weighted(rng, if female { FEMALE } else { MALE });
    let mut family_latin = spelling(rng, family.1).to_owned();
    if rng.random_bool(0.1) {
        family_latin = family_latin.to_uppercase();
    }
    let nicknames = if female {
        NICKNAMES_FEMALE
    } else {
        NICKNAMES_MALE
    };
    let mut aliases = Vec::new();
    if rng.random_bool(0.15)
        && let Some(n) = nicknames.choose(rng)
    {
        aliases.push(*n);
    }
    Names {
        family_km: family.0,
        given_km: given.0,
        family_latin,
        given_latin: spelling(rng, given.1),
        aliases,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn common_family_names_come_up_more_often() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut sok = 0;
        let mut nop = 0;
        for _ in 0..5000 {
            match names(&mut rng, true).family_km {
                "សុខ" => sok += 1,
                "ណុប" => nop += 1,
                _ => {}
            }
        }
        assert!(sok > 4 * nop, "Sok {sok}, Nop {nop}");
    }

    #[test]
    fn every_name_has_a_khmer_and_a_latin_spelling() {
        for list in [FAMILY, FEMALE, MALE] {
            for (km, latin, weight) in list {
                assert!(!km.is_empty() && !latin.is_empty() && *weight > 0);
            }
        }
    }
}
