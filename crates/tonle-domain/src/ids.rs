//! Newtype ids, so an organisation id can never be passed where a user id is meant.

use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }
    };
}

id_type!(
    /// An organisation (an NGO, or a network of NGOs).
    OrgId
);
id_type!(
    /// A person who signs in to Tonle.
    UserId
);
id_type!(
    /// A donor-funded project of an organisation.
    ProjectId
);
id_type!(
    /// A person an organisation serves (a survivor, or someone at risk).
    PersonId
);
id_type!(
    /// A consent a person gave.
    ConsentId
);
id_type!(
    /// A file attached to a person's record (a photo or a document).
    AttachmentId
);
id_type!(
    /// An organisation's case for one person, from intake to closure.
    CaseId
);
id_type!(
    /// A shelter, transit centre or safe house an organisation runs.
    ShelterId
);
id_type!(
    /// One stay of a person in a shelter, from admission to discharge.
    StayId
);
