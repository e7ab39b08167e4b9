// Package demo loads a realistic demo covenant into an empty installation:
// the partners of the fictitious municipality Voorbeeldstad, the signed
// covenant with its register entry and DPIA reference, the police's Wpg art
// 20 decision, an amendment awaiting approval, a resolved dispute, demo
// users of every partner with different roles, and the casework of two
// youth groups (scenario.go) carried out by those users themselves, so that
// a newcomer sees need-to-know at work by logging in as different users.
// Every name in it is invented.
package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/auth"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// Password is the password of every demo account. The demo is for trying
// the application on one's own machine; never load it into production.
const Password = "demo-Voorbeeldstad-2026"

// Login is one demo account as printed at start.
type Login struct {
	Email      string
	Name       string
	Partner    string
	Roles      []ga.Role
	Password   string
	TOTPSecret string
	// Sees says in one line what this user should and should not see in
	// the demo scenario.
	Sees string
}

type partnerSpec struct {
	key string
	ga.Partner
}

var partners = []partnerSpec{
	{"gemeente", ga.Partner{Name: "Gemeente Voorbeeldstad", Kind: ga.KindGemeente,
		PublicTasks:           "Handhaving van de openbare orde en veiligheid, coördinatie en regie bij hulpverlening en opvang, leefbaarheid.",
		LegalGrounds:          "Gemeentewet art. 172 en 174; Jeugdwet; Wmo 2015; AVG art. 6 lid 1 onder e.",
		ComplaintsCommittee:   "Klachtencommissie Gemeente Voorbeeldstad, Postbus 1000, 1000 AA Voorbeeldstad",
		DataProtectionOfficer: "Functionaris gegevensbescherming gemeente, fg@voorbeeldstad.example"}},
	{"politie", ga.Partner{Name: "Politie eenheid Voorbeeldland, basisteam Voorbeeldstad", Kind: ga.KindPolitie,
		PublicTasks:           "Opsporing van strafbare feiten, handhaving van de openbare orde en hulpverlening aan hen die dit behoeven.",
		LegalGrounds:          "Politiewet 2012 art. 3; Wet politiegegevens art. 20 (besluit tot verstrekking aan het samenwerkingsverband).",
		ComplaintsCommittee:   "Klachtencommissie politie eenheid Voorbeeldland",
		DataProtectionOfficer: "Functionaris gegevensbescherming politie, fg@politie.example"}},
	{"om", ga.Partner{Name: "Openbaar Ministerie, arrondissementsparket Voorbeeldland", Kind: ga.KindOM,
		PublicTasks:           "Opsporing en vervolging van strafbare feiten en toezicht op de uitvoering van strafvonnissen.",
		LegalGrounds:          "Wet op de rechterlijke organisatie art. 124; Wet justitiële en strafvorderlijke gegevens art. 39f.",
		ComplaintsCommittee:   "Klachtencoördinator arrondissementsparket Voorbeeldland",
		DataProtectionOfficer: "Functionaris gegevensbescherming OM, fg@om.example"}},
	{"jeugdhulp", ga.Partner{Name: "Stichting Jeugdhulp Voorbeeldstad", Kind: ga.KindJeugdhulp,
		PublicTasks:           "Jeugdhulp aan jeugdigen en hun ouders bij opgroei- en opvoedingsproblemen.",
		LegalGrounds:          "Jeugdwet art. 7.4.4; AVG art. 9 lid 2 onder h en UAVG art. 30.",
		ComplaintsCommittee:   "Klachtencommissie Jeugdhulp Voorbeeldstad",
		DataProtectionOfficer: "Functionaris gegevensbescherming, privacy@jeugdhulp.example"}},
	{"veiligthuis", ga.Partner{Name: "Veilig Thuis Regio Voorbeeldland", Kind: ga.KindVeiligThuis,
		PublicTasks:           "Advies- en meldpunt huiselijk geweld en kindermishandeling.",
		LegalGrounds:          "Wmo 2015 art. 4.1.1 en 5.2.6.",
		ComplaintsCommittee:   "Klachtencommissie Veilig Thuis Regio Voorbeeldland",
		DataProtectionOfficer: "Functionaris gegevensbescherming, fg@veiligthuis.example"}},
	{"halt", ga.Partner{Name: "Halt, regio Voorbeeldland", Kind: ga.KindHalt,
		PublicTasks:           "Uitvoering van Halt-afdoeningen bij jongeren van 12 tot 18 jaar.",
		LegalGrounds:          "Wetboek van Strafrecht art. 77e; Besluit Halt-afdoening.",
		ComplaintsCommittee:   "Klachtencommissie Halt",
		DataProtectionOfficer: "Functionaris gegevensbescherming, fg@halt.example"}},
	{"school", ga.Partner{Name: "Scholengemeenschap De Brug", Kind: ga.KindSchool,
		PublicTasks:           "Voortgezet onderwijs en leerlingbegeleiding.",
		LegalGrounds:          "Wet voortgezet onderwijs 2020; AVG art. 6 lid 1 onder e.",
		ComplaintsCommittee:   "Landelijke Klachtencommissie Onderwijs",
		DataProtectionOfficer: "Functionaris gegevensbescherming, fg@debrug.example"}},
	{"woning", ga.Partner{Name: "Woonstichting Voorbeeldstad", Kind: ga.KindWoningcorporatie,
		PublicTasks:           "Verhuur van sociale huurwoningen en aanpak van woonoverlast.",
		LegalGrounds:          "Woningwet art. 45; Burgerlijk Wetboek boek 7 (huurrecht).",
		ComplaintsCommittee:   "Huurcommissie en Klachtencommissie Woonstichting Voorbeeldstad",
		DataProtectionOfficer: "Functionaris gegevensbescherming, fg@woonstichting.example"}},
	{"leerplicht", ga.Partner{Name: "Bureau Leerplicht Voorbeeldstad", Kind: ga.KindLeerplicht,
		PublicTasks:           "Toezicht op de naleving van de Leerplichtwet en terugdringen van schoolverzuim.",
		LegalGrounds:          "Leerplichtwet 1969 art. 16 en 18.",
		ComplaintsCommittee:   "Klachtencommissie Gemeente Voorbeeldstad",
		DataProtectionOfficer: "Functionaris gegevensbescherming gemeente, fg@voorbeeldstad.example"}},
}

