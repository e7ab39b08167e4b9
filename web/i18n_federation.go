package web

// federationMessages are the texts of the federated login
// (login_federated.go) and of passkeys (passkeys.go).
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

	// Passkeys (passkeys.go, passkey.js).
	{"nav.passkeys", "Passkeys", "Passkeys"},
	{"passkey.title", "Passkeys", "Passkeys"},
	{"passkey.heading", "Uw passkeys", "Your passkeys"},
	{"passkey.intro", "Met een passkey logt u na uw wachtwoord in met uw telefoon, laptop of beveiligingssleutel in plaats van met een code. Een passkey werkt alleen op deze website en kan niet worden nagemaakt of uitgelekt. De code van uw authenticator-app blijft ook werken.", "With a passkey you log in after your password with your phone, laptop or security key instead of a code. A passkey works only on this website and cannot be copied or leaked. The code of your authenticator app keeps working too."},
	{"passkey.unavailable", "Passkeys zijn op deze installatie niet ingeschakeld.", "Passkeys are not enabled on this installation."},
	{"passkey.none", "U heeft nog geen passkey.", "You have no passkey yet."},
	{"passkey.name", "Naam", "Name"},
	{"passkey.created_at", "Toegevoegd", "Added"},
	{"passkey.last_used", "Laatst gebruikt", "Last used"},
	{"passkey.never", "Nog niet", "Not yet"},
	{"passkey.actions", "Acties", "Actions"},
	{"passkey.remove", "Verwijderen", "Remove"},
	{"passkey.remove_label", "Passkey %s verwijderen", "Remove passkey %s"},
	{"passkey.add_heading", "Passkey toevoegen", "Add a passkey"},
	{"passkey.name_desc", "Een naam waaraan u het apparaat herkent, bijvoorbeeld ‘Laptop werk’.", "A name by which you recognise the device, for instance ‘Work laptop’."},
	{"passkey.add", "Passkey toevoegen", "Add passkey"},
	{"passkey.noscript", "Voor passkeys is JavaScript nodig en een browser die passkeys ondersteunt. U kunt altijd inloggen met de code van uw authenticator-app.", "Passkeys need JavaScript and a browser that supports passkeys. You can always log in with the code of your authenticator app."},
	{"passkey.busy", "Volg de aanwijzingen van uw browser of apparaat.", "Follow the instructions of your browser or device."},
	{"passkey.cancelled", "De passkey is niet gebruikt: het verzoek is afgebroken of verlopen. Probeer het opnieuw.", "The passkey was not used: the request was cancelled or timed out. Please try again."},
	{"passkey.failed", "Dat is niet gelukt. Probeer het opnieuw.", "That did not work. Please try again."},
	{"passkey.name_missing", "Geef de passkey eerst een naam.", "Give the passkey a name first."},
	{"passkey.login_heading", "Of gebruik uw passkey", "Or use your passkey"},
	{"passkey.login_intro", "Heeft u een passkey toegevoegd? Gebruik die dan in plaats van de code.", "Did you add a passkey? Then use it instead of the code."},
	{"passkey.login_button", "Inloggen met passkey", "Log in with passkey"},
	{"flash.passkey_added", "De passkey is toegevoegd.", "The passkey has been added."},
	{"flash.passkey_removed", "De passkey is verwijderd.", "The passkey has been removed."},
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
	"De passkey is niet geaccepteerd. Probeer het opnieuw.":           "The passkey was not accepted. Please try again.",
	"Deze passkey is al geregistreerd.":                               "This passkey has already been registered.",
	"Deze stap past niet bij uw aanmelding.":                          "This step does not fit your login.",
	"U heeft geen passkey.":                                           "You have no passkey.",
	"Geef de passkey een naam van hoogstens 60 tekens.":               "Give the passkey a name of at most 60 characters.",
	"Het antwoord van de browser is te groot of onleesbaar.":          "The browser's answer is too large or unreadable.",
	"De inlogdienst is niet aan een partner gekoppeld.":               "The login service is not linked to a partner.",
}
