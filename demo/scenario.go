package demo

import (
	"context"
	"fmt"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The casework of the demo: two youth groups of Voorbeeldstad in different
// steps of the Werkproces, carried out by the demo users themselves through
// the same policy, gate and logs as any user's work. Each user accepts the
// confidentiality duty before their first piece of casework, exactly as the
// web interface asks of them.
//
//   - Groep Stationsplein is in step uitvoering: 2A answered problematic, the
//     driehoek's decision of 5 March 2026 authorises exchange, the Plan van
//     Aanpak was adopted on 2 April 2026 with measures of all four kinds, and
//     a group meeting and an individual meeting about Jayden were held.
//   - Netwerk Noorderpark is in step besluit: the police drew up the name
//     list from its Groepsscan, the driehoek has not decided yet, so only
//     the police sees the names and the police's items.
//
// Dates are fixed in 2026, relative to the covenant's effective date of 1
// January 2026; only ids, pseudonyms, secrets and recording times differ
// between loads.

// Group keys.
const (
	station     = "stationsplein"
	noorderpark = "noorderpark"
)

// personSpec is a person of the scenario with their first membership.
type personSpec struct {
	key, name   string
	dob         ga.Date
	address     string
	reps        []ga.Representative
	bsn, ground string
	group       string
	role        ga.MembershipRole
	start       ga.Date
	by          string // the user who registers the person
}

var persons = []personSpec{
	// Groep Stationsplein: the police's name list of step 2B ...
	{key: "jayden", name: "Jayden Brouwer", dob: "2011-04-17", address: "Spoorlaan 31, 1013 KB Voorbeeldstad",
		reps:  []ga.Representative{{Name: "Sandra Brouwer", Relationship: "moeder", Address: "Spoorlaan 31, 1013 KB Voorbeeldstad"}},
		group: station, role: ga.RoleCore, start: "2026-01-15", by: "willem"},
	{key: "mohamed", name: "Mohamed El Amrani", dob: "2007-09-03", address: "Stationsstraat 22-3, 1012 AD Voorbeeldstad",
		group: station, role: ga.RoleCore, start: "2026-01-15", by: "willem"},
	{key: "kevin", name: "Kevin de Groot", dob: "2005-12-22", address: "Havenkade 7, 1015 CE Voorbeeldstad",
		bsn: "999993653", ground: "Wet algemene bepalingen burgerservicenummer art. 10 jo. Wet politiegegevens art. 8; nodig voor de identificatie bij het gebiedsverbod (art. 172a Gemeentewet).",
		group: station, role: ga.RoleCore, start: "2026-01-15", by: "willem"},
	{key: "jordy", name: "Jordy Mulder", dob: "2006-05-02", address: "Kerkstraat 118, 1012 GS Voorbeeldstad",
		group: station, role: ga.RoleCore, start: "2026-02-01", by: "willem"},
	{key: "dylan", name: "Dylan Verbeek", dob: "2010-06-30", address: "Lindelaan 5, 1017 BM Voorbeeldstad",
		group: station, role: ga.RoleFollower, start: "2026-02-01", by: "willem"},
	{key: "tim", name: "Tim van Dijk", dob: "2008-07-14", address: "Oranjestraat 9, 1014 AL Voorbeeldstad",
		group: station, role: ga.RoleFollower, start: "2026-02-01", by: "willem"},
	{key: "noah", name: "Noah Bakker", dob: "2009-01-25", address: "Stationsstraat 18-2, 1012 AD Voorbeeldstad",
		group: station, role: ga.RoleFollower, start: "2026-02-15", by: "willem"},
	{key: "romano", name: "Romano Hendriks", dob: "2012-02-11", address: "Molenweg 64, 1016 HN Voorbeeldstad",
		reps: []ga.Representative{
			{Name: "Erik Hendriks", Relationship: "vader", Address: "Molenweg 64, 1016 HN Voorbeeldstad"},
			{Name: "Monique de Wit", Relationship: "moeder", Address: "Molenweg 64, 1016 HN Voorbeeldstad"}},
		group: station, role: ga.RoleFollower, start: "2026-03-01", by: "willem"},
	{key: "lucas", name: "Lucas Visser", dob: "2011-10-28", address: "Populierenstraat 40, 1018 RT Voorbeeldstad",
		reps:  []ga.Representative{{Name: "Marco Visser", Relationship: "vader", Address: "Populierenstraat 40, 1018 RT Voorbeeldstad"}},
		group: station, role: ga.RoleFollower, start: "2026-04-01", by: "willem"},
	// ... and Netwerk Noorderpark's, before the driehoek's decision.
	{key: "damian", name: "Damian Kramer", dob: "2004-08-09", address: "Akkerweg 201, 1031 DW Voorbeeldstad",
		group: noorderpark, role: ga.RoleCore, start: "2026-06-01", by: "willem"},
	{key: "rayan", name: "Rayan Aydin", dob: "2008-02-27", address: "Noorderparklaan 88, 1032 EK Voorbeeldstad",
		group: noorderpark, role: ga.RoleCore, start: "2026-06-01", by: "willem"},
	{key: "stefano", name: "Stefano Smits", dob: "2010-11-03", address: "Vlierstraat 14, 1032 GB Voorbeeldstad",
		group: noorderpark, role: ga.RoleFollower, start: "2026-07-15", by: "willem"},
	{key: "milan", name: "Milan de Vries", dob: "2012-07-21", address: "Akkerweg 17, 1031 DS Voorbeeldstad",
		reps:  []ga.Representative{{Name: "Petra de Vries", Relationship: "moeder", Address: "Akkerweg 17, 1031 DS Voorbeeldstad"}},
		group: noorderpark, role: ga.RoleRecruit, start: "2026-10-01", by: "willem"},
}

// recruits are new aanwas of Groep Stationsplein while the approach is under
// way: Ilias registered by the coordinator on a signal of the youth workers,
// Sem by the police.
var recruits = []personSpec{
	{key: "sem", name: "Sem Jansen", dob: "2013-03-08", address: "Beatrixlaan 112, 1019 PC Voorbeeldstad",
		reps:  []ga.Representative{{Name: "Linda Jansen", Relationship: "moeder", Address: "Beatrixlaan 112, 1019 PC Voorbeeldstad"}},
		group: station, role: ga.RoleRecruit, start: "2026-10-05", by: "willem"},
	{key: "ilias", name: "Ilias Bouzid", dob: "2012-11-19", address: "Spoorlaan 47, 1013 KD Voorbeeldstad",
		reps: []ga.Representative{
			{Name: "Fatima Bouzid", Relationship: "moeder", Address: "Spoorlaan 47, 1013 KD Voorbeeldstad"},
			{Name: "Youssef Bouzid", Relationship: "vader", Address: "Spoorlaan 47, 1013 KD Voorbeeldstad"}},
		group: station, role: ga.RoleRecruit, start: "2026-09-20", by: "cora"},
}

// itemSpec is an information item of the scenario; key names it in tests.
type itemSpec struct {
	key      string
	by       string // the user who contributes it; their partner is the source
	group    string
	person   string // "" for an item about the group
	category string
	special  bool
	criminal bool
	ground   string
	need     string
	content  string
	date     ga.Date
	shared   []string // partner keys the source shares the item with explicitly
}

// Legal grounds used by several items.
const (
	groundPolice     = "Wet politiegegevens art. 8 en 20; besluit tot verstrekking POL-VBL/2025/0412."
	groundGemeente   = "AVG art. 6 lid 1 onder e; Gemeentewet art. 172 (openbare orde)."
	groundSchool     = "Wet voortgezet onderwijs 2020 art. 2.1 (zorgplicht); AVG art. 6 lid 1 onder e."
	groundLeerplicht = "Leerplichtwet 1969 art. 16, 18 en 21a."
	groundWoning     = "Woningwet art. 45; Burgerlijk Wetboek boek 7 art. 213 (goed huurderschap)."
	groundJeugdhulp  = "Jeugdwet art. 7.4.4; AVG art. 6 lid 1 onder e."
	groundHealth     = "Jeugdwet art. 7.4.4; AVG art. 9 lid 2 onder h; UAVG art. 30."
)

// signalItems are the partners' signals of step 1, before the driehoek's
// decision: each partner sees only its own until then.
var signalItems = []itemSpec{
	{key: "gemeente-overlast-station", by: "cora", group: station, category: "Overlastmeldingen", ground: groundGemeente, date: "2026-01-31",
		content: "Januari 2026: 47 meldingen van overlast op het Stationsplein en in de fietsenstalling (MORA-app en 14-nummer): intimidatie van reizigers, harde muziek, vuurwerk en vernielingen, vooral tussen 16.00 en 23.00 uur. Handhaving ziet een vaste groep van tien tot vijftien jongeren."},
	{key: "school-signaal-station", by: "sander", group: station, category: "Signaal school", ground: groundSchool, date: "2026-02-05",
		content: "Leerlingen van De Brug sluiten na schooltijd aan bij de jongeren op het Stationsplein; twee docenten zijn er uitgescholden. Jongere leerlingen uit de onderbouw worden aangesproken om mee te komen."},
	{key: "woning-portiek-station", by: "wendy", group: station, category: "Woonoverlast", ground: groundWoning, date: "2026-01-28",
		content: "Overlast in de portieken en de fietsenkelder van Stationsstraat 10-24: samenscholing, blowen en vernielde verlichting. Vier klachten van bewoners in januari; een bewoner durft 's avonds niet meer naar de fietsenkelder."},
}

// scanItems are the police's Groepsscan and first registration of step 2B,
// with the name list: until the decision only the police sees them.
var scanItems = []itemSpec{
	{key: "politie-groepsscan-station", by: "willem", group: station, category: "Groepsscan", criminal: true, ground: groundPolice, date: "2026-02-10",
		need:    "De Groepsscan is de grondslag voor vraag 2A en 2B en voor het besluit van de driehoek; zonder deze gegevens kan de driehoek de problematiek van de groep niet wegen.",
		content: "Groepsscan Stationsplein, peildatum 10 februari 2026: zeven jongeren van 14 tot 20 jaar op de namenlijst, van wie vier tot de kern behoren. In twaalf maanden 63 registraties: 21 keer overlast jeugd, 14 winkeldiefstallen, 6 vernielingen, 3 bedreigingen en 2 openlijke geweldplegingen. Advies van de politie: problematische jeugdgroep (hinderlijk, neigend naar overlastgevend); start een groepsaanpak."},
	{key: "politie-mohamed", by: "willem", group: station, person: "mohamed", category: "Registraties", criminal: true, ground: groundPolice, date: "2026-02-28",
		need:    "Mohamed is een van de kernleden; zijn strafrechtelijke voorgeschiedenis is nodig voor de keuze van maatregelen (snelrecht, persoonsgerichte aanpak).",
		content: "Sinds oktober 2025 drie registraties als verdachte: twee winkeldiefstallen in de stationswinkels (november 2025 en januari 2026) en openlijke geweldpleging op het Stationsplein (28 februari 2026). Beide diefstallen zijn naar het OM ingestuurd."},
}

// The items below are contributed once the driehoek authorised the
// exchange: a partner contributes about a member it may see, which makes it
// involved with that member. planItems come in while the plan is drawn up,
// springItems once it is adopted, laterItems over the summer and autumn.
var planItems = []itemSpec{
	{key: "politie-jayden", by: "willem", group: station, person: "jayden", category: "Signaal wijkagent", ground: groundPolice, date: "2026-03-20",
		content: "Huisbezoek van de wijkagent: moeder maakt zich zorgen over Jayden, die 's avonds laat thuiskomt en meegaat met oudere jongens van het plein. Moeder staat open voor hulp."},
	{key: "jeugdhulp-jayden-diagnose", by: "jamila", group: station, person: "jayden", category: "Gezondheid", special: true, ground: groundHealth, date: "2026-04-15",
		need:    "De diagnose verklaart een deel van het verzuim; leerplicht heeft die nodig om verzuim met een medische achtergrond te beoordelen. Daarom alleen expliciet gedeeld met leerplicht.",
		content: "Jayden heeft ADHD (vastgesteld in 2023) en gebruikt sinds maart 2026 geen medicatie meer. Ambulante gezinsbegeleiding sinds april 2026; moeder werkt goed mee.",
		shared:  []string{"leerplicht"}},
	{key: "school-jayden", by: "sander", group: station, person: "jayden", category: "Verzuim en gedrag", ground: groundSchool, date: "2026-03-12",
		content: "Jayden (3 vmbo-t) is dit schooljaar drie keer geschorst (een vechtpartij, brutaal gedrag tegen een docent) en heeft 64 uur ongeoorloofd verzuim. De mentor heeft wekelijks contact met moeder."},
	{key: "leerplicht-jayden", by: "lars", group: station, person: "jayden", category: "Verzuim", ground: groundLeerplicht, date: "2026-03-25",
		content: "Verzuimmelding van De Brug ontvangen via DUO (64 uur). Gesprek met Jayden en zijn moeder op 25 maart 2026; afspraak: dagelijkse check-in op school. Bij herhaling volgt een proces-verbaal of een verwijzing naar Halt."},
}

var springItems = []itemSpec{
	{key: "politie-romano", by: "willem", group: station, person: "romano", category: "Registratie", criminal: true, ground: groundPolice, date: "2026-04-08",
		need:    "Romano is 14; de registratie is nodig om hem naar Halt te verwijzen en om zijn rol als meeloper te wegen.",
		content: "Winkeldiefstal (energiedrank en snoep, waarde € 23) samen met twee oudere groepsleden; eerste registratie. Verwezen naar Halt."},
	{key: "school-dylan", by: "sander", group: station, person: "dylan", category: "Schoolloopbaan", ground: groundSchool, date: "2026-05-06",
		content: "Dylan (4 vmbo-k) haalt zijn examen waarschijnlijk; de stage bij een autobedrijf loopt goed. Wel vaak 's avonds op het plein; volgens de stagebegeleider beïnvloedbaar door oudere jongens."},
	{key: "halt-romano", by: "hanna", group: station, person: "romano", category: "Halt-afdoening", criminal: true,
		ground: "Wetboek van Strafrecht art. 77e; Besluit Halt-afdoening.", date: "2026-05-02",
		need:    "Het verloop van de Halt-afdoening is nodig om Romano's rol te wegen en om af te stemmen met leerplicht en politie.",
		content: "Romano is op 2 mei 2026 aangemeld na verwijzing door de politie (winkeldiefstal). Halt-traject: excuusbrief aan de winkel, een leeropdracht en twee gesprekken met Romano en zijn ouders."},
	{key: "leerplicht-romano", by: "lars", group: station, person: "romano", category: "Verzuim", ground: groundLeerplicht, date: "2026-05-14",
		content: "Romano komt regelmatig te laat en spijbelt op vrijdagmiddag (18 uur dit schooljaar). Waarschuwingsgesprek gevoerd met Romano en zijn vader."},
	{key: "woning-noah", by: "wendy", group: station, person: "noah", category: "Woonoverlast", ground: groundWoning, date: "2026-04-22",
		content: "Vijf meldingen van buren over het huishouden Bakker (Stationsstraat 18-2): jongeren in de portiek tot na middernacht en geluidsoverlast. Noah is de zoon van de huurders. Gesprek met de huurders gevoerd op 22 april 2026."},
}

var laterItems = []itemSpec{
	{key: "jeugdhulp-lucas", by: "jamila", group: station, person: "lucas", category: "Gezondheid", special: true, ground: groundHealth, date: "2026-06-02",
		need:    "Nodig voor de afstemming van het MDFT-traject met Veilig Thuis; de andere partners hebben dit niet nodig.",
		content: "Lucas is aangemeld voor MDFT (Multidimensionele Familietherapie) vanwege dagelijks blowen en conflicten thuis. Intake op 15 juni 2026."},
	{key: "om-mohamed", by: "otto", group: station, person: "mohamed", category: "Strafzaak", criminal: true,
		ground: "Wet justitiële en strafvorderlijke gegevens art. 39f; Aanwijzing snelrecht.", date: "2026-07-03",
		need:    "Nodig om strafrechtelijke en zorgmaatregelen op elkaar af te stemmen en de naleving van de bijzondere voorwaarden te volgen.",
		content: "De openlijke geweldpleging van 28 februari 2026 is via snelrecht aangebracht. Politierechter 3 juli 2026: taakstraf van 60 uur, waarvan 20 voorwaardelijk, proeftijd twee jaar met meldplicht."},
	{key: "veiligthuis-lucas", by: "vera", group: station, person: "lucas", category: "Huiselijk geweld", special: true,
		ground: "Wmo 2015 art. 4.1.1 en 5.2.6; AVG art. 9 lid 2 onder g; UAVG art. 30.", date: "2026-07-11",
		need:    "Nodig voor de afstemming met de jeugdhulp van Lucas; alleen partners die daarvoor gemachtigd zijn zien dit.",
		content: "Melding van een buurtbewoner over ruzies en geschreeuw in het gezin. Veilig Thuis is op 11 juli 2026 een onderzoek gestart; afstemming met het lopende MDFT-traject is afgesproken."},
	{key: "om-kevin", by: "otto", group: station, person: "kevin", category: "Strafzaak", criminal: true,
		ground: "Wet justitiële en strafvorderlijke gegevens art. 39f.", date: "2026-07-20",
		need:    "Nodig voor de evaluatie van het gebiedsverbod en de afstemming van bestuurlijke en strafrechtelijke maatregelen.",
		content: "Bedreiging van 14 juni 2026: strafbeschikking van de officier van justitie met een geldboete van € 350 en een gedragsaanwijzing (art. 257a Sv) om zich niet op het Stationsplein op te houden."},
	{key: "jeugdhulp-jayden-voortgang", by: "jamila", group: station, person: "jayden", category: "Voortgang hulpverlening", ground: groundJeugdhulp, date: "2026-10-01",
		content: "De gezinsbegeleiding loopt en afspraken worden nagekomen; Jayden is minder vaak 's avonds op het plein. Aandachtspunt blijft de schoolgang."},
}

// kevinItem is the police's registration that led to Kevin's area ban,
// contributed during the approach.
var kevinItem = itemSpec{key: "politie-kevin", by: "willem", group: station, person: "kevin", category: "Aanhouding", criminal: true, ground: groundPolice, date: "2026-06-14",
	need:    "Grond voor het gebiedsverbod van de burgemeester en voor de strafrechtelijke afdoening.",
	content: "Aangehouden voor bedreiging van een conducteur op perron 2 (14 juni 2026), in het bijzijn van drie andere groepsleden."}

// iliasItem is the municipality's youth-work signal about new aanwas.
var iliasItem = itemSpec{key: "gemeente-ilias", by: "cora", group: station, person: "ilias", category: "Signaal jongerenwerk",
	ground: "AVG art. 6 lid 1 onder e; Jeugdwet art. 2.1.", date: "2026-09-18",
	content: "Het jongerenwerk ziet Ilias (13) sinds eind augustus dagelijks bij de groep op het Stationsplein; hij haalt eten en drinken voor de oudere jongens. Het jongerenwerk heeft contact gelegd met zijn moeder."}

// noorderparkItems are Netwerk Noorderpark's, before the decision: only
// each source sees its own.
var noorderparkItems = []itemSpec{
	{key: "gemeente-overlast-noorderpark", by: "cora", group: noorderpark, category: "Overlastmeldingen", ground: groundGemeente, date: "2026-09-30",
		content: "September 2026: 29 meldingen over jongeren bij winkelcentrum De Akker en de ingang van het Noorderpark: intimidatie van winkelend publiek, scooters op het plein en vermoedelijke drugshandel bij de speeltuin. De ondernemersvereniging vraagt om maatregelen."},
	{key: "politie-damian", by: "willem", group: noorderpark, person: "damian", category: "Registraties", criminal: true, ground: groundPolice, date: "2026-09-30",
		need:    "Kernlid met een leidende rol in het netwerk; nodig voor het advies van de politie aan de driehoek.",
		content: "Verdacht van handel in softdrugs in het Noorderpark (aanhouding 30 september 2026); in 2024 veroordeeld voor heling."},
	{key: "politie-mohamed-noorderpark", by: "willem", group: noorderpark, person: "mohamed", category: "Registratie", criminal: true, ground: groundPolice, date: "2026-10-02",
		need:    "Mohamed verbindt de groep Stationsplein met het netwerk; nodig voor het beeld van het netwerk.",
		content: "Gecontroleerd bij de speeltuin in het Noorderpark in gezelschap van een kernlid van het netwerk; bij zich € 640 contant en drie telefoons. Geen aanhouding."},
	{key: "politie-groepsscan-noorderpark", by: "willem", group: noorderpark, category: "Groepsscan", criminal: true, ground: groundPolice, date: "2026-10-14",
		need:    "De Groepsscan is de grondslag voor het advies aan de driehoek over een groepsaanpak van het netwerk.",
		content: "Groepsscan Netwerk Noorderpark, peildatum 14 oktober 2026: los netwerk van vijf jongeren rond winkelcentrum De Akker en het Noorderpark, met verbindingen naar de groep Stationsplein. Signalen van drugshandel en het ronselen van jongere jongens als loopjongen; 19 registraties in zes maanden. Advies: criminele jeugdgroep in wording; besluit van de driehoek gevraagd."},
	{key: "politie-milan", by: "willem", group: noorderpark, person: "milan", category: "Signaal wijkagent", ground: groundPolice, date: "2026-10-20",
		content: "Milan (14) wordt sinds begin oktober bijna dagelijks bij het winkelcentrum gezien met oudere netwerkleden; mogelijk wordt hij ingezet als loopjongen. Nog geen registraties."},
}

// measureSpec is a measure of the Plan van Aanpak of Groep Stationsplein.
type measureSpec struct {
	key         string
	by          string // the coordinator, or a user of the responsible partner
	person      string // "" for a measure aimed at the group
	kind        ga.MeasureKind
	description string
	responsible string // partner key
	status      ga.MeasureStatus
	start       ga.Date
	review      ga.Date
}

var measures = []measureSpec{
	{key: "camera", by: "cora", kind: ga.MeasureAdministrative, responsible: "gemeente", status: ga.MeasureRunning, start: "2026-04-15", review: "2027-04-15",
		description: "Cameratoezicht op het Stationsplein en bij de fietsenstalling (art. 151c Gemeentewet), aanwijzingsbesluit van de burgemeester voor een jaar."},
	{key: "jongerenwerk", by: "cora", kind: ga.MeasureCare, responsible: "gemeente", status: ga.MeasureRunning, start: "2026-04-17", review: "2027-06-30",
		description: "Jongerenwerk op het plein en vrijdagavondsport in sporthal De Kolk, als alternatief voor het rondhangen."},
	{key: "winkelverbod", by: "cora", kind: ga.MeasurePrivate, responsible: "gemeente", status: ga.MeasureRunning, start: "2026-05-01", review: "2027-03-31",
		description: "Collectief winkelverbod in de stationswinkels (Keurmerk Veilig Ondernemen) bij een nieuw incident, in afstemming met de ondernemersvereniging."},
	{key: "snelrecht", by: "otto", person: "mohamed", kind: ga.MeasureCriminal, responsible: "om", status: ga.MeasureRunning, start: "2026-04-10", review: "2027-01-15",
		description: "Snelrecht (ZSM-afdoening) bij elk nieuw feit; lik-op-stukbeleid afgesproken tussen politie en OM."},
	{key: "gezinsbegeleiding", by: "jamila", person: "jayden", kind: ga.MeasureCare, responsible: "jeugdhulp", status: ga.MeasureRunning, start: "2026-04-15", review: "2027-01-31",
		description: "Ambulante gezinsbegeleiding voor Jayden en zijn moeder (Jeugdwet)."},
	{key: "schoolbegeleiding", by: "sander", person: "jayden", kind: ga.MeasureCare, responsible: "school", status: ga.MeasureRunning, start: "2026-04-20", review: "2027-01-29",
		description: "Schoolbegeleiding: dagelijkse check-in bij de mentor, een aangepast rooster en een plan met leerplicht."},
	{key: "halt", by: "hanna", person: "romano", kind: ga.MeasureCriminal, responsible: "halt", status: ga.MeasureRunning, start: "2026-05-04", review: "2026-07-01",
		description: "Halt-afdoening na winkeldiefstal: excuusbrief, leeropdracht en gesprekken met Romano en zijn ouders."},
	{key: "huurovereenkomst", by: "wendy", person: "noah", kind: ga.MeasurePrivate, responsible: "woning", status: ga.MeasureRunning, start: "2026-05-15", review: "2026-12-15",
		description: "Gedragsaanwijzing aan de huurders (de ouders van Noah) op grond van goed huurderschap (art. 7:213 BW): geen samenscholing in de portiek; bij herhaling een gedragsaanwijzing via de kantonrechter."},
	{key: "mdft", by: "jamila", person: "lucas", kind: ga.MeasureCare, responsible: "jeugdhulp", status: ga.MeasurePlanned, start: "2026-06-15", review: "2027-02-01",
		description: "MDFT-traject (Multidimensionele Familietherapie) van zes maanden voor Lucas en zijn vader."},
}

// gebiedsverbod is the area ban on Kevin, imposed during the approach; its
// review date has passed, so the coordinator's overview shows it overdue.
var gebiedsverbod = measureSpec{key: "gebiedsverbod", by: "cora", person: "kevin", kind: ga.MeasureAdministrative, responsible: "gemeente",
	status: ga.MeasureRunning, start: "2026-06-20", review: "2026-09-20",
	description: "Gebiedsverbod voor het Stationsplein en omgeving voor drie maanden (art. 172a Gemeentewet), opgelegd door de burgemeester na de bedreiging van 14 juni 2026."}

// loader carries the scenario's state; its first error sticks and makes
// every later step a no-op.
type loader struct {
	db      *storage.DB
	base    context.Context
	partner map[string]string // partner key → id
	user    map[string]string // user key → id
	wpg20   string
	acting  map[string]context.Context
	group   map[string]string // group key → id
	person  map[string]string // person key → id
	member  map[string]string // person key → membership id in Stationsplein
	measure map[string]*ga.Measure
	agreed  map[string]*ga.Agreement
	err     error
}

func loadScenario(ctx context.Context, db *storage.DB, partnerIDs, userIDs map[string]string, wpg20ID string) error {
	l := &loader{db: db, base: ctx, partner: partnerIDs, user: userIDs, wpg20: wpg20ID,
		acting: map[string]context.Context{}, group: map[string]string{}, person: map[string]string{}, member: map[string]string{},
		measure: map[string]*ga.Measure{}, agreed: map[string]*ga.Agreement{}}
	l.stationsplein()
	l.noorderpark()
	l.groepsscan()
	return l.err
}

// stationsplein runs Groep Stationsplein from signals to execution.
func (l *loader) stationsplein() {
	// Step 1: the coordinator records the group on signals of the
	// municipality, the school and the housing corporation, and the
	// partners of the local network join the approach.
	g := &ga.Group{Name: "Groep Stationsplein", Area: "Centrum – Stationsplein en fietsenstalling", Form: ga.FormGroup}
	l.do("groep Stationsplein", func() error { return l.db.CreateGroup(l.as("cora"), g) })
	l.group[station] = g.ID
	for _, p := range []string{"politie", "om", "school", "woning", "leerplicht", "jeugdhulp", "halt", "veiligthuis"} {
		l.do("deelnemer "+p, func() error { return l.db.AddParticipant(l.as("cora"), g.ID, l.partner[p]) })
	}
	l.items(signalItems)
	l.move(station, ga.StepInformation, "Signalen van gemeente, school en woonstichting wijzen op een vaste groep jongeren op het Stationsplein (januari–februari 2026).")
	// Step 2: 2A problematic; 2B the police's name list and Groepsscan.
	l.do("vraag 2A Stationsplein", func() error {
		_, err := l.db.AnswerProblematic(l.as("cora"), g.ID, true, "Intimidatie van reizigers, vernielingen en winkeldiefstallen door een vaste groep, met aanwas van jongere leerlingen (signalen van gemeente, school en woonstichting, januari en februari 2026).")
		return err
	})
	for _, p := range persons {
		if p.group == station {
			l.register(p)
		}
	}
	l.items(scanItems)
	// Steps 3 and 4: the integral picture with a draft plan, and the
	// driehoek's decision of 5 March 2026.
	l.move(station, ga.StepPicture, "2A beantwoord: problematisch. Namenlijst en Groepsscan van de politie liggen er (10 februari 2026).")
	plan := &ga.Plan{GroupID: g.ID,
		Analysis: "Groep van ongeveer tien jongeren van 13 tot 20 jaar met een harde kern van vier. Hinderlijk tot overlastgevend: intimidatie van reizigers, vernielingen en winkeldiefstal. De kern trekt jongere leerlingen van De Brug aan (aanwas). Bij een deel van de meelopers spelen problemen thuis en op school.",
		Goals:    "1. De overlast op en rond het Stationsplein binnen zes maanden halveren.\n2. De kern strafrechtelijk en bestuurlijk begrenzen.\n3. Meelopers en aanwas losmaken van de groep via school, zorg en vrije tijd.\n4. Huurders en ondernemers betrekken bij de aanpak."}
	l.do("conceptplan Stationsplein", func() error { return l.db.SavePlan(l.as("cora"), plan) })
	l.move(station, ga.StepDecision, "Integraal beeld en conceptplan besproken met de partners; geagendeerd voor het driehoeksoverleg van 5 maart 2026.")
	l.do("besluit driehoek Stationsplein", func() error {
		_, err := l.db.RecordDecision(l.as("dirk"), g.ID, ga.TriangleDecision{
			DecidedOn:      "2026-03-05",
			Present:        []string{"D. van den Driehoek, burgemeester", "T. Teamchef, teamchef basisteam Voorbeeldstad", "mr. O. Officier, officier van justitie"},
			ApproachStarts: true, ExchangeAuthorised: true,
			Motivation: "Op advies van de politie (Groepsscan van 10 februari 2026) en gelet op de signalen van gemeente, school en woonstichting is de groep problematisch: hinderlijk tot overlastgevend, met aanwas. De groepsaanpak start. Persoonsgegevens van de leden op de namenlijst mogen worden verzameld en uitgewisseld tussen de deelnemende partners, volgens need-to-know.",
		})
		return err
	})
	// Step 5: the Plan van Aanpak with its measures, adopted by the driehoek.
	l.move(station, ga.StepPlan, "De driehoek besloot op 5 maart 2026 tot een groepsaanpak met uitwisseling van persoonsgegevens.")
	plan.Goals += "\n\nDe maatregelen staan hieronder per soort; de partners evalueren ze elk kwartaal in het groepsoverleg."
	l.do("plan Stationsplein", func() error { return l.db.SavePlan(l.as("cora"), plan) })
	l.items(planItems)
	for _, m := range measures {
		l.createMeasure(m)
	}
	l.do("vaststelling plan Stationsplein", func() error {
		_, err := l.db.AdoptPlan(l.as("dirk"), g.ID, "2026-04-02")
		return err
	})
	// Step 6: execution.
	l.move(station, ga.StepExecution, "Plan van Aanpak vastgesteld door de driehoek op 2 april 2026.")
	l.items(springItems)
	l.do("betrokkenheid gemeente bij Mohamed", func() error {
		return l.db.RegisterInvolvement(l.as("cora"), g.ID, l.person["mohamed"], l.partner["gemeente"],
			"Mohamed wordt voorgedragen voor de persoonsgerichte aanpak van het Zorg- en Veiligheidshuis; de gemeente voert daarvoor de regie.")
	})
	l.do("betrokkenheid gemeente bij Jayden", func() error {
		return l.db.RegisterInvolvement(l.as("cora"), g.ID, l.person["jayden"], l.partner["gemeente"],
			"De gemeente voert de regie op het individuele traject van Jayden (Jeugdwet) en bereidt het individueel overleg over hem voor.")
	})
	l.groupMeeting()
	l.items([]itemSpec{kevinItem})
	l.createMeasure(gebiedsverbod)
	l.progress("halt", "hanna", ga.MeasureFinished, "Halt-afdoening op 29 juni 2026 met een positief resultaat afgerond; sindsdien geen nieuwe registraties.")
	l.progress("mdft", "jamila", ga.MeasureRunning, "")
	l.items(laterItems)
	l.do("einde lidmaatschap Tim", func() error { return l.db.EndMembership(l.as("willem"), l.member["tim"], "2026-08-31") })
	for _, p := range recruits {
		l.register(p)
	}
	l.items([]itemSpec{iliasItem})
	l.individualMeeting()
}

// noorderpark runs Netwerk Noorderpark to step besluit: the police's
// Groepsscan, 2A, the name list, an integral picture and a draft plan. The
// driehoek has not decided yet, so only the police sees the names.
func (l *loader) noorderpark() {
	g := &ga.Group{Name: "Netwerk Noorderpark", Area: "Noord – Noorderpark en winkelcentrum De Akker", Form: ga.FormNetwork, Step: ga.StepInformation}
	l.do("netwerk Noorderpark", func() error { return l.db.CreateGroup(l.as("willem"), g) })
	l.group[noorderpark] = g.ID
	l.do("deelnemer om", func() error { return l.db.AddParticipant(l.as("cora"), g.ID, l.partner["om"]) })
	l.do("vraag 2A Noorderpark", func() error {
		_, err := l.db.AnswerProblematic(l.as("cora"), g.ID, true, "Groepsscan van de politie en meldingen van ondernemers: signalen van drugshandel en het ronselen van minderjarigen rond winkelcentrum De Akker (oktober 2026).")
		return err
	})
	for _, p := range persons {
		if p.group == noorderpark {
			l.register(p)
		}
	}
	l.do("lidmaatschap Mohamed Noorderpark", func() error {
		return l.db.AddMembership(l.as("willem"), &ga.Membership{GroupID: g.ID, PersonID: l.person["mohamed"], Role: ga.RoleCore, Start: "2026-08-01"})
	})
	l.items(noorderparkItems)
	l.move(noorderpark, ga.StepPicture, "2A beantwoord: problematisch. De politie heeft de namenlijst en de Groepsscan opgesteld (14 oktober 2026).")
	l.do("conceptplan Noorderpark", func() error {
		return l.db.SavePlan(l.as("cora"), &ga.Plan{GroupID: g.ID,
			Analysis: "Los netwerk rond winkelcentrum De Akker en het Noorderpark, met signalen van drugshandel en het ronselen van jongere jongens als loopjongen; verbonden met de groep Stationsplein.",
			Goals:    "Voorstel aan de driehoek: een groepsaanpak starten, het ronselen van minderjarigen stoppen en winkelcentrum en park teruggeven aan de buurt."})
	})
	l.move(noorderpark, ga.StepDecision, "Integraal beeld en conceptplan klaar; geagendeerd voor het driehoeksoverleg van 10 december 2026.")
}

// groupMeeting is the group meeting of 12 May 2026 with every partner.
func (l *loader) groupMeeting() {
	m := &ga.Meeting{GroupID: l.group[station], Kind: ga.MeetingGroup, HeldOn: "2026-05-12",
		Agenda: "1. Opening en mededelingen\n2. Overlast op het Stationsplein (politie, gemeente)\n3. Voortgang van de maatregelen uit het Plan van Aanpak\n4. Signalen van school en woonstichting\n5. Afspraken en rondvraag"}
	for _, p := range []string{"gemeente", "politie", "om", "jeugdhulp", "veiligthuis", "halt", "school", "woning", "leerplicht"} {
		m.Invited = append(m.Invited, ga.Invitation{PartnerID: l.partner[p]})
	}
	l.do("groepsoverleg", func() error { return l.db.CreateMeeting(l.as("cora"), m) })
	m.Minutes = "De politie ziet minder overlastmeldingen sinds de start van het cameratoezicht (april: 31, januari: 47). De vrijdagavondsport trekt vaste bezoekers. De woonstichting ziet nog overlast in de fietsenkelder van de Stationsstraat. De school meldt dat onderbouwleerlingen minder vaak op het plein komen. Veilig Thuis was met bericht afwezig."
	m.Decisions = "Het cameratoezicht blijft. De fietsenkelder krijgt betere verlichting en een toegangspas. Het volgende groepsoverleg is in september."
	l.do("verslag groepsoverleg", func() error { return l.db.UpdateMeeting(l.as("cora"), m) })
	for _, inv := range m.Invited {
		l.do("aanwezigheid groepsoverleg", func() error {
			return l.db.RecordAttendance(l.as("cora"), m.ID, inv.PartnerID, inv.PartnerID != l.partner["veiligthuis"])
		})
	}
	l.agree("verlichting", m, "", "Betere verlichting en een toegangspas voor de fietsenkelder van de Stationsstraat regelen met de woonstichting.", "gemeente", "2026-06-30")
	l.agree("bewonersavond", m, "", "Een bewonersavond organiseren voor de portieken Stationsstraat 10-24.", "woning", "2026-06-30")
	l.agree("surveillance", m, "", "Extra surveillance op vrijdag- en zaterdagavond bij de fietsenstalling.", "politie", "2026-05-31")
	l.complete("surveillance", "willem", "2026-05-29")
	l.complete("bewonersavond", "wendy", "2026-06-18")
	l.complete("verlichting", "cora", "2026-06-24")
}

// individualMeeting is the meeting of 27 October 2026 about Jayden, to
// which only the partners involved with him are invited (Art 5.3): not the
// housing corporation, the prosecutor, Halt or Veilig Thuis. One of its
// agreements is overdue.
func (l *loader) individualMeeting() {
	jayden := l.person["jayden"]
	m := &ga.Meeting{GroupID: l.group[station], Kind: ga.MeetingIndividual, HeldOn: "2026-10-27", PersonIDs: []string{jayden},
		Agenda: "Overleg over Jayden Brouwer (kernlid, 15 jaar):\n1. Ontwikkelingen thuis en op school\n2. Verzuim\n3. Afstemming van gezinsbegeleiding en schoolbegeleiding\n4. Afspraken"}
	for _, p := range []string{"gemeente", "politie", "jeugdhulp", "school", "leerplicht"} {
		m.Invited = append(m.Invited, ga.Invitation{PartnerID: l.partner[p]})
	}
	l.do("individueel overleg", func() error { return l.db.CreateMeeting(l.as("cora"), m) })
	m.Minutes = "Jayden is minder vaak op het plein en houdt zich aan de afspraken met de gezinsbegeleiding. Het verzuim is gedaald, maar hij komt nog vaak te laat. Zijn moeder is tevreden over de samenwerking. De politie heeft geen nieuwe registraties."
	m.Decisions = "Gezinsbegeleiding en schoolbegeleiding gaan door; leerplicht voert een vervolggesprek. Een strafrechtelijke maatregel is niet nodig."
	l.do("verslag individueel overleg", func() error { return l.db.UpdateMeeting(l.as("cora"), m) })
	for _, inv := range m.Invited {
		l.do("aanwezigheid individueel overleg", func() error { return l.db.RecordAttendance(l.as("cora"), m.ID, inv.PartnerID, true) })
	}
	l.agree("vervolggesprek", m, jayden, "Vervolggesprek over het te laat komen met Jayden en zijn moeder op het leerplichtbureau.", "leerplicht", "2026-11-10")
	l.agree("twee-contacten", m, jayden, "Gezinsbegeleiding uitbreiden naar twee contacten per week tot de kerstvakantie.", "jeugdhulp", "2026-11-03")
	l.agree("terugkoppeling", m, jayden, "De dagelijkse check-in terugkoppelen aan leerplicht en jeugdhulp.", "school", "2026-12-18")
	l.complete("twee-contacten", "jamila", "2026-11-02")
}

// as returns a context acting as the demo user: the user's own actor, who
// accepts the confidentiality duty before their first casework.
func (l *loader) as(key string) context.Context {
	if ctx, ok := l.acting[key]; ok {
		return ctx
	}
	if l.err != nil {
		return l.base
	}
	a, err := l.db.Actor(l.base, l.user[key])
	if err != nil {
		l.fail("gebruiker "+key, err)
		return l.base
	}
	ctx := ga.WithActor(l.base, a)
	if err := l.db.AcceptConfidentiality(ctx); err != nil {
		l.fail("geheimhoudingsverklaring "+key, err)
		return l.base
	}
	l.acting[key] = ctx
	return ctx
}

// do runs one step unless an earlier one failed.
func (l *loader) do(what string, fn func() error) {
	if l.err != nil {
		return
	}
	if err := fn(); err != nil {
		l.fail(what, err)
	}
}

func (l *loader) fail(what string, err error) {
	if l.err == nil {
		l.err = fmt.Errorf("demoscenario, %s: %w", what, err)
	}
}

func (l *loader) move(group string, to ga.Step, reason string) {
	l.do("stap "+string(to)+" "+group, func() error {
		_, err := l.db.MoveGroup(l.as("cora"), l.group[group], to, reason)
		return err
	})
}

// register registers a person into their group, by the user who draws up
// that part of the name list.
func (l *loader) register(p personSpec) {
	person := &ga.Person{Name: p.name, DateOfBirth: p.dob, Address: p.address, BSN: p.bsn, BSNLegalGround: p.ground,
		Representatives: append([]ga.Representative(nil), p.reps...)}
	m := &ga.Membership{Role: p.role, Start: p.start}
	l.do("persoon "+p.key, func() error { return l.db.CreatePerson(l.as(p.by), person, l.group[p.group], m) })
	l.person[p.key] = person.ID
	if p.group == station {
		l.member[p.key] = m.ID
	}
}

// items contributes items, each by its own user.
func (l *loader) items(specs []itemSpec) {
	for _, s := range specs {
		it := &ga.Item{GroupID: l.group[s.group], PersonID: l.person[s.person], Category: s.category, Special: s.special, Criminal: s.criminal,
			LegalGround: s.ground, Necessity: s.need, Content: s.content, ConcernsDate: s.date}
		if partnerOf(s.by) == "politie" {
			it.Wpg20DecisionID = l.wpg20
		}
		for _, p := range s.shared {
			it.SharedWith = append(it.SharedWith, l.partner[p])
		}
		l.do("gegeven "+s.key, func() error { return l.db.CreateItem(l.as(s.by), it) })
	}
}

// partnerOf returns the partner key of a demo user.
func partnerOf(userKey string) string {
	for _, u := range users {
		if u.key == userKey {
			return u.partner
		}
	}
	return ""
}

func (l *loader) createMeasure(s measureSpec) {
	m := &ga.Measure{GroupID: l.group[station], PersonID: l.person[s.person], Kind: s.kind, Description: s.description,
		ResponsiblePartnerID: l.partner[s.responsible], Status: s.status, Start: s.start, ReviewDate: s.review}
	l.do("maatregel "+s.key, func() error { return l.db.CreateMeasure(l.as(s.by), m) })
	l.measure[s.key] = m
}

// progress reports a measure's progress as its responsible partner does:
// the status and the result only.
func (l *loader) progress(key, by string, status ga.MeasureStatus, result string) {
	l.do("voortgang maatregel "+key, func() error {
		m := *l.measure[key]
		m.Status, m.Result = status, result
		if err := l.db.UpdateMeasure(l.as(by), &m); err != nil {
			return err
		}
		l.measure[key] = &m
		return nil
	})
}

func (l *loader) agree(key string, m *ga.Meeting, personID, description, responsible string, due ga.Date) {
	ag := &ga.Agreement{MeetingID: m.ID, PersonID: personID, Description: description, ResponsiblePartnerID: l.partner[responsible], DueDate: due}
	l.do("afspraak "+key, func() error { return l.db.AddAgreement(l.as("cora"), ag) })
	l.agreed[key] = ag
}

// complete records an agreement carried out, by a user of the responsible
// partner or the coordinator.
func (l *loader) complete(key, by string, on ga.Date) {
	l.do("afspraak uitgevoerd "+key, func() error {
		_, err := l.db.CompleteAgreement(l.as(by), l.agreed[key].ID, on)
		return err
	})
}