type userSpec struct {
	key                  string // how the scenario refers to the user
	email, name, partner string
	roles                []ga.Role
	sees                 string
}

var users = []userSpec{
	{"bram", "beheerder@voorbeeldstad.example", "Bram Beheer", "gemeente", []ga.Role{ga.RoleAdmin},
		"beheert partners en gebruikers; ziet geen groepen, personen of gegevens."},
	{"cora", "coordinator@voorbeeldstad.example", "Cora de Coördinator", "gemeente", []ga.Role{ga.RoleCoordinator},
		"ziet beide groepen, alle leden van Stationsplein, wat over Jayden, Mohamed, Kevin en Ilias gedeeld is, de groepsmaatregelen, het snelrecht voor Mohamed en het gebiedsverbod van Kevin; niet: de namen in Noorderpark (nog geen besluit), de diagnose van Jayden, de melding van Veilig Thuis, de zorgmaatregelen voor Jayden en Lucas, de Halt-afdoening van Romano."},
	{"dirk", "burgemeester@voorbeeldstad.example", "Dirk van den Driehoek", "gemeente", []ga.Role{ga.RoleDriehoek},
		"driehoek: neem het besluit over Netwerk Noorderpark (stap 4), daarna ziet de coördinator de namen; ziet verder wat de gemeente ziet."},
	{"priya", "privacy@voorbeeldstad.example", "Priya Privacy", "gemeente", []ga.Role{ga.RolePrivacyOfficer},
		"ziet als medewerker van de gemeente wat de gemeente ziet; afgeschermde gegevens alleen bij de behandeling van een verzoek."},
	{"aart", "auditor@voorbeeldstad.example", "Aart Auditor", "gemeente", []ga.Role{ga.RoleAuditor},
		"leest de metadata van de logboeken (wie, wat, wanneer); ziet nooit inhoud."},
	{"willem", "wijkagent@politie.example", "Willem Wijkagent", "politie", []ga.Role{ga.RoleProfessional},
		"ziet de namenlijsten van beide groepen (politie is bron), de Groepsscans en de strafrechtelijke maatregelen voor Mohamed en Romano; niet: de diagnose van Jayden, gegevens over Noah, Dylan, Lucas en Ilias, de zorgmaatregelen."},
	{"tamara", "teamchef@politie.example", "Tamara Teamchef", "politie", []ga.Role{ga.RoleDriehoek, ga.RoleProfessional},
		"ziet wat de wijkagent ziet; lid van de driehoek."},
	{"otto", "officier@om.example", "Otto Officier", "om", []ga.Role{ga.RoleDriehoek, ga.RoleProfessional},
		"ziet de Groepsscan, de strafrechtelijke gegevens over Mohamed en Kevin en zijn snelrecht voor Mohamed; ziet Netwerk Noorderpark, maar geen namen; niet: gegevens en maatregelen over Jayden en andere leden buiten zijn zaken."},
	{"jamila", "jeugdwerker@jeugdhulp.example", "Jamila Jeugdhulp", "jeugdhulp", []ga.Role{ga.RoleProfessional},
		"ziet haar zorggegevens en zorgmaatregelen over Jayden en Lucas, de schoolbegeleiding van Jayden en de melding van Veilig Thuis over Lucas; niet: strafrechtelijke politiegegevens en maatregelen, Noorderpark."},
	{"sander", "mentor@debrug.example", "Sander School", "school", []ga.Role{ga.RoleProfessional},
		"ziet wat over Jayden en Dylan gedeeld is en de eigen schoolbegeleiding van Jayden; niet: de diagnose en de gezinsbegeleiding van Jayden (zorg), strafrechtelijke gegevens en maatregelen, Netwerk Noorderpark."},
	{"wendy", "consulent@woonstichting.example", "Wendy Woonconsulent", "woning", []ga.Role{ga.RoleProfessional},
		"ziet de groepsgegevens, de groepsmaatregelen en haar gegevens en maatregel over Noah; niet: het individueel overleg over Jayden en de maatregelen voor andere leden (niet betrokken)."},
	{"lars", "leerplicht@voorbeeldstad.example", "Lars Leerplicht", "leerplicht", []ga.Role{ga.RoleProfessional},
		"ziet de diagnose van Jayden, die jeugdhulp expliciet met leerplicht deelde; niet: strafrechtelijke gegevens over Romano en zijn Halt-afdoening, de zorgmaatregelen voor Jayden."},
	{"hanna", "medewerker@halt.example", "Hanna Halt", "halt", []ga.Role{ga.RoleProfessional},
		"ziet de winkeldiefstal van Romano, zijn Halt-afdoening en de Groepsscan (strafrechtelijk, gemachtigd); niet: gegevens en maatregelen over andere leden."},
	{"vera", "medewerker@veiligthuis.example", "Vera Veilig Thuis", "veiligthuis", []ga.Role{ga.RoleProfessional},
		"ziet haar melding, de zorggegevens van jeugdhulp over Lucas en zijn MDFT-traject; niet: gegevens en maatregelen over andere leden, strafrechtelijke gegevens."},
}

