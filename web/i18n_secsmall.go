package web

// secsmallMessages are the texts of the strict reading of encrypted columns
// (the data-integrity signal) and of the reason an involvement ended.
var secsmallMessages = []message{
	{"involvement.ended_caption", "Beëindigde betrokkenheid", "Ended involvement"},
	{"involvement.ended_on", "Beëindigd op", "Ended on"},
	{"incident.signal.versleutelde_gegevens_niet_intact", "versleutelde persoonsgegevens niet intact", "encrypted personal data not intact"},
}
