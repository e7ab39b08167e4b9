package web

import (
	"fmt"
	"html/template"
	"strings"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// The languages of the interface. Dutch is the default: the covenant, the
// partners and the law are Dutch; English is offered for readers who need it.
const (
	langNL = "nl"
	langEN = "en"
)

var languages = []string{langNL, langEN}

func validLanguage(l string) bool { return l == langNL || l == langEN }

// message is one entry of the catalog: a stable key and its text in each
// language. Texts may hold fmt verbs, the same ones in both languages.
// Keys are stable because tests and flash cookies refer to them.
type message struct {
	key, nl, en string
}

// messages is the catalog of every text of the interface.
var messages = []message{
	// The frame of every page.
	{"layout.skip", "Direct naar de inhoud", "Skip to content"},
	{"layout.tagline", "Convenant aanpak problematische jeugdgroepen", "Covenant on problematic youth groups"},
	{"layout.logout", "Uitloggen", "Log out"},
	{"layout.nav_label", "Hoofdmenu", "Main menu"},
	{"layout.footer", "Groepsaanpak is het gedeelde, beveiligde dossier van de convenantpartners. Gebruik is alleen toegestaan voor de doelen van het convenant.", "Groepsaanpak is the shared, secure case file of the covenant partners. Use is permitted only for the purposes of the covenant."},
	{"layout.error_title", "Fout:", "Error:"},
	{"layout.version", "Versie", "Version"},
	{"nav.home", "Start", "Home"},
	{"nav.covenant", "Convenant", "Covenant"},
	{"nav.amendments", "Wijzigingen", "Amendments"},
	{"nav.register", "Verwerkingsregister", "Processing register"},
	{"nav.disputes", "Geschillen", "Disputes"},
	{"nav.partners", "Partners", "Partners"},
	{"nav.users", "Gebruikers", "Users"},
	{"nav.tokens", "API-tokens", "API tokens"},
	{"banner.label", "Geheimhoudingsverklaring", "Confidentiality declaration"},
	{"banner.title", "Geheimhoudingsverklaring nog niet geaccepteerd.", "Confidentiality declaration not yet accepted."},
	{"banner.text", "U moet de geheimhoudingsplicht van artikel 5.1 van het convenant accepteren voordat u persoonsgegevens kunt inzien.", "You must accept the duty of confidentiality of article 5.1 of the covenant before you can see personal data."},
	{"banner.link", "Naar de geheimhoudingsverklaring", "Go to the confidentiality declaration"},
	{"common.yes", "Ja", "Yes"},
	{"common.no", "Nee", "No"},
	{"common.none", "Geen", "None"},
	{"common.cancel", "Annuleren", "Cancel"},
	{"common.save", "Opslaan", "Save"},

	// Forms.
	{"form.errors_title", "Controleer de volgende velden", "Please check the following fields"},
	{"form.error_prefix", "Fout:", "Error:"},
	{"form.optional", "niet verplicht", "optional"},
	{"form.choose", "Maak een keuze", "Make a choice"},
	{"form.date_desc", "Bijvoorbeeld 31-01-2026.", "For example 31/01/2026."},
	{"form.err_number", "Vul een geheel getal in.", "Enter a whole number."},
	{"form.err_date", "Vul een geldige datum in.", "Enter a valid date."},

	// Flash messages after a form.
	{"flash.session_expired", "Uw sessie is verlopen. Log opnieuw in.", "Your session has expired. Please log in again."},
	{"flash.logged_out", "U bent uitgelogd.", "You have been logged out."},
	{"flash.saved", "De gegevens zijn opgeslagen.", "The details have been saved."},
	{"flash.declared", "U heeft de geheimhoudingsverklaring geaccepteerd.", "You have accepted the confidentiality declaration."},
	{"flash.signed", "De ondertekening is vastgelegd.", "The signature has been recorded."},
	{"flash.wpg20", "Het besluit is vastgelegd.", "The decision has been recorded."},
	{"flash.proposed", "Het wijzigingsvoorstel is vastgelegd. Het gaat pas in als alle partners hebben ingestemd.", "The amendment has been proposed. It takes effect only when every partner has approved it."},
	{"flash.approved", "Uw instemming is vastgelegd.", "Your approval has been recorded."},
	{"flash.in_force", "Alle partners hebben ingestemd: de wijziging is van kracht.", "Every partner has approved: the amendment is in force."},
	{"flash.withdrawn", "Het wijzigingsvoorstel is ingetrokken.", "The amendment has been withdrawn."},
	{"flash.register", "De nieuwe versie van de registratie is vastgelegd.", "The new version of the register entry has been recorded."},
	{"flash.dispute_raised", "Het geschil is vastgelegd.", "The dispute has been recorded."},
	{"flash.resolved", "De oplossing van het geschil is vastgelegd.", "The resolution of the dispute has been recorded."},
	{"flash.partner_saved", "De partner is opgeslagen.", "The partner has been saved."},
	{"flash.user_saved", "De gebruiker is opgeslagen.", "The user has been saved."},
	{"flash.factor_reset", "De tweede factor is verwijderd. De gebruiker stelt bij de volgende keer inloggen een nieuwe in.", "The second factor has been removed. The user will set up a new one at the next login."},
	{"flash.token_revoked", "Het token is ingetrokken.", "The token has been revoked."},
	{"flash.terms_saved", "De voorwaarden van het convenant zijn opgeslagen.", "The terms of the covenant have been saved."},

	// Login.
	{"login.title", "Inloggen", "Log in"},
	{"login.heading", "Inloggen bij Groepsaanpak", "Log in to Groepsaanpak"},
	{"login.intro", "Log in met het e-mailadres en wachtwoord van uw account. Daarna vragen we de code uit uw authenticator-app.", "Log in with the e-mail address and password of your account. We will then ask for the code from your authenticator app."},
	{"login.email", "E-mailadres", "E-mail address"},
	{"login.password", "Wachtwoord", "Password"},
	{"login.submit", "Inloggen", "Log in"},
	{"login.help", "Geen account, wachtwoord vergeten of telefoon kwijt? Neem contact op met de beheerder van uw organisatie.", "No account, forgotten password or lost phone? Contact the administrator of your organisation."},
	{"login.err_email", "Vul uw e-mailadres in.", "Enter your e-mail address."},
	{"login.err_password", "Vul uw wachtwoord in.", "Enter your password."},
	{"login.wrong", "Het e-mailadres of het wachtwoord is onjuist.", "The e-mail address or the password is incorrect."},
	{"login.locked_until", "Uw account is geblokkeerd na te veel mislukte inlogpogingen, tot %s. Probeer het daarna opnieuw of neem contact op met de beheerder.", "Your account is locked after too many failed login attempts, until %s. Try again after that or contact the administrator."},
	{"login.wait_until", "Te veel mislukte pogingen. Wacht tot %s voordat u het opnieuw probeert.", "Too many failed attempts. Wait until %s before you try again."},
	{"login.locked_plain", "Uw account is tijdelijk geblokkeerd na te veel mislukte inlogpogingen. Probeer het later opnieuw.", "Your account is temporarily locked after too many failed login attempts. Try again later."},
	{"code.title", "Inlogcode", "Login code"},
	{"code.heading", "Inlogcode invoeren", "Enter login code"},
	{"code.intro", "Open de authenticator-app op uw telefoon en vul de code van zes cijfers in die bij Groepsaanpak staat.", "Open the authenticator app on your phone and enter the six-digit code shown for Groepsaanpak."},
	{"code.label", "Code van zes cijfers", "Six-digit code"},
	{"code.desc", "De code verandert elke 30 seconden.", "The code changes every 30 seconds."},
	{"code.submit", "Bevestigen", "Confirm"},
	{"code.cancel", "Annuleren en uitloggen", "Cancel and log out"},
	{"code.err_format", "Vul de code van zes cijfers in.", "Enter the six-digit code."},
	{"code.wrong", "De code is onjuist of verlopen. Vul de code in die de app nu toont.", "The code is incorrect or has expired. Enter the code the app shows now."},
	{"enrol.title", "Tweestapsverificatie instellen", "Set up two-step verification"},
	{"enrol.heading", "Tweestapsverificatie instellen", "Set up two-step verification"},
	{"enrol.intro", "Voor Groepsaanpak heeft u naast uw wachtwoord een tweede factor nodig: een code uit een authenticator-app op uw telefoon. U stelt dit eenmalig in.", "Groepsaanpak requires a second factor besides your password: a code from an authenticator app on your phone. You set this up once."},
	{"enrol.step_app", "Installeer een authenticator-app op uw telefoon, als u die nog niet heeft.", "Install an authenticator app on your phone if you do not have one yet."},
	{"enrol.step_scan", "Scan deze QR-code met de app.", "Scan this QR code with the app."},
	{"enrol.qr_alt", "QR-code om Groepsaanpak toe te voegen aan uw authenticator-app", "QR code to add Groepsaanpak to your authenticator app"},
	{"enrol.step_manual", "Lukt scannen niet? Voer dan deze sleutel handmatig in de app in:", "Cannot scan? Enter this key in the app by hand:"},
	{"enrol.step_code", "Vul hieronder de code in die de app toont, om te bevestigen dat het werkt.", "Enter the code the app shows below, to confirm that it works."},
	{"enrol.submit", "Instellen en inloggen", "Set up and log in"},

	// Start page.
	{"home.title", "Startpagina", "Home"},
	{"home.heading", "Welkom, %s", "Welcome, %s"},
	{"home.you", "Uw gegevens", "Your details"},
	{"home.name", "Naam", "Name"},
	{"home.email", "E-mailadres", "E-mail address"},
	{"home.partner", "Organisatie", "Organisation"},
	{"home.roles", "Rollen", "Roles"},
	{"home.declaration", "Geheimhoudingsverklaring", "Confidentiality declaration"},
	{"home.declared", "Geaccepteerd voor de huidige versie van het convenant", "Accepted for the current version of the covenant"},
	{"home.not_declared", "Nog niet geaccepteerd: nu accepteren", "Not yet accepted: accept now"},
	{"home.gate", "Status van het convenant (artikel 8)", "Status of the covenant (article 8)"},
	{"home.gate_open", "Het convenant is van kracht.", "The covenant is in force."},
	{"home.gate_open_text", "Versie %d, ingegaan op %s. Verwerking van persoonsgegevens is toegestaan.", "Version %d, in force since %s. Processing of personal data is permitted."},
	{"home.gate_closed", "Verwerking van persoonsgegevens is nog niet toegestaan.", "Processing of personal data is not yet permitted."},
	{"home.gate_closed_text", "Eerst moet het volgende geregeld zijn:", "The following must be arranged first:"},
	{"home.tasks", "Wat u hier kunt doen", "What you can do here"},
	{"task.covenant", "Convenant bekijken", "View the covenant"},
	{"task.covenant_desc", "Voorwaarden, versies, ondertekeningen en besluiten.", "Terms, versions, signatures and decisions."},
	{"task.terms", "Voorwaarden vastleggen", "Record the terms"},
	{"task.terms_desc", "Alleen zolang nog geen partner heeft getekend.", "Only while no partner has signed yet."},
	{"task.propose", "Wijziging voorstellen", "Propose an amendment"},
	{"task.propose_desc", "Een wijziging gaat pas in als alle partners instemmen (artikel 12.1).", "An amendment takes effect only when every partner approves (article 12.1)."},
	{"task.approve", "Wijzigingen beoordelen", "Review amendments"},
	{"task.approve_desc", "Instemmen namens uw organisatie.", "Approve on behalf of your organisation."},
	{"task.wpg20", "Besluit Wpg artikel 20 vastleggen", "Record the Wpg article 20 decision"},
	{"task.wpg20_desc", "Het besluit van de politie om politiegegevens te verstrekken.", "The police's decision to provide police data."},
	{"task.register", "Verwerkingsregister bijwerken", "Update the processing register"},
	{"task.register_desc", "Een nieuwe versie vastleggen, met het kenmerk van de DPIA.", "Record a new version, with the DPIA reference."},
	{"task.register_read", "Verwerkingsregister bekijken", "View the processing register"},
	{"task.register_read_desc", "Alle versies van de registratie (AVG artikel 30).", "Every version of the entry (GDPR article 30)."},
	{"task.disputes", "Geschillen", "Disputes"},
	{"task.disputes_desc", "Geschillen tussen partners vastleggen en oplossen (artikel 11).", "Record and resolve disputes between partners (article 11)."},
	{"task.partners", "Partners beheren", "Manage partners"},
	{"task.partners_desc", "Partners toevoegen en hun gegevens bijwerken.", "Add partners and update their details."},
	{"task.users", "Gebruikers beheren", "Manage users"},
	{"task.users_desc", "Accounts aanmaken, rollen wijzigen, tweede factor herstellen.", "Create accounts, change roles, reset the second factor."},
	{"task.declaration", "Geheimhoudingsverklaring", "Confidentiality declaration"},
	{"task.declaration_desc", "De geheimhoudingsplicht van artikel 5.1.", "The duty of confidentiality of article 5.1."},
	{"task.tokens", "API-tokens", "API tokens"},
	{"task.tokens_desc", "Tokens voor koppelingen met de API.", "Tokens for connections to the API."},

	// The Art 8 gate.
	{"gate.no_covenant", "Het convenant is nog niet vastgelegd.", "The covenant has not been recorded yet."},
	{"gate.terms_incomplete", "De voorwaarden van het convenant zijn onvolledig.", "The terms of the covenant are incomplete."},
	{"gate.effective_date", "De ingangsdatum van het convenant (%s) is nog niet bereikt.", "The effective date of the covenant (%s) has not been reached yet."},
	{"gate.partner_missing", "Driehoekspartner ontbreekt: %s.", "Triangle partner missing: %s."},
	{"gate.not_signed", "Nog niet ondertekend door %s.", "Not yet signed by %s."},
	{"gate.no_register", "De verwerking is nog niet opgenomen in het register van verwerkingsactiviteiten (AVG artikel 30).", "The processing is not yet in the register of processing activities (GDPR article 30)."},
	{"gate.no_dpia", "Het kenmerk van de gegevensbeschermingseffectbeoordeling (DPIA) ontbreekt.", "The reference of the data protection impact assessment (DPIA) is missing."},
	{"gate.fix_link", "Regelen", "Arrange"},

	// Confidentiality declaration.
	{"decl.title", "Geheimhoudingsverklaring", "Confidentiality declaration"},
	{"decl.heading", "Geheimhoudingsverklaring", "Confidentiality declaration"},
	{"decl.intro", "Wie via Groepsaanpak kennisneemt van persoonsgegevens, is gebonden aan de geheimhoudingsplicht van artikel 5.1 van het convenant:", "Anyone who learns of personal data through Groepsaanpak is bound by the duty of confidentiality of article 5.1 of the covenant:"},
	{"decl.means", "Wat dit voor u betekent", "What this means for you"},
	{"decl.duty_1", "U gebruikt persoonsgegevens alleen voor de doelen van het convenant en het werkproces.", "You use personal data only for the purposes of the covenant and the work process."},
	{"decl.duty_2", "U neemt alleen kennis van gegevens voor zover dat voor uw taak in de groepsaanpak nodig is.", "You look at data only as far as your task in the group approach requires."},
	{"decl.duty_3", "U deelt gegevens niet buiten het samenwerkingsverband, tenzij de wet of het convenant dat toestaat of verplicht.", "You do not share data outside the partnership unless the law or the covenant permits or requires it."},
	{"decl.duty_4", "De geheimhoudingsplicht blijft gelden nadat uw betrokkenheid bij een groep of het convenant is beëindigd.", "The duty of confidentiality continues after your involvement in a group or the covenant has ended."},
	{"decl.duty_5", "Elke inzage wordt vastgelegd in het verwerkingslogboek.", "Every access is recorded in the processing log."},
	{"decl.no_covenant", "Er is nog geen convenant vastgelegd; er is nog niets te accepteren.", "No covenant has been recorded yet; there is nothing to accept."},
	{"decl.not_needed", "Uw rollen geven geen toegang tot persoonsgegevens. U hoeft de verklaring niet te accepteren.", "Your roles give no access to personal data. You do not need to accept the declaration."},
	{"decl.done", "U heeft de geheimhoudingsverklaring geaccepteerd voor versie %d van het convenant.", "You have accepted the confidentiality declaration for version %d of the covenant."},
	{"decl.confirm", "Door te accepteren verklaart u de geheimhoudingsplicht na te leven, voor versie %d van het convenant.", "By accepting you declare that you will observe the duty of confidentiality, for version %d of the covenant."},
	{"decl.accept", "Ik accepteer de geheimhoudingsplicht", "I accept the duty of confidentiality"},

	// The covenant's terms.
	{"terms.title", "Titel", "Title"},
	{"terms.model", "Verantwoordelijkheid (artikel 4.2)", "Controllership (article 4.2)"},
	{"terms.coordinator", "Partner van de uitvoeringscoördinator", "Partner of the coordinator"},
	{"terms.controller", "Aangewezen verwerkingsverantwoordelijke", "Designated controller"},
	{"terms.controller_desc", "Alleen bij één aangewezen verantwoordelijke.", "Only with one designated controller."},
	{"terms.effective", "Ingangsdatum", "Effective date"},
	{"terms.retention_closure", "Bewaartermijn na afsluiting van de groepsaanpak", "Retention after closure of the group approach"},
	{"terms.retention_membership", "Bewaartermijn na einde lidmaatschap", "Retention after end of membership"},
	{"terms.retention_closure_months", "Bewaartermijn na afsluiting (maanden)", "Retention after closure (months)"},
	{"terms.retention_membership_months", "Bewaartermijn na einde lidmaatschap (maanden)", "Retention after end of membership (months)"},
	{"terms.months", "%d maanden", "%d months"},
	{"terms.special", "Partners die bijzondere persoonsgegevens mogen ontvangen", "Partners that may receive special category data"},
	{"terms.special_desc", "Soorten partners die bijzondere persoonsgegevens (AVG artikel 9) van andere partners mogen ontvangen.", "Kinds of partner that may receive special category data (GDPR article 9) from other partners."},
	{"terms.criminal", "Partners die strafrechtelijke gegevens mogen ontvangen", "Partners that may receive criminal data"},
	{"terms.criminal_desc", "Soorten partners die strafrechtelijke gegevens (AVG artikel 10) van andere partners mogen ontvangen.", "Kinds of partner that may receive criminal data (GDPR article 10) from other partners."},
	{"terms.deadline", "Termijn voor verzoeken van betrokkenen", "Deadline for data subjects' requests"},
	{"terms.deadline_days", "Termijn voor verzoeken van betrokkenen (dagen)", "Deadline for data subjects' requests (days)"},
	{"terms.deadline_desc", "Ten hoogste vier weken (28 dagen), artikel 6.1.", "At most four weeks (28 days), article 6.1."},
	{"terms.days", "%d dagen", "%d days"},
	{"model.gezamenlijk", "Gezamenlijke verwerkingsverantwoordelijken met een coördinator", "Joint controllers with a coordinator"},
	{"model.aangewezen", "Eén aangewezen verwerkingsverantwoordelijke", "One designated controller"},
	{"termsform.title", "Voorwaarden van het convenant", "Terms of the covenant"},
	{"termsform.heading", "Voorwaarden van het convenant vastleggen", "Record the terms of the covenant"},
	{"termsform.intro", "Zolang nog geen partner heeft getekend, kunt u de voorwaarden hier aanpassen. Daarna gaat dat alleen met een wijziging waarmee alle partners instemmen.", "As long as no partner has signed you can change the terms here. After that only an amendment approved by every partner can."},
	{"termsform.submit", "Voorwaarden opslaan", "Save terms"},

	// The covenant page.
	{"cov.title", "Convenant", "Covenant"},
	{"cov.heading", "Convenant", "Covenant"},
	{"cov.none", "Er is nog geen convenant vastgelegd.", "No covenant has been recorded yet."},
	{"cov.set_terms", "Voorwaarden van het convenant vastleggen", "Record the terms of the covenant"},
	{"cov.intro", "Versie %d, laatst gewijzigd op %s.", "Version %d, last changed on %s."},
	{"cov.terms", "Voorwaarden", "Terms"},
	{"cov.edit_terms", "Voorwaarden aanpassen (nog niet ondertekend)", "Edit the terms (not yet signed)"},
	{"cov.amend_only", "Het convenant is ondertekend; de voorwaarden veranderen alleen met een wijziging waarmee alle partners instemmen.", "The covenant has been signed; the terms change only by an amendment approved by every partner."},
	{"cov.to_amendments", "Naar de wijzigingen", "Go to amendments"},
	{"cov.history", "Versies", "Versions"},
	{"cov.version", "Versie", "Version"},
	{"cov.in_force_at", "Van kracht sinds", "In force since"},
	{"cov.origin", "Ontstaan door", "Created by"},
	{"cov.by_amendment", "Wijziging", "Amendment"},
	{"cov.as_signed", "Convenant zoals ondertekend", "Covenant as signed"},
	{"cov.version_terms", "Voorwaarden", "Terms"},
	{"cov.show_terms", "Voorwaarden van versie %d", "Terms of version %d"},
	{"cov.signatures", "Partners en ondertekening", "Partners and signatures"},
	{"cov.partner", "Partner", "Partner"},
	{"cov.kind", "Soort", "Kind"},
	{"cov.status", "Status", "Status"},
	{"cov.signatory", "Ondertekenaar", "Signatory"},
	{"cov.signed_on", "Ondertekend op", "Signed on"},
	{"cov.signed", "Ondertekend", "Signed"},
	{"cov.not_signed", "Nog niet ondertekend", "Not yet signed"},
	{"cov.no_partners", "Er zijn nog geen partners vastgelegd.", "No partners have been recorded yet."},
	{"sign.heading", "Ondertekening vastleggen", "Record a signature"},
	{"sign.intro", "Leg vast wie namens een partner het convenant heeft ondertekend.", "Record who signed the covenant on behalf of a partner."},
	{"sign.partner", "Partner", "Partner"},
	{"sign.name", "Naam van de ondertekenaar", "Name of the signatory"},
	{"sign.function", "Functie van de ondertekenaar", "Position of the signatory"},
	{"sign.date", "Datum van ondertekening", "Date of signature"},
	{"sign.submit", "Ondertekening vastleggen", "Record signature"},
	{"sign.err_partner", "Kies de partner die heeft ondertekend.", "Choose the partner that signed."},
	{"wpg.heading", "Besluit Wet politiegegevens artikel 20", "Decision under the Police Data Act, article 20"},
	{"wpg.intro", "Het schriftelijke besluit van de politie om politiegegevens aan het samenwerkingsverband te verstrekken. Elk politiegegeven verwijst ernaar.", "The police's written decision to provide police data to the partnership. Every police item refers to it."},
	{"wpg.reference", "Kenmerk", "Reference"},
	{"wpg.decided_on", "Besluitdatum", "Date of decision"},
	{"wpg.decided_by", "Besloten door", "Decided by"},
	{"wpg.decided_by_desc", "Bijvoorbeeld de korpschef of diens gemandateerde.", "For example the chief of police or a mandated officer."},
	{"wpg.summary", "Samenvatting", "Summary"},
	{"wpg.summary_desc", "Welke gegevens, aan welke partners, voor welk doel.", "Which data, to which partners, for what purpose."},
	{"wpg.valid_until", "Geldig tot en met", "Valid until"},
	{"wpg.indefinite", "Onbepaald", "Indefinite"},
	{"wpg.in_force", "Van kracht", "In force"},
	{"wpg.not_in_force", "Niet van kracht", "Not in force"},
	{"wpg.none", "Er is nog geen besluit vastgelegd.", "No decision has been recorded yet."},
	{"wpg.form_heading", "Besluit vastleggen", "Record a decision"},
	{"wpg.submit", "Besluit vastleggen", "Record decision"},

	// Amendments.
	{"amends.title", "Wijzigingen van het convenant", "Amendments of the covenant"},
	{"amends.heading", "Wijzigingen van het convenant", "Amendments of the covenant"},
	{"amends.intro", "Een wijziging gaat pas in als alle partners hebben ingestemd (artikel 12.1). Tot die tijd gelden de huidige voorwaarden.", "An amendment takes effect only when every partner has approved it (article 12.1). Until then the current terms apply."},
	{"amends.propose", "Wijziging voorstellen", "Propose an amendment"},
	{"amends.number", "Nummer", "Number"},
	{"amends.link", "Wijziging %d", "Amendment %d"},
	{"amends.description", "Toelichting", "Explanation"},
	{"amends.proposed_at", "Voorgesteld op", "Proposed on"},
	{"amends.approvals", "Instemming", "Approval"},
	{"amends.approved_of", "%d van %d partners", "%d of %d partners"},
	{"amends.none", "Er zijn nog geen wijzigingen voorgesteld.", "No amendments have been proposed yet."},
	{"amends.status_proposed", "Voorgesteld", "Proposed"},
	{"amends.status_in_force", "Van kracht", "In force"},
	{"amends.status_withdrawn", "Ingetrokken", "Withdrawn"},
	{"amend.title", "Wijziging %d", "Amendment %d"},
	{"amend.heading", "Wijziging %d", "Amendment %d"},
	{"amend.back", "Terug naar de wijzigingen", "Back to amendments"},
	{"amend.resulting", "(versie %d)", "(version %d)"},
	{"amend.effective_at", "Van kracht sinds", "In force since"},
	{"amend.approve", "Instemmen namens mijn organisatie", "Approve on behalf of my organisation"},
	{"amend.withdraw", "Voorstel intrekken", "Withdraw proposal"},
	{"amend.approvals", "Instemming per partner", "Approval per partner"},
	{"amend.approved_at", "Ingestemd op", "Approved on"},
	{"amend.approved", "Ingestemd", "Approved"},
	{"amend.pending", "Nog niet ingestemd", "Not yet approved"},
	{"amend.changes", "Wat verandert", "What changes"},
	{"amend.no_changes", "De voorgestelde voorwaarden zijn gelijk aan de huidige.", "The proposed terms are the same as the current ones."},
	{"amend.proposed_terms", "Voorgestelde voorwaarden", "Proposed terms"},
	{"amend.current_terms", "Huidige voorwaarden (versie %d)", "Current terms (version %d)"},
	{"amend.err_description", "Licht de wijziging toe.", "Explain the amendment."},
	{"amend.not_signed", "Het convenant is nog niet ondertekend; wijzig de voorwaarden rechtstreeks.", "The covenant has not been signed yet; change the terms directly."},
	{"amend.no_covenant", "Er is nog geen convenant om te wijzigen.", "There is no covenant to amend yet."},
	{"amendnew.title", "Wijziging voorstellen", "Propose an amendment"},
	{"amendnew.heading", "Wijziging voorstellen", "Propose an amendment"},
	{"amendnew.intro", "Het formulier bevat de huidige voorwaarden. Pas aan wat moet veranderen en licht de wijziging toe.", "The form holds the current terms. Change what must change and explain the amendment."},
	{"amendnew.description", "Toelichting", "Explanation"},
	{"amendnew.description_desc", "Wat verandert er en waarom.", "What changes and why."},
	{"amendnew.terms", "Voorgestelde voorwaarden", "Proposed terms"},
	{"amendnew.submit", "Wijziging voorstellen", "Propose amendment"},

	// The register of processing activities.
	{"reg.title", "Verwerkingsregister", "Processing register"},
	{"reg.heading", "Register van verwerkingsactiviteiten", "Register of processing activities"},
	{"reg.intro", "De registratie van de verwerking volgens AVG artikel 30, met het kenmerk van de DPIA (artikel 35). Elke wijziging is een nieuwe versie met een eigen kenmerk; het verwerkingslogboek verwijst naar de versie die gold.", "The record of the processing under GDPR article 30, with the DPIA reference (article 35). Every change is a new version with its own id; the processing log refers to the version in force."},
	{"reg.new", "Nieuwe versie vastleggen", "Record a new version"},
	{"reg.version", "%s, versie %d", "%s, version %d"},
	{"reg.id", "Kenmerk van deze versie", "Id of this version"},
	{"reg.activity", "Sleutel van de verwerkingsactiviteit", "Key of the processing activity"},
	{"reg.activity_desc", "Kleine letters, cijfers, '-' en '_'. Dezelfde sleutel voor alle versies van één activiteit.", "Lower-case letters, digits, '-' and '_'. The same key for every version of one activity."},
	{"reg.name", "Naam van de verwerking", "Name of the processing"},
	{"reg.controller", "Verwerkingsverantwoordelijke(n) en contactpunt", "Controller(s) and contact point"},
	{"reg.purpose", "Doel", "Purpose"},
	{"reg.legal_basis", "Rechtsgrond", "Legal basis"},
	{"reg.subjects", "Categorieën betrokkenen", "Categories of data subjects"},
	{"reg.categories", "Categorieën persoonsgegevens", "Categories of personal data"},
	{"reg.recipients", "Categorieën ontvangers", "Categories of recipients"},
	{"reg.retention", "Bewaartermijnen", "Retention periods"},
	{"reg.security", "Beveiligingsmaatregelen", "Security measures"},
	{"reg.dpia", "DPIA", "DPIA"},
	{"reg.dpia_reference", "Kenmerk van de DPIA", "DPIA reference"},
	{"reg.dpia_desc", "Nodig voordat persoonsgegevens verwerkt mogen worden (artikel 8).", "Required before personal data may be processed (article 8)."},
	{"reg.dpia_date", "Datum van de DPIA", "Date of the DPIA"},
	{"reg.no_dpia", "Geen DPIA-kenmerk", "No DPIA reference"},
	{"reg.recorded_at", "Vastgelegd op", "Recorded on"},
	{"reg.none", "De verwerking is nog niet geregistreerd. Zonder registratie mogen geen persoonsgegevens worden verwerkt (artikel 8).", "The processing has not been registered yet. Without a register entry no personal data may be processed (article 8)."},
	{"regnew.title", "Nieuwe versie van de registratie", "New version of the register entry"},
	{"regnew.heading", "Nieuwe versie van de registratie vastleggen", "Record a new version of the register entry"},
	{"regnew.intro", "Het formulier bevat de laatste versie. Eerdere versies blijven ongewijzigd bewaard.", "The form holds the latest version. Earlier versions are kept unchanged."},
	{"regnew.back", "Terug naar het register", "Back to the register"},
	{"regnew.submit", "Versie vastleggen", "Record version"},

	// Disputes.
	{"disputes.title", "Geschillen", "Disputes"},
	{"disputes.heading", "Geschillen", "Disputes"},
	{"disputes.intro", "Geschillen tussen partners over het convenant en hun oplossing (artikel 11).", "Disputes between partners about the covenant and their resolution (article 11)."},
	{"disputes.raise", "Geschil vastleggen", "Record a dispute"},
	{"disputes.none", "Er zijn geen geschillen vastgelegd.", "No disputes have been recorded."},
	{"dispute.title", "Geschil", "Dispute"},
	{"dispute.back", "Terug naar de geschillen", "Back to disputes"},
	{"dispute.subject", "Onderwerp", "Subject"},
	{"dispute.description", "Omschrijving", "Description"},
	{"dispute.raised_by", "Ingediend door", "Raised by"},
	{"dispute.raised_at", "Ingediend op", "Raised on"},
	{"dispute.partners", "Betrokken partners", "Partners involved"},
	{"dispute.resolution", "Oplossing", "Resolution"},
	{"dispute.resolution_desc", "Hoe het geschil is opgelost en wat is afgesproken.", "How the dispute was resolved and what was agreed."},
	{"dispute.resolved_at", "Opgelost op", "Resolved on"},
	{"dispute.resolve_heading", "Oplossing vastleggen", "Record the resolution"},
	{"dispute.resolve_submit", "Oplossing vastleggen", "Record resolution"},
	{"dispute.status_open", "Open", "Open"},
	{"dispute.status_resolved", "Opgelost", "Resolved"},
	{"dispute.err_resolution", "Beschrijf de oplossing.", "Describe the resolution."},
	{"disputenew.title", "Geschil vastleggen", "Record a dispute"},
	{"disputenew.heading", "Geschil vastleggen", "Record a dispute"},
	{"disputenew.intro", "Leg een geschil tussen partners over de uitvoering of uitleg van het convenant vast.", "Record a dispute between partners about how the covenant is carried out or read."},
	{"disputenew.submit", "Geschil vastleggen", "Record dispute"},

	// Partners.
	{"partners.title", "Partners", "Partners"},
	{"partners.heading", "Partners", "Partners"},
	{"partners.intro", "De organisaties die het convenant hebben gesloten, met hun taken en contactpunten.", "The organisations that entered into the covenant, with their tasks and contact points."},
	{"partners.add", "Partner toevoegen", "Add a partner"},
	{"partner.title", "Partner: %s", "Partner: %s"},
	{"partner.back", "Terug naar de partners", "Back to partners"},
	{"partner.name", "Naam", "Name"},
	{"partner.kind", "Soort partner", "Kind of partner"},
	{"partner.driehoek", "Driehoek", "Triangle"},
	{"partner.in_driehoek", "driehoekspartner", "triangle partner"},
	{"partner.tasks", "Publieke taken", "Public tasks"},
	{"partner.tasks_desc", "De taken op grond waarvan de partner deelneemt (\"gelet op hun taken\").", "The tasks on the basis of which the partner takes part."},
	{"partner.grounds", "Wettelijke grondslagen", "Legal grounds"},
	{"partner.complaints", "Klachtencommissie", "Complaints committee"},
	{"partner.dpo", "Functionaris gegevensbescherming", "Data protection officer"},
	{"partner.created_at", "Vastgelegd op", "Recorded on"},
	{"partner.edit", "Partner bewerken", "Edit partner"},
	{"partner.err_exists", "Er is al een partner met deze naam.", "A partner with this name already exists."},
	{"partneredit.title_new", "Partner toevoegen", "Add a partner"},
	{"partneredit.title_edit", "%s bewerken", "Edit %s"},
	{"partneredit.heading_new", "Partner toevoegen", "Add a partner"},
	{"partneredit.heading_edit", "Partner bewerken", "Edit partner"},

	// Users.
	{"users.title", "Gebruikers", "Users"},
	{"users.heading", "Gebruikers", "Users"},
	{"users.intro", "De accounts van medewerkers van de partners. Beheerders zien geen persoonsgegevens van betrokkenen.", "The accounts of the partners' staff. Administrators never see personal data of data subjects."},
	{"users.add", "Gebruiker toevoegen", "Add a user"},
	{"user.back", "Terug naar de gebruikers", "Back to users"},
	{"user.name", "Naam", "Name"},
	{"user.email", "E-mailadres", "E-mail address"},
	{"user.partner", "Organisatie", "Organisation"},
	{"user.roles", "Rollen", "Roles"},
	{"user.roles_desc", "Beheerder en auditor kunnen niet samen met rollen die persoonsgegevens zien.", "Administrator and auditor cannot be combined with roles that see personal data."},
	{"user.active", "Actief", "Active"},
	{"user.inactive", "Niet actief", "Inactive"},
	{"user.active_label", "Account is actief", "Account is active"},
	{"user.locked_until", "Geblokkeerd tot %s", "Locked until %s"},
	{"user.second_factor", "Tweede factor", "Second factor"},
	{"user.enrolled", "Ingesteld", "Set up"},
	{"user.not_enrolled", "Nog niet ingesteld", "Not set up"},
	{"user.factor_enrolled", "De gebruiker heeft een authenticator-app ingesteld. Herstel de tweede factor als de gebruiker de telefoon kwijt is; die stelt dan bij de volgende keer inloggen een nieuwe in.", "The user has set up an authenticator app. Reset the second factor if the user lost the phone; they will set up a new one at the next login."},
	{"user.factor_not_enrolled", "De gebruiker stelt de tweede factor in bij de volgende keer inloggen.", "The user will set up the second factor at the next login."},
	{"user.reset_factor", "Tweede factor herstellen", "Reset second factor"},
	{"user.password", "Eerste wachtwoord", "Initial password"},
	{"user.password_desc", "Minimaal 12 tekens. Geef het wachtwoord via een ander kanaal door dan het e-mailadres.", "At least 12 characters. Pass the password on through another channel than the e-mail address."},
	{"user.err_exists", "Er is al een gebruiker met dit e-mailadres.", "A user with this e-mail address already exists."},
	{"useredit.title_new", "Gebruiker toevoegen", "Add a user"},
	{"useredit.title_edit", "%s bewerken", "Edit %s"},
	{"useredit.heading_new", "Gebruiker toevoegen", "Add a user"},
	{"useredit.heading_edit", "Gebruiker bewerken", "Edit user"},

	// API tokens.
	{"tokens.title", "API-tokens", "API tokens"},
	{"tokens.heading", "Uw API-tokens", "Your API tokens"},
	{"tokens.intro", "Met een token koppelt u een applicatie aan de API van Groepsaanpak, met uw rechten. Behandel een token als een wachtwoord.", "A token connects an application to the Groepsaanpak API, with your permissions. Treat a token like a password."},
	{"tokens.created", "Token aangemaakt", "Token created"},
	{"tokens.once", "Kopieer het token nu. Het wordt maar één keer getoond en kan niet opnieuw worden opgevraagd.", "Copy the token now. It is shown only once and cannot be retrieved again."},
	{"tokens.description", "Omschrijving", "Description"},
	{"tokens.description_desc", "Waarvoor u het token gebruikt, bijvoorbeeld de naam van de koppeling.", "What you use the token for, for example the name of the connection."},
	{"tokens.created_at", "Aangemaakt op", "Created on"},
	{"tokens.expires", "Verloopt op", "Expires on"},
	{"tokens.expires_on", "Geldig tot en met", "Valid until"},
	{"tokens.expires_desc", "Laat leeg voor een token zonder einddatum.", "Leave empty for a token without an end date."},
	{"tokens.no_expiry", "Geen einddatum", "No end date"},
	{"tokens.last_used", "Laatst gebruikt", "Last used"},
	{"tokens.never", "Nooit", "Never"},
	{"tokens.active", "Actief", "Active"},
	{"tokens.revoked", "Ingetrokken", "Revoked"},
	{"tokens.expired", "Verlopen", "Expired"},
	{"tokens.actions", "Acties", "Actions"},
	{"tokens.revoke", "Intrekken", "Revoke"},
	{"tokens.revoke_label", "Intrekken: %s", "Revoke: %s"},
	{"tokens.none", "U heeft nog geen tokens.", "You have no tokens yet."},
	{"tokens.create_heading", "Nieuw token", "New token"},
	{"tokens.create", "Token aanmaken", "Create token"},
	{"tokens.err_description", "Vul een omschrijving in.", "Enter a description."},
	{"tokens.err_description_long", "De omschrijving is te lang (maximaal 200 tekens).", "The description is too long (at most 200 characters)."},
	{"tokens.err_expiry", "Kies een datum in de toekomst.", "Choose a date in the future."},

	// Error pages, one per ga.Kind and for the two refusals of the web
	// layer itself.
	{"error.home", "Naar de startpagina", "Go to the home page"},
	{"error.not_found.title", "Niet gevonden", "Not found"},
	{"error.not_found.text", "Niet gevonden, of u heeft geen toegang.", "Not found, or you have no access."},
	{"error.forbidden.title", "Geen toestemming", "Not allowed"},
	{"error.forbidden.text", "U heeft geen toestemming voor deze handeling.", "You are not allowed to do this."},
	{"error.gate_closed.title", "Verwerking nog niet toegestaan", "Processing not yet permitted"},
	{"error.gate_closed.text", "Persoonsgegevens mogen pas worden verwerkt als het convenant van kracht is en de verwerking is geregistreerd (artikel 8 van het convenant).", "Personal data may be processed only once the covenant is in force and the processing is registered (article 8 of the covenant)."},
	{"error.gate_closed.missing", "Wat nog ontbreekt", "What is still missing"},
	{"error.conflict.title", "Niet mogelijk", "Not possible"},
	{"error.conflict.text", "Deze handeling past niet bij de huidige stand van zaken.", "This action does not fit the current state of affairs."},
	{"error.invalid.title", "Ongeldige invoer", "Invalid input"},
	{"error.invalid.text", "De invoer kon niet worden verwerkt.", "The input could not be processed."},
	{"error.locked.title", "Tijdelijk geblokkeerd", "Temporarily locked"},
	{"error.locked.text", "Te veel pogingen. Probeer het later opnieuw.", "Too many attempts. Try again later."},
	{"error.internal.title", "Er ging iets mis", "Something went wrong"},
	{"error.internal.text", "Er ging iets mis. Probeer het later opnieuw. Blijft het probleem bestaan, neem dan contact op met de beheerder.", "Something went wrong. Please try again later. If the problem persists, contact the administrator."},
	{"error.unauthenticated.title", "Niet ingelogd", "Not logged in"},
	{"error.unauthenticated.text", "Log in om verder te gaan.", "Log in to continue."},
	{"error.too_large.title", "Te veel gegevens", "Too much data"},
	{"error.too_large.text", "Het formulier bevat te veel gegevens om te verwerken.", "The form holds too much data to process."},
	{"error.cross_origin.title", "Verzoek geweigerd", "Request refused"},
	{"error.cross_origin.text", "Dit verzoek kwam van een andere website en is daarom geweigerd. Gebruik de formulieren van Groepsaanpak zelf.", "This request came from another website and was therefore refused. Use the forms of Groepsaanpak itself."},

	// Partner kinds and roles (their Dutch names are the domain's).
	{"kind.gemeente", "Gemeente", "Municipality"},
	{"kind.politie", "Politie", "Police"},
	{"kind.om", "Openbaar Ministerie", "Public Prosecution Service"},
	{"kind.jeugdhulp", "Jeugdhulp", "Youth care"},
	{"kind.veilig_thuis", "Veilig Thuis", "Veilig Thuis (domestic violence and child abuse advice)"},
	{"kind.raad_kinderbescherming", "Raad voor de Kinderbescherming", "Child Protection Board"},
	{"kind.halt", "Halt", "Halt (youth diversion)"},
	{"kind.reclassering", "Reclassering", "Probation service"},
	{"kind.school", "School", "School"},
	{"kind.woningcorporatie", "Woningcorporatie", "Housing association"},
	{"kind.leerplicht", "Leerplicht", "School attendance"},
	{"kind.wijkteam", "Wijkteam", "Neighbourhood team"},
	{"role.coordinator", "Uitvoeringscoördinator", "Coordinator"},
	{"role.driehoek", "Driehoek", "Triangle member"},
	{"role.professional", "Professional", "Professional"},
	{"role.privacy_officer", "Privacyfunctionaris", "Privacy officer"},
	{"role.auditor", "Auditor", "Auditor"},
	{"role.admin", "Beheerder", "Administrator"},
}

// domainMessages translates the Dutch messages of the domain and auth
// packages, which are meant to be shown to users, into English. A message
// missing here is shown in Dutch, marked as Dutch for screen readers.
var domainMessages = map[string]string{
	"Er ging iets mis. Probeer het later opnieuw.":                                                         "Something went wrong. Please try again later.",
	"Niet gevonden, of u heeft geen toegang.":                                                              "Not found, or you have no access.",
	"U heeft geen toestemming voor deze handeling.":                                                        "You are not allowed to do this.",
	"De invoer is niet geldig.":                                                                            "The input is not valid.",
	"Verwerking van persoonsgegevens is nog niet toegestaan (artikel 8 van het convenant).":                "Processing of personal data is not yet permitted (article 8 of the covenant).",
	"Accepteer eerst de geheimhoudingsverklaring (artikel 5.1 van het convenant).":                         "First accept the confidentiality declaration (article 5.1 of the covenant).",
	"Vul de titel van het convenant in.":                                                                   "Enter the title of the covenant.",
	"Bij gezamenlijke verantwoordelijkheid wordt geen aparte verantwoordelijke aangewezen.":                "With joint controllers no separate controller is designated.",
	"Kies de partner die verwerkingsverantwoordelijke is.":                                                 "Choose the partner that is the controller.",
	"Kies gezamenlijke verantwoordelijkheid of een aangewezen verantwoordelijke (artikel 4.2).":            "Choose joint controllers or a designated controller (article 4.2).",
	"Kies de partner van de uitvoeringscoördinator.":                                                       "Choose the partner of the coordinator.",
	"Vul een geldige ingangsdatum in (JJJJ-MM-DD).":                                                        "Enter a valid effective date.",
	"De bewaartermijn na afsluiting moet tussen 1 en 120 maanden liggen.":                                  "The retention period after closure must be between 1 and 120 months.",
	"De bewaartermijn na einde lidmaatschap moet tussen 1 en 120 maanden liggen.":                          "The retention period after the end of membership must be between 1 and 120 months.",
	"De termijn voor verzoeken van betrokkenen is ten hoogste vier weken (28 dagen).":                      "The deadline for data subjects' requests is at most four weeks (28 days).",
	"Vul de naam van de ondertekenaar in.":                                                                 "Enter the name of the signatory.",
	"Vul de functie van de ondertekenaar in.":                                                              "Enter the position of the signatory.",
	"Vul een geldige datum van ondertekening in.":                                                          "Enter a valid date of signature.",
	"Vul het kenmerk van het besluit in.":                                                                  "Enter the reference of the decision.",
	"Vul een geldige besluitdatum in.":                                                                     "Enter a valid date of decision.",
	"Vul in wie het besluit nam (bijvoorbeeld de korpschef).":                                              "Enter who took the decision (for example the chief of police).",
	"Vat het besluit samen: welke gegevens, aan wie, waarvoor.":                                            "Summarise the decision: which data, to whom, for what.",
	"De einddatum moet een geldige datum na de besluitdatum zijn.":                                         "The end date must be a valid date after the date of decision.",
	"Vul het onderwerp van het geschil in.":                                                                "Enter the subject of the dispute.",
	"Beschrijf het geschil.":                                                                               "Describe the dispute.",
	"Kies de partners die bij het geschil betrokken zijn.":                                                 "Choose the partners involved in the dispute.",
	"Vul de naam van de partner in.":                                                                       "Enter the name of the partner.",
	"De naam is te lang (maximaal 200 tekens).":                                                            "The name is too long (at most 200 characters).",
	"Kies een geldige soort partner.":                                                                      "Choose a valid kind of partner.",
	"Beschrijf de publieke taken van de partner.":                                                          "Describe the public tasks of the partner.",
	"Vul de wettelijke grondslagen in.":                                                                    "Enter the legal grounds.",
	"Vul de klachtencommissie in.":                                                                         "Enter the complaints committee.",
	"Vul de functionaris gegevensbescherming in.":                                                          "Enter the data protection officer.",
	"De tekst is te lang (maximaal 4000 tekens).":                                                          "The text is too long (at most 4000 characters).",
	"De tekst is te lang (maximaal 8000 tekens).":                                                          "The text is too long (at most 8000 characters).",
	"Kies ten minste één rol.":                                                                             "Choose at least one role.",
	"De rollen beheerder en auditor kunnen niet worden gecombineerd met rollen die persoonsgegevens zien.": "The administrator and auditor roles cannot be combined with roles that see personal data.",
	"Vul een geldig e-mailadres in (kleine letters).":                                                      "Enter a valid e-mail address (lower case).",
	"Vul de naam van de gebruiker in (maximaal 200 tekens).":                                               "Enter the name of the user (at most 200 characters).",
	"Kies de partner waarvoor de gebruiker werkt.":                                                         "Choose the partner the user works for.",
	"Vul de sleutel van de verwerkingsactiviteit in.":                                                      "Enter the key of the processing activity.",
	"Vul de naam van de verwerking in.":                                                                    "Enter the name of the processing.",
	"Vul de verwerkingsverantwoordelijke(n) en het contactpunt in.":                                        "Enter the controller(s) and the contact point.",
	"Vul het doel van de verwerking in.":                                                                   "Enter the purpose of the processing.",
	"Vul de rechtsgrond in.":                                                                               "Enter the legal basis.",
	"Beschrijf de categorieën betrokkenen.":                                                                "Describe the categories of data subjects.",
	"Beschrijf de categorieën persoonsgegevens.":                                                           "Describe the categories of personal data.",
	"Vul de categorieën ontvangers in.":                                                                    "Enter the categories of recipients.",
	"Vul de bewaartermijnen in.":                                                                           "Enter the retention periods.",
	"Beschrijf de technische en organisatorische beveiligingsmaatregelen.":                                 "Describe the technical and organisational security measures.",
	"De sleutel mag alleen kleine letters, cijfers en '-' of '_' bevatten.":                                "The key may contain only lower-case letters, digits and '-' or '_'.",
	"Vul een geldige datum van de DPIA in.":                                                                "Enter a valid date of the DPIA.",
	"Het wachtwoord moet minimaal 12 tekens lang zijn.":                                                    "The password must be at least 12 characters long.",
	"Het wachtwoord mag maximaal 256 tekens lang zijn.":                                                    "The password may be at most 256 characters long.",
	"Het wachtwoord mag niet uit één steeds herhaald teken bestaan.":                                       "The password may not consist of one repeated character.",
	"Het wachtwoord bevat ongeldige tekens.":                                                               "The password contains invalid characters.",
	"Het formulier kon niet worden gelezen.":                                                               "The form could not be read.",
	"Alleen een voorgestelde wijziging kan worden ingetrokken.":                                            "Only a proposed amendment can be withdrawn.",
	"Beschrijf hoe het geschil is opgelost.":                                                               "Describe how the dispute was resolved.",
	"De code is onjuist of al gebruikt.":                                                                   "The code is incorrect or already used.",
	"De toelichting is te lang (maximaal 8000 tekens).":                                                    "The explanation is too long (at most 8000 characters).",
	"De tweede factor is al ingesteld.":                                                                    "The second factor has already been set up.",
	"Deze partner heeft het convenant al ondertekend.":                                                     "This partner has already signed the covenant.",
	"Dit account is niet actief.":                                                                          "This account is not active.",
	"Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen.":                                   "This account is temporarily locked after too many failed attempts.",
	"Dit e-mailadres is al in gebruik.":                                                                    "This e-mail address is already in use.",
	"Dit token is al ingetrokken.":                                                                         "This token has already been revoked.",
	"Dit geschil is al opgelost.":                                                                          "This dispute has already been resolved.",
	"Er is al een gebruiker met dit e-mailadres.":                                                          "A user with this e-mail address already exists.",
	"Er is al een partner met deze naam.":                                                                  "A partner with this name already exists.",
	"Er is nog geen convenant vastgelegd.":                                                                 "No covenant has been recorded yet.",
	"Er is zojuist een andere versie van deze verwerking vastgelegd. Probeer het opnieuw.":                 "Another version of this processing was just recorded. Please try again.",
	"Het TOTP-geheim moet base32 zijn en ten minste 128 bits lang.":                                        "The TOTP secret must be base32 and at least 128 bits long.",
	"Het convenant is al ondertekend; de voorwaarden wijzigen alleen nog met een wijzigingsvoorstel dat alle partners goedkeuren (artikel 12.1).": "The covenant has been signed; the terms now change only by an amendment that every partner approves (article 12.1).",
	"Het convenant is nog niet ondertekend; wijzig de voorwaarden rechtstreeks.":                                                                  "The covenant has not been signed yet; change the terms directly.",
	"Het onderwerp is te lang (maximaal 200 tekens).":                                                                                             "The subject is too long (at most 200 characters).",
	"Kies de partner die het geschil indient.":                                                                                                    "Choose the partner that raises the dispute.",
	"Leg eerst de voorwaarden van het convenant vast.":                                                                                            "First record the terms of the covenant.",
	"Onbekende partner.": "Unknown partner.",
	"Over deze wijziging kan niet meer worden beslist: zij is al van kracht of ingetrokken.": "This amendment can no longer be decided on: it is already in force or withdrawn.",
	"Stel eerst de tweede factor in.":                                   "First set up the second factor.",
	"Te veel mislukte pogingen. Wacht even en probeer het dan opnieuw.": "Too many failed attempts. Wait a moment and try again.",
	"U bent al aangemeld.":                                              "You are already logged in.",
	"U kunt uw eigen account niet uitschakelen.":                        "You cannot deactivate your own account.",
	"U kunt uw eigen beheerdersrol niet intrekken.":                     "You cannot revoke your own administrator role.",
	"Uw organisatie heeft al met deze wijziging ingestemd.":             "Your organisation has already approved this amendment.",
}

// catalog maps language and key to text; english maps every Dutch text
// without fmt verbs to its English text, so that a Dutch message produced
// by a form (through nl) can be shown in English.
var (
	catalog = map[string]map[string]string{langNL: {}, langEN: {}}
	english = map[string]string{}
)

func init() {
	for _, m := range messages {
		catalog[langNL][m.key] = m.nl
		catalog[langEN][m.key] = m.en
		if !strings.Contains(m.nl, "%") {
			english[m.nl] = m.en
		}
	}
	for nlText, enText := range domainMessages {
		english[nlText] = enText
	}
}

// checkCatalog verifies at startup that every key is unique, has a text in
// both languages, and uses the same fmt verbs in both.
func checkCatalog() error {
	seen := map[string]bool{}
	for _, m := range messages {
		if seen[m.key] {
			return fmt.Errorf("web: catalog key %q appears twice", m.key)
		}
		seen[m.key] = true
		if m.nl == "" || m.en == "" {
			return fmt.Errorf("web: catalog key %q lacks a text", m.key)
		}
		if verbs(m.nl) != verbs(m.en) {
			return fmt.Errorf("web: catalog key %q has different fmt verbs in nl and en", m.key)
		}
	}
	return nil
}

// verbs lists the fmt verbs of s in order, as one string.
func verbs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			b.WriteByte(s[i+1])
			i++
		}
	}
	return b.String()
}

