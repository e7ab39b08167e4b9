package groepsaanpak

import (
	"strings"
	"time"
)

// Notification of the members of a group (covenant Art 6.1.1, today GDPR
// Art 13 and 14): right after the driehoek decided that personal data of
// the members may be collected and exchanged, every member — and, for a
// member under 16 on the day of the decision, every legal representative
// (UAVG Art 5) — gets a letter saying what is processed, by whom, for
// which purpose, who receives it, how long it is kept, and which rights
// and complaint route the person has. A notification may be deferred only
// on a legal ground (the grounds of Art 6.1.4, GDPR Art 23 and UAVG Art 41)
// with a motivation and a date on which the deferral is reviewed.

// NotificationStatus is where the notification of one addressee stands.
type NotificationStatus string

const (
	NotificationPending  NotificationStatus = "te_versturen"
	NotificationSent     NotificationStatus = "verstuurd"
	NotificationDeferred NotificationStatus = "uitgesteld"
)

// NotificationMethods are the ways a notification letter is delivered.
var NotificationMethods = []string{"post", "email", "persoonlijk"}

// Notification is the notification of one addressee about one member's
// data in one group approach.
type Notification struct {
	GroupID  string `json:"groepId"`
	PersonID string `json:"persoonId"`
	// RepresentativeID is set when the addressee is a legal
	// representative of a member under 16.
	RepresentativeID string             `json:"vertegenwoordigerId,omitempty"`
	PersonName       string             `json:"persoonNaam"`
	AddresseeName    string             `json:"geadresseerde"`
	Status           NotificationStatus `json:"status"`
	// DueOn is the date by which the letter must have been sent.
	DueOn    Date      `json:"uiterlijkOp"`
	SentOn   Date      `json:"verstuurdOp,omitempty"`
	Method   string    `json:"wijze,omitempty"`
	Deferral *Deferral `json:"uitstel,omitempty"`
	// Late reports that the addressee was not notified in time: not sent
	// by DueOn, or deferred past the review date without a new review.
	Late bool `json:"teLaat"`
}

// Deferral is the recorded decision to defer a notification.
type Deferral struct {
	Ground     WithholdGround `json:"grond"`
	Motivation string         `json:"motivering"`
	ReviewOn   Date           `json:"herbeoordelingOp"`
}

// NotificationDue is the date by which the members must be notified: the
// covenant says "directly after the decision"; the system allows the
// covenant's term for requests (four weeks) to prepare and send the
// letters.
func NotificationDue(decidedOn Date, terms CovenantTerms) Date {
	days := terms.RequestDeadlineDays
	if days <= 0 {
		days = 28
	}
	return decidedOn.AddDays(days)
}

// NotificationLate reports whether n is not notified in time on the date
// of now: pending past its due date, or deferred past its review date.
func NotificationLate(n Notification, now time.Time) bool {
	today := DateOf(now)
	switch n.Status {
	case NotificationSent:
		return false
	case NotificationDeferred:
		return n.Deferral != nil && n.Deferral.ReviewOn < today
	}
	return n.DueOn < today
}

// CheckSent validates the recording of a sent notification at instant now.
func CheckSent(sentOn Date, method string, decidedOn Date, now time.Time) error {
	var v Invalid
	if !sentOn.Valid() || sentOn < decidedOn || sentOn > DateOf(now) {
		v.Add("verstuurdOp", "Vul de datum van verzending in: op of na het besluit en niet in de toekomst.")
	}
	found := false
	for _, m := range NotificationMethods {
		found = found || m == method
	}
	if !found {
		v.Add("wijze", "Kies per post, per e-mail of persoonlijk.")
	}
	return v.Err("notification.Sent")
}

// Validate checks a deferral recorded at instant now: a ground a–e, a
// motivation, and a review date after today and at most six months ahead.
func (d Deferral) Validate(now time.Time) error {
	var v Invalid
	if !d.Ground.Valid() {
		v.Add("grond", "Uitstel van de notificatie kan alleen op een wettelijke grond (a tot en met e van artikel 6.1.4).")
	}
	if strings.TrimSpace(d.Motivation) == "" || len(d.Motivation) > 4000 {
		v.Add("motivering", "Motiveer het uitstel.")
	}
	today := DateOf(now)
	if !d.ReviewOn.Valid() || d.ReviewOn <= today || d.ReviewOn > today.AddMonths(6) {
		v.Add("herbeoordelingOp", "Kies een datum voor de herbeoordeling na vandaag en binnen zes maanden.")
	}
	return v.Err("notification.Defer")
}

// NotificationLetter is what a notification letter says (GDPR Art 13 and
// 14): the person and the addressee, the group approach and the decision,
// the controller, purpose, legal basis, categories, recipients and
// retention from the register of processing activities, and the partners
// taking part.
type NotificationLetter struct {
	Person     AccessPerson `json:"betrokkene"`
	Addressee  AccessPerson `json:"geadresseerde"`
	Group      string       `json:"groep"`
	Area       string       `json:"wijk"`
	DecidedOn  Date         `json:"besluitOp"`
	Controller string       `json:"verwerkingsverantwoordelijke"`
	Purpose    string       `json:"doel"`
	LegalBasis string       `json:"rechtsgrond"`
	Categories string       `json:"categorieen"`
	Recipients string       `json:"ontvangers"`
	Retention  string       `json:"bewaartermijnen"`
	Partners   []string     `json:"partners"`
	WrittenOn  Date         `json:"datum"`
}
