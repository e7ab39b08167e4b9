package web

// securityMessages are the texts of the re-authentication page (reauth.go).
var securityMessages = []message{
	{"reauth.title", "Bevestig uw aanmelding", "Confirm your login"},
	{"reauth.heading", "Bevestig uw aanmelding", "Confirm your login"},
	{"reauth.intro", "Voor deze handeling vragen we uw wachtwoord en de code uit uw authenticator-app opnieuw, omdat u langer dan tien minuten geleden bent ingelogd.", "For this action we ask for your password and the code from your authenticator app again, because you logged in more than ten minutes ago."},
	{"reauth.submit", "Bevestigen", "Confirm"},
	{"reauth.wrong", "Het wachtwoord of de code is onjuist.", "The password or the code is incorrect."},
}

// securityDomainMessages translate the Dutch messages of reauth.go.
var securityDomainMessages = map[string]string{
	"Te veel aanmeldpogingen vanaf dit adres. Probeer het over enkele minuten opnieuw.": "Too many login attempts from this address. Try again in a few minutes.",
}