// translate returns the text of key in lang, formatted with args. A missing
// key falls back to Dutch and then to the key itself, so that a mistake
// shows up on the page (and in the template tests) instead of failing it.
func translate(lang, key string, args ...any) string {
	s, ok := catalog[lang][key]
	if !ok {
		if s, ok = catalog[langNL][key]; !ok {
			return key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// nl returns the Dutch text of key. Forms report their errors in Dutch,
// like the domain; the page translates them back with domainText.
func nl(key string) string { return translate(langNL, key) }

// domainPlain returns a Dutch message of the domain in lang when a
// translation is known, else in Dutch.
func domainPlain(lang, msg string) string {
	if lang != langNL {
		if en, ok := english[msg]; ok {
			return en
		}
	}
	return msg
}

// domainText is domainPlain as HTML: a Dutch message left untranslated on
// an English page is marked lang="nl", so that screen readers pronounce it
// as Dutch (WCAG 3.1.2, language of parts).
func domainText(lang, msg string) template.HTML {
	out := domainPlain(lang, msg)
	esc := template.HTMLEscapeString(out)
	if lang != langNL && out == msg {
		return template.HTML(`<span lang="nl">` + esc + `</span>`)
	}
	return template.HTML(esc)
}

func kindLabel(lang string, k ga.PartnerKind) string {
	if s, ok := catalog[lang]["kind."+string(k)]; ok {
		return s
	}
	return k.Label()
}

func roleLabel(lang string, r ga.Role) string {
	if s, ok := catalog[lang]["role."+string(r)]; ok {
		return s
	}
	return r.Label()
}

func modelLabel(lang string, m ga.ControllerModel) string {
	if s, ok := catalog[lang]["model."+string(m)]; ok {
		return s
	}
	return m.Label()
}
