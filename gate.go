package groepsaanpak

import (
	"time"
)

// GateState is everything the Art 8 gate looks at: the covenant in force, its
// partners and their signatures, and the register entry of the group
// approach's processing activity.
type GateState struct {
	Covenant   *Covenant
	Partners   []Partner
	Signatures []Signature
	Register   *RegisterEntry
}

// CheckGate implements Art 8 as the law applies it today: no personal data is
// processed until the covenant is in force (it is recorded with valid terms,
// every partner signed it and its effective date has been reached) and the
// processing is recorded in the register of processing activities (GDPR Art
// 30) with a DPIA reference (GDPR Art 35). It returns nil when processing may
// go ahead, or a KindGateClosed error naming every condition that is missing.
func CheckGate(s GateState, now time.Time) error {
	var missing []Detail
	add := func(name, msg string) { missing = append(missing, Detail{Name: name, Message: msg}) }

	if s.Covenant == nil {
		add("convenant", "Het convenant is nog niet vastgelegd.")
	} else {
		if err := s.Covenant.Terms.Validate(s.Partners); err != nil {
			add("voorwaarden", "De voorwaarden van het convenant zijn onvolledig.")
		}
		if !s.Covenant.Terms.EffectiveDate.Reached(now) {
			add("ingangsdatum", "De ingangsdatum van het convenant ("+s.Covenant.Terms.EffectiveDate.Dutch()+") is nog niet bereikt.")
		}
	}
	for _, k := range []PartnerKind{KindGemeente, KindPolitie, KindOM} {
		if !hasKind(s.Partners, k) {
			add("partner:"+string(k), "Driehoekspartner ontbreekt: "+k.Label()+".")
		}
	}
	for _, p := range s.Partners {
		if !signed(s.Signatures, p.ID) {
			add("ondertekening:"+p.ID, "Nog niet ondertekend door "+p.Name+".")
		}
	}
	switch {
	case s.Register == nil:
		add("verwerkingsregister", "De verwerking is nog niet opgenomen in het register van verwerkingsactiviteiten (AVG artikel 30).")
	case s.Register.DPIAReference == "":
		add("dpia", "Het kenmerk van de gegevensbeschermingseffectbeoordeling (DPIA) ontbreekt.")
	}
	if len(missing) == 0 {
		return nil
	}
	return E(KindGateClosed, "gate", "Verwerking van persoonsgegevens is nog niet toegestaan (artikel 8 van het convenant).", missing...)
}

func hasKind(partners []Partner, k PartnerKind) bool {
	for _, p := range partners {
		if p.Kind == k {
			return true
		}
	}
	return false
}

func signed(sigs []Signature, partnerID string) bool {
	for _, s := range sigs {
		if s.PartnerID == partnerID {
			return true
		}
	}
	return false
}
