package web

// federationMessages are the texts of the federated login (login_federated.go).
var federationMessages = []message{
	{"oidc.heading", "Inloggen via uw organisatie", "Log in through your organisation"},
	{"oidc.intro", "Werkt u bij een partner met een eigen inlogdienst? Log dan daar in.", "Do you work for a partner with its own login service? Then log in there."},
	{"oidc.button", "Inloggen via %s", "Log in through %s"},
	{"oidc.local_heading", "Inloggen met een account van Groepsaanpak", "Log in with a Groepsaanpak account"},
	{"oidc.state", "Deze inlogpoging is verlopen of ongeldig. Probeer opnieuw in te loggen.", "This login attempt has expired or is invalid. Please log in again."},
	{"oidc.unavailable", "De inlogdienst van %s is nu niet bereikbaar. Probeer het later opnieuw.", "The login service of %s cannot be reached now. Please try again later."},
	{"oidc.provider_error", "Het inloggen bij %s is afgebroken of geweigerd.", "Logging in at %s was cancelled or refused."},
	{"oidc.failed", "Het inloggen via %s is mislukt: het antwoord van de inlogdienst kon niet worden gecontroleerd. Probeer opnieuw in te loggen.", "Logging in through %s failed: the answer of the login service could not be verified. Please log in again."},
	{"oidc.expired", "Het antwoord van de inlogdienst van %s was verlopen. Probeer opnieuw in te loggen.", "The answer of the login service of %s had expired. Please log in again."},
	{"oidc.unmapped", "U bent aangemeld bij %s, maar uw account daar geeft geen toegang tot Groepsaanpak: er is geen rol in Groepsaanpak aan gekoppeld. Vraag de beheerder van uw organisatie om u toegang te geven.", "You are signed in at %s, but your account there gives no access to Groepsaanpak: no Groepsaanpak role is linked to it. Ask the administrator of your organisation to give you access."},
	{"oidc.claims", "De inlogdienst van %s gaf niet alle gegevens door die Groepsaanpak nodig heeft (een geverifieerd e-mailadres en uw naam). Neem contact op met de beheerder.", "The login service of %s did not pass on all details Groepsaanpak needs (a verified e-mail address and your name). Contact the administrator."},
	{"oidc.continue_title", "Aangemeld", "Signed in"},
	{"oidc.continue_heading", "Aangemeld via %s", "Signed in through %s"},
	{"oidc.continue_text", "U gaat automatisch verder. Gebeurt dat niet, kies dan Doorgaan.", "You will continue automatically. If that does not happen, choose Continue."},
	{"oidc.continue", "Doorgaan", "Continue"},
}

// federationDomainMessages translates the Dutch messages of the storage's
// federated login.
var federationDomainMessages = map[string]string{
	"Deze inlogpoging is verlopen of ongeldig. Probeer opnieuw in te loggen.":                                                         "This login attempt has expired or is invalid. Please log in again.",
	"De inlogdienst is aan een onbekende partner gekoppeld. Neem contact op met de beheerder.":                                        "The login service is linked to an unknown partner. Contact the administrator.",
	"Uw account in Groepsaanpak is uitgeschakeld. Neem contact op met de beheerder.":                                                  "Your Groepsaanpak account has been disabled. Contact the administrator.",
	"Het e-mailadres dat de inlogdienst doorgeeft, hoort al bij een ander account in Groepsaanpak. Neem contact op met de beheerder.": "The e-mail address the login service passes on already belongs to another Groepsaanpak account. Contact the administrator.",
	"De inlogdienst is onbekend.":                                     "The login service is unknown.",
	"De inlogdienst gaf geen geldige identificatie van de gebruiker.": "The login service gave no valid identification of the user.",
	"De inlogdienst is niet aan een partner gekoppeld.":               "The login service is not linked to a partner.",
}