// LoadIfEmpty loads the demo into an installation without partners and
// returns the demo logins. In an installation that already holds data it
// loads nothing and returns the logins of the demo accounts it finds.
func LoadIfEmpty(ctx context.Context, db *storage.DB) ([]Login, error) {
	empty, err := db.Empty(ctx)
	if err != nil {
		return nil, err
	}
	if empty {
		if err := load(ctx, db); err != nil {
			return nil, err
		}
	}
	return logins(ctx, db)
}

func logins(ctx context.Context, db *storage.DB) ([]Login, error) {
	partners, err := db.Partners(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, p := range partners {
		names[p.ID] = p.Name
	}
	var out []Login
	for _, spec := range users {
		u, err := db.UserByEmail(ctx, spec.email)
		if ga.IsKind(err, ga.KindNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		secret, err := db.DemoSecondFactorSecret(ctx, u.Email)
		if ga.IsKind(err, ga.KindNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Login{Email: u.Email, Name: u.Name, Partner: names[u.PartnerID], Roles: u.Roles, Password: Password, TOTPSecret: secret, Sees: spec.sees})
	}
	return out, nil
}

func load(ctx context.Context, db *storage.DB) error {
	ids := map[string]string{}
	for _, spec := range partners {
		p := spec.Partner
		if err := db.CreatePartner(ctx, &p); err != nil {
			return fmt.Errorf("partner %s: %w", p.Name, err)
		}
		ids[spec.key] = p.ID
	}
	all, err := db.Partners(ctx)
	if err != nil {
		return err
	}
	terms := Terms(ids["gemeente"])
	if _, err := db.SetCovenantTerms(ctx, terms); err != nil {
		return fmt.Errorf("convenant: %w", err)
	}
	signers := map[string][2]string{
		"gemeente":    {"D. van den Driehoek", "Burgemeester"},
		"politie":     {"T. Teamchef", "Teamchef basisteam Voorbeeldstad"},
		"om":          {"mr. O. Officier", "Hoofdofficier van Justitie"},
		"jeugdhulp":   {"J. Janssen", "Bestuurder"},
		"veiligthuis": {"V. Verhoeven", "Directeur"},
		"halt":        {"H. de Haan", "Regiomanager"},
		"school":      {"S. Smit", "Rector"},
		"woning":      {"W. Willems", "Directeur-bestuurder"},
		"leerplicht":  {"L. Lammers", "Teamleider leerplicht"},
	}
	for _, p := range all {
		var key string
		for k, id := range ids {
			if id == p.ID {
				key = k
			}
		}
		s := &ga.Signature{PartnerID: p.ID, SignatoryName: signers[key][0], SignatoryFunction: signers[key][1], SignedOn: "2025-12-15"}
		if err := db.RecordSignature(ctx, s); err != nil {
			return fmt.Errorf("ondertekening %s: %w", p.Name, err)
		}
	}
	if err := db.RecordRegisterEntry(ctx, RegisterEntry()); err != nil {
		return fmt.Errorf("verwerkingsregister: %w", err)
	}
	wpg20 := &ga.Wpg20Decision{
		Reference: "POL-VBL/2025/0412", DecidedOn: "2025-12-10", DecidedBy: "Korpschef, namens deze het hoofd van de eenheid Voorbeeldland",
		Summary:    "Verstrekking van politiegegevens (art. 8, 9 en 13 Wpg) over leden van problematische jeugdgroepen aan de partners van het convenant, voor zover noodzakelijk voor de groepsaanpak en uitsluitend voor het doel van artikel 3.1.",
		ValidUntil: "2027-12-31",
	}
	if err := db.RecordWpg20Decision(ctx, wpg20); err != nil {
		return fmt.Errorf("wpg20-besluit: %w", err)
	}
	amended := terms
	amended.SpecialCategoryKinds = append(append([]ga.PartnerKind(nil), terms.SpecialCategoryKinds...), ga.KindLeerplicht)
	amendment := &ga.Amendment{Description: "Leerplicht mag bijzondere persoonsgegevens ontvangen over schoolverzuim met een medische achtergrond, waar dat noodzakelijk is voor de aanpak (voorstel van de coördinator).", Terms: amended}
	if err := db.ProposeAmendment(ctx, amendment); err != nil {
		return fmt.Errorf("wijziging: %w", err)
	}
	for _, key := range []string{"gemeente", "leerplicht", "jeugdhulp"} {
		if _, err := db.ApproveAmendment(ga.WithActor(ctx, partnerActor(ids[key])), amendment.ID); err != nil {
			return fmt.Errorf("instemming: %w", err)
		}
	}
	dispute := &ga.Dispute{Subject: "Uitnodiging woningcorporatie voor individueel overleg",
		Description: "De woningcorporatie wilde deelnemen aan een individueel overleg over een groepslid dat geen huurder is; de coördinator weigerde omdat de corporatie niet bij deze persoon betrokken is (artikel 5.3).",
		RaisedBy:    ids["woning"], PartnerIDs: []string{ids["woning"], ids["gemeente"]}}
	if err := db.RaiseDispute(ctx, dispute); err != nil {
		return fmt.Errorf("geschil: %w", err)
	}
	if _, err := db.ResolveDispute(ctx, dispute.ID, "In het driehoeksoverleg van 3 maart bevestigd: alleen partners die bij het individu betrokken zijn worden uitgenodigd. De corporatie ontvangt een terugkoppeling over maatregelen die haar huurders raken."); err != nil {
		return fmt.Errorf("geschil oplossen: %w", err)
	}
	userIDs := map[string]string{}
	for _, spec := range users {
		u := &ga.User{Email: spec.email, Name: spec.name, PartnerID: ids[spec.partner], Roles: spec.roles, Active: true}
		if err := db.CreateUser(ctx, u, Password); err != nil {
			return fmt.Errorf("gebruiker %s: %w", spec.email, err)
		}
		secret, _, err := auth.NewTOTPSecret("Groepsaanpak", u.Email)
		if err != nil {
			return err
		}
		if err := db.SetSecondFactor(ctx, u.ID, secret); err != nil {
			return fmt.Errorf("tweede factor %s: %w", spec.email, err)
		}
		if err := db.MarkDemoUser(ctx, u.ID); err != nil {
			return err
		}
		userIDs[spec.key] = u.ID
	}
	return loadScenario(ctx, db, ids, userIDs, wpg20.ID)
}

// partnerActor acts for a partner in the demo loader, as its driehoek or
// coordinator member would when approving an amendment.
func partnerActor(partnerID string) *ga.Actor {
	return &ga.Actor{System: true, PartnerID: partnerID, Roles: []ga.Role{ga.RoleDriehoek}, Origin: "demo"}
}

// Terms returns the demo covenant's terms with the municipality as
// coordinator.
func Terms(coordinatorPartnerID string) ga.CovenantTerms {
	return ga.CovenantTerms{
		Title:                          "Convenant Werkproces Integrale Aanpak Problematische Jeugdgroepen en Groepsgedrag Voorbeeldstad",
		ControllerModel:                ga.JointControllers,
		CoordinatorPartnerID:           coordinatorPartnerID,
		EffectiveDate:                  "2026-01-01",
		RetentionAfterClosureMonths:    24,
		RetentionAfterMembershipMonths: 12,
		SpecialCategoryKinds:           []ga.PartnerKind{ga.KindJeugdhulp, ga.KindVeiligThuis, ga.KindRaadKinderbescherming},
		CriminalCategoryKinds:          []ga.PartnerKind{ga.KindGemeente, ga.KindPolitie, ga.KindOM, ga.KindHalt, ga.KindReclassering, ga.KindRaadKinderbescherming},
		RequestDeadlineDays:            28,
	}
}

// RegisterEntry returns the demo's Art 30 register entry for the group
// approach.
func RegisterEntry() *ga.RegisterEntry {
	return &ga.RegisterEntry{
		ActivityKey:      ga.ActivityGroepsaanpak,
		Name:             "Integrale aanpak problematische jeugdgroepen",
		Controller:       "De partners van het convenant als gezamenlijk verwerkingsverantwoordelijken (AVG art. 26); contactpunt: de uitvoeringscoördinator van Gemeente Voorbeeldstad, groepsaanpak@voorbeeldstad.example.",
		Purpose:          "Het integraal aanpakken en terugdringen van criminaliteit en overlast door leden van problematische jeugdgroepen, het versterken van hun sociale positie, het verstoren van negatieve groepsdynamiek en het voorkomen van aanwas (artikel 3.1 van het convenant).",
		LegalBasis:       "AVG art. 6 lid 1 onder e (taak van algemeen belang) in samenhang met Gemeentewet art. 172; Wet politiegegevens art. 20; Wjsg art. 39f; strafrechtelijke gegevens: AVG art. 10 en UAVG art. 32 onder e; bijzondere gegevens: AVG art. 9 lid 2 onder g en UAVG art. 30.",
		DataSubjects:     "Leden van problematische jeugdgroepen (kern, meelopers, aanwas), veelal minderjarig, en hun wettelijk vertegenwoordigers.",
		DataCategories:   "Identificerende gegevens (naam, geboortedatum, adres), groepslidmaatschap, signalen over overlast en criminaliteit, strafrechtelijke gegevens, gegevens over gezondheid en hulpverlening, school en wonen, maatregelen en afspraken.",
		Recipients:       "De partners van het convenant, uitsluitend volgens need-to-know: alleen betrokken partners, na het besluit van de driehoek.",
		Retention:        "24 maanden na afsluiting van de groepsaanpak; 12 maanden na einde van het lidmaatschap van een groep; daarna automatische verwijdering.",
		SecurityMeasures: "Tweefactorauthenticatie, need-to-know per partner en per persoon, versleuteling, manipulatiebestendige verwerkings- en auditlogboeken, sessietime-outs, jaarlijkse audit volgens de BIO.",
		DPIAReference:    "DPIA-VBS-2025-07",
		DPIADate:         "2025-11-20",
	}
}

// PrintLogins writes the demo logins with each account's current second
// factor code, and how to get a fresh one, followed by one line per account
// on what it should and should not see in the demo scenario, so that a
// newcomer knows whom to log in as to see need-to-know at work.
func PrintLogins(w io.Writer, logins []Login) {
	if len(logins) == 0 {
		return
	}
	fmt.Fprintln(w, "Demo-aanmeldingen (alleen voor de demo; wachtwoord voor iedereen: "+Password+"):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  E-MAIL\tNAAM\tPARTNER\tROLLEN\tTOTP-GEHEIM")
	for _, l := range logins {
		roles := make([]string, len(l.Roles))
		for i, r := range l.Roles {
			roles[i] = string(r)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", l.Email, l.Name, l.Partner, strings.Join(roles, ","), l.TOTPSecret)
	}
	tw.Flush()
	fmt.Fprintln(w, "De tweede factor: voer het TOTP-geheim in een authenticator-app in, of vraag de actuele code op met")
	fmt.Fprintln(w, "  go run ./cmd/groepsaanpak demo code --user E-MAIL")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "Need-to-know in de demo: Groep Stationsplein staat in stap 6 (uitvoering, besluit van de driehoek genomen),")
	fmt.Fprintln(w, "Netwerk Noorderpark in stap 4 (wacht op het besluit van de driehoek). Meld u aan als:")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, l := range logins {
		if l.Sees != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", l.Email, l.Sees)
		}
	}
	tw.Flush()
}
