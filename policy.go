package groepsaanpak

import (
	"strconv"
	"time"
)

// This file holds the policy for the covenant registry, accounts and logs.
// Each function is pure: it decides from the actor and the object alone, and
// storage calls it inside the transaction that carries out the action.

// CanManagePartners reports whether the actor may add and edit partners:
// the admin role ("manage partners, users and settings").
func CanManagePartners(a *Actor) bool { return a.Has(RoleAdmin) }

// CanManageUsers reports whether the actor may create users, change their
// roles and block them.
func CanManageUsers(a *Actor) bool { return a.Has(RoleAdmin) }

// CanEditCovenant reports whether the actor may record the covenant's terms
// before it is signed. After the first signature the terms only change by
// amendment (Art 12.1).
func CanEditCovenant(a *Actor) bool { return a.HasAny(RoleAdmin, RoleCoordinator) }

// CanRecordSignature reports whether the actor may record partner p's
// signature: a driehoek member or privacy officer of that partner, or the
// coordinator or an admin recording a signature made on paper.
func CanRecordSignature(a *Actor, p Partner) bool {
	if a.HasAny(RoleAdmin, RoleCoordinator) {
		return true
	}
	return a != nil && a.PartnerID == p.ID && a.HasAny(RoleDriehoek, RolePrivacyOfficer)
}

// CanProposeAmendment reports whether the actor may propose an amendment.
func CanProposeAmendment(a *Actor) bool {
	return a.HasAny(RoleAdmin, RoleCoordinator, RolePrivacyOfficer)
}

// CanApproveAmendment reports whether the actor may approve an amendment on
// behalf of partner p: only someone of that partner itself, in a role that
// may bind it (driehoek, coordinator, privacy officer or admin).
func CanApproveAmendment(a *Actor, p Partner) bool {
	return a != nil && a.PartnerID == p.ID && a.HasAny(RoleDriehoek, RoleCoordinator, RolePrivacyOfficer, RoleAdmin)
}

// CanRecordRegister reports whether the actor may record a new version of an
// entry in the register of processing activities.
func CanRecordRegister(a *Actor) bool {
	return a.HasAny(RolePrivacyOfficer, RoleCoordinator, RoleAdmin)
}

// CanRecordWpg20 reports whether the actor may record the police's Wpg art 20
// decision: a police user with a role that may bind the police, or an admin.
func CanRecordWpg20(a *Actor) bool {
	if a.Has(RoleAdmin) {
		return true
	}
	return a != nil && a.PartnerKind == KindPolitie && a.HasAny(RoleDriehoek, RolePrivacyOfficer, RoleCoordinator)
}

// CanRaiseDispute reports whether the actor may record a dispute (Art 11).
func CanRaiseDispute(a *Actor) bool {
	return a.HasAny(RoleCoordinator, RoleDriehoek, RolePrivacyOfficer, RoleAdmin)
}

// CanResolveDispute reports whether the actor may record a dispute's
// resolution.
func CanResolveDispute(a *Actor) bool { return a.HasAny(RoleCoordinator, RoleAdmin) }

// CanReadAuditLog reports whether the actor may read the metadata of the
// audit and processing logs. It never includes content.
func CanReadAuditLog(a *Actor) bool { return a.HasAny(RoleAuditor, RolePrivacyOfficer) }

// CanProcessPersonalData reports whether the actor's roles allow access to
// personal data at all. Admins and auditors never do; the Art 8 gate and the
// need-to-know policy decide the rest.
func CanProcessPersonalData(a *Actor) bool {
	if a == nil {
		return false
	}
	for _, r := range a.Roles {
		if !r.ContentRole() {
			return false
		}
	}
	return len(a.Roles) > 0
}

// ConfidentialityDeclared reports whether the actor accepted the
// confidentiality duty of Art 5.1 for the covenant version in force; it is
// asked again after an amendment.
func ConfidentialityDeclared(a *Actor, covenantVersion int) bool {
	return a != nil && covenantVersion > 0 && a.DeclaredVersion == covenantVersion
}

// CheckPersonalDataAccess is the common precondition of every processing of
// personal data by a person: the gate is open, the actor's roles allow
// personal data, and the actor accepted the confidentiality duty for the
// current covenant version. The need-to-know policy then decides per object.
func CheckPersonalDataAccess(a *Actor, gate GateState, now time.Time) error {
	if err := CheckGate(gate, now); err != nil {
		return err
	}
	if !CanProcessPersonalData(a) {
		return ErrForbidden("access")
	}
	if !ConfidentialityDeclared(a, gate.Covenant.Version) {
		return E(KindForbidden, "access", "Accepteer eerst de geheimhoudingsverklaring (artikel 5.1 van het convenant).",
			Detail{Name: "geheimhoudingsverklaring", Message: "Nog niet geaccepteerd voor versie " + strconv.Itoa(gate.Covenant.Version) + " van het convenant."})
	}
	return nil
}
