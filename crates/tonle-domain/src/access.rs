//! Who may do what: the one table every handler and store query asks. Anything not granted here
//! is refused.

use crate::ids::{OrgId, UserId};
use crate::roles::Role;

/// Something a user can try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See a person's identifying details (names, date of birth, contact).
    ViewPeople,
    /// Register a person or change their details.
    EditPeople,
    /// See one sensitive part of a person's record.
    ViewSection(Section),
    /// Record or withdraw a person's consent.
    ManageConsent,
    /// Destroy a person's identifying data for good.
    ErasePeople,
    /// See who looked at and changed a person's record.
    ViewAuditTrail,
    /// Manage the users and projects of an organisation.
    ManageOrganisation,
    /// See counts and indicators (never a person).
    ViewAggregates,
    /// See an organisation's shelters, their occupancy and who lives there.
    ViewShelters,
    /// Admit people to a shelter, transfer and discharge them.
    ManageStays,
    /// Add shelters to an organisation.
    ManageShelters,
    /// Approve a case's closure, reopen a closed case, reassign cases (a supervisor's work).
    SuperviseCases,
}

/// The sensitive parts of a person's record, each shown only to the roles that need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// How the person was recruited, moved and exploited.
    Trafficking,
    Health,
    Legal,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Trafficking, Section::Health, Section::Legal];
}

/// How far a role reaches over the people of its organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Everyone the organisation serves.
    Organisation,
    /// Only the people assigned to the user.
    Assigned,
}

/// Whether `role` may do `action` (in the organisation where the user holds that role).
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewPeople => matches!(
            role,
            OrgAdmin | CaseManager | CaseWorker | ShelterStaff | LegalOfficer
        ),
        EditPeople | ManageConsent => matches!(role, CaseManager | CaseWorker),
        ViewSection(Section::Trafficking) => {
            matches!(role, CaseManager | CaseWorker | LegalOfficer)
        }
        ViewSection(Section::Health) => matches!(role, CaseManager | CaseWorker | ShelterStaff),
        ViewSection(Section::Legal) => matches!(role, CaseManager | LegalOfficer),
        ErasePeople | ViewAuditTrail => matches!(role, OrgAdmin | CaseManager),
        ManageOrganisation => role.administers_organisation(),
        ViewAggregates => matches!(
            role,
            NetworkAdmin | OrgAdmin | CaseManager | MeOfficer | DonorViewer
        ),
        // Residents' names are shown: only roles that see all of the organisation's people.
        ViewShelters => matches!(role, OrgAdmin | CaseManager | ShelterStaff),
        ManageStays => matches!(role, CaseManager | ShelterStaff),
        ManageShelters => matches!(role, OrgAdmin | CaseManager),
        SuperviseCases => role == CaseManager,
    }
}

/// Which of an organisation's people a role reaches, if any.
pub fn people_reach(role: Role) -> Option<Reach> {
    if !allows(role, Action::ViewPeople) {
        return None;
    }
    Some(match role {
        Role::CaseWorker => Reach::Assigned,
        _ => Reach::Organisation,
    })
}

/// Whether someone holding `roles` (organisation, role) may give `role` in `org` — or reset,
/// disable or enable an account that holds it there. `network` is the network `org` belongs to;
/// `org_has_admin`: the organisation already has an enabled organisation admin.
///
/// Roles that reach people are given only by an admin *of that organisation* (or on the
/// server's command line): a network admin must not be able to make herself, or take over, an
/// account that reads a member organisation's survivors. The one exception is the first admin
/// of a new member organisation, which its network admin sets up.
pub fn may_grant(
    roles: &[(OrgId, Role)],
    role: Role,
    org: OrgId,
    network: Option<OrgId>,
    org_has_admin: bool,
) -> bool {
    let holds = |o: OrgId, r: Role| roles.iter().any(|(ro, rr)| *ro == o && *rr == r);
    let network_admin =
        holds(org, Role::NetworkAdmin) || network.is_some_and(|n| holds(n, Role::NetworkAdmin));
    let org_admin = holds(org, Role::OrgAdmin);
    match role {
        Role::NetworkAdmin => holds(org, Role::NetworkAdmin),
        r if people_reach(r).is_some() => {
            org_admin || (r == Role::OrgAdmin && network_admin && !org_has_admin)
        }
        _ => org_admin || network_admin,
    }
}

/// What one user may do where: their roles, organisation by organisation. Network roles give
/// no reach over the people of member organisations; only a role held in the organisation does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub user: UserId,
    pub roles: Vec<(OrgId, Role)>,
}

impl Scope {
    pub fn new(user: UserId, roles: Vec<(OrgId, Role)>) -> Self {
        Self { user, roles }
    }

    /// Whether any of the user's roles in `org` allows `action` there.
    pub fn allows(&self, org: OrgId, action: Action) -> bool {
        self.roles
            .iter()
            .any(|(o, role)| *o == org && allows(*role, action))
    }

    /// The organisations where some role allows `action`.
    pub fn orgs_for(&self, action: Action) -> Vec<OrgId> {
        let mut orgs: Vec<OrgId> = self
            .roles
            .iter()
            .filter(|(_, role)| allows(*role, action))
            .map(|(org, _)| *org)
            .collect();
        orgs.sort_by_key(|o| o.0);
        orgs.dedup();
        orgs
    }

