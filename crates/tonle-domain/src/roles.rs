//! The roles a user can hold in an organisation. What each may do is decided in one place
//! (the security work builds on this list); here are the names and what the home page shows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Runs the whole network: organisations, their admins, shared reference data.
    NetworkAdmin,
    /// Runs one organisation: its users and projects.
    OrgAdmin,
    /// Supervises case workers and approves case closure.
    CaseManager,
    CaseWorker,
    ShelterStaff,
    LegalOfficer,
    /// Monitoring and evaluation: indicators and reports.
    MeOfficer,
    /// Prevention work in villages.
    FieldOfficer,
    /// Sees aggregates only, never a person.
    DonorViewer,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::NetworkAdmin,
        Role::OrgAdmin,
        Role::CaseManager,
        Role::CaseWorker,
        Role::ShelterStaff,
        Role::LegalOfficer,
        Role::MeOfficer,
        Role::FieldOfficer,
        Role::DonorViewer,
    ];

    /// The stable name stored in the database and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::NetworkAdmin => "network-admin",
            Role::OrgAdmin => "org-admin",
            Role::CaseManager => "case-manager",
            Role::CaseWorker => "case-worker",
            Role::ShelterStaff => "shelter-staff",
            Role::LegalOfficer => "legal-officer",
            Role::MeOfficer => "me-officer",
            Role::FieldOfficer => "field-officer",
            Role::DonorViewer => "donor-viewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    /// The Fluent key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::NetworkAdmin => "role-network-admin",
            Role::OrgAdmin => "role-org-admin",
            Role::CaseManager => "role-case-manager",
            Role::CaseWorker => "role-case-worker",
            Role::ShelterStaff => "role-shelter-staff",
            Role::LegalOfficer => "role-legal-officer",
            Role::MeOfficer => "role-me-officer",
            Role::FieldOfficer => "role-field-officer",
            Role::DonorViewer => "role-donor-viewer",
        }
    }

    /// May manage users and projects of the organisation the role is held in.
    pub fn administers_organisation(self) -> bool {
        matches!(self, Role::NetworkAdmin | Role::OrgAdmin)
    }

    /// May create organisations and see every organisation of the network.
    pub fn administers_network(self) -> bool {
        self == Role::NetworkAdmin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        let mut codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), Role::ALL.len());
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn only_admins_administer() {
        assert!(Role::OrgAdmin.administers_organisation());
        assert!(!Role::OrgAdmin.administers_network());
        assert!(!Role::CaseWorker.administers_organisation());
        assert!(!Role::DonorViewer.administers_organisation());
    }
}