    /// How far the user reaches over `org`'s people: the widest of their roles there.
    pub fn people_reach(&self, org: OrgId) -> Option<Reach> {
        let reaches = self
            .roles
            .iter()
            .filter(|(o, _)| *o == org)
            .filter_map(|(_, role)| people_reach(*role));
        reaches.fold(None, |widest, reach| match (widest, reach) {
            (Some(Reach::Organisation), _) | (_, Reach::Organisation) => Some(Reach::Organisation),
            _ => Some(Reach::Assigned),
        })
    }

    /// Whether the user may see a person of `org` assigned to `assigned_to`.
    pub fn reaches_person(&self, org: OrgId, assigned_to: Option<UserId>) -> bool {
        match self.people_reach(org) {
            Some(Reach::Organisation) => true,
            Some(Reach::Assigned) => assigned_to == Some(self.user),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_organisations_own_admin_gives_roles_that_reach_people() {
        let (net, ngo, other) = (OrgId(1), OrgId(2), OrgId(3));
        let network_admin = [(net, Role::NetworkAdmin)];
        let org_admin = [(ngo, Role::OrgAdmin)];
        for role in [
            Role::CaseManager,
            Role::CaseWorker,
            Role::ShelterStaff,
            Role::LegalOfficer,
        ] {
            assert!(
                !may_grant(&network_admin, role, ngo, Some(net), false),
                "{role:?}"
            );
            assert!(
                may_grant(&org_admin, role, ngo, Some(net), true),
                "{role:?}"
            );
            assert!(!may_grant(&org_admin, role, other, None, true), "{role:?}");
        }
        // The first admin of a new member organisation comes from its network admin; later
        // ones from its own admins.
        assert!(may_grant(
            &network_admin,
            Role::OrgAdmin,
            ngo,
            Some(net),
            false
        ));
        assert!(!may_grant(
            &network_admin,
            Role::OrgAdmin,
            ngo,
            Some(net),
            true
        ));
        assert!(!may_grant(
            &network_admin,
            Role::OrgAdmin,
            other,
            None,
            false
        ));
        // Roles that never see a person.
        for role in [Role::MeOfficer, Role::FieldOfficer, Role::DonorViewer] {
            assert!(
                may_grant(&network_admin, role, ngo, Some(net), true),
                "{role:?}"
            );
            assert!(may_grant(&network_admin, role, net, None, true), "{role:?}");
            assert!(
                may_grant(&org_admin, role, ngo, Some(net), true),
                "{role:?}"
            );
        }
        assert!(may_grant(
            &network_admin,
            Role::NetworkAdmin,
            net,
            None,
            true
        ));
        assert!(!may_grant(
            &org_admin,
            Role::NetworkAdmin,
            ngo,
            Some(net),
            true
        ));
        assert!(!may_grant(
            &network_admin,
            Role::NetworkAdmin,
            ngo,
            Some(net),
            true
        ));
    }

    #[test]
    fn a_scope_takes_the_widest_role_in_each_organisation() {
        let me = UserId(5);
        let scope = Scope::new(
            me,
            vec![
                (OrgId(1), Role::CaseWorker),
                (OrgId(2), Role::CaseWorker),
                (OrgId(2), Role::CaseManager),
                (OrgId(3), Role::NetworkAdmin),
            ],
        );
        assert!(scope.reaches_person(OrgId(1), Some(me)));
        assert!(!scope.reaches_person(OrgId(1), Some(UserId(6))));
        assert!(!scope.reaches_person(OrgId(1), None));
        assert!(scope.reaches_person(OrgId(2), Some(UserId(6))));
        assert!(!scope.reaches_person(OrgId(3), Some(me)));
        assert!(!scope.reaches_person(OrgId(9), Some(me)));
        assert_eq!(scope.orgs_for(Action::ViewPeople), vec![OrgId(1), OrgId(2)]);
        assert!(scope.allows(OrgId(2), Action::ErasePeople));
        assert!(!scope.allows(OrgId(1), Action::ErasePeople));
    }

    #[test]
    fn nobody_outside_protection_sees_a_person() {
        for role in [
            Role::NetworkAdmin,
            Role::MeOfficer,
            Role::FieldOfficer,
            Role::DonorViewer,
        ] {
            assert!(!allows(role, Action::ViewPeople), "{role:?}");
            assert_eq!(people_reach(role), None);
            for section in Section::ALL {
                assert!(!allows(role, Action::ViewSection(section)), "{role:?}");
            }
        }
    }

    #[test]
    fn case_workers_reach_their_own_people_and_shelter_staff_no_legal_details() {
        assert_eq!(people_reach(Role::CaseWorker), Some(Reach::Assigned));
        assert_eq!(people_reach(Role::CaseManager), Some(Reach::Organisation));
        assert!(!allows(
            Role::ShelterStaff,
            Action::ViewSection(Section::Legal)
        ));
        assert!(!allows(
            Role::ShelterStaff,
            Action::ViewSection(Section::Trafficking)
        ));
        assert!(allows(
            Role::LegalOfficer,
            Action::ViewSection(Section::Legal)
        ));
        assert!(!allows(Role::LegalOfficer, Action::EditPeople));
        assert!(allows(Role::DonorViewer, Action::ViewAggregates));
    }
}
