package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
	"github.com/groepsaanpak/groepsaanpak/letter"
	"github.com/groepsaanpak/groepsaanpak/storage"
)

// The notification of members after the driehoek's decision (Art 6.1.1):
// who is to be notified, the letters, sending and deferral.

const flashNotification = "flash.notification_saved"

// notificationsView is the notification page of one group.
type notificationsView struct {
	Group         *ga.Group
	Notifications []ga.Notification
	Grounds       []Option
	Methods       []Option
	Today         ga.Date
}

func (s *server) notifications(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.notifications"); err != nil {
		return err
	}
	return s.renderNotifications(w, r, http.StatusOK, nil)
}

func (s *server) renderNotifications(w http.ResponseWriter, r *http.Request, status int, errs []ga.Detail) error {
	ctx := r.Context()
	g, err := s.db.Group(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	ns, err := s.db.Notifications(ctx, g.ID)
	if err != nil {
		return err
	}
	lang := requestFrom(ctx).lang
	v := &notificationsView{Group: g, Notifications: ns, Today: ga.DateOf(s.db.Now())}
	for _, gr := range ga.WithholdGrounds {
		v.Grounds = append(v.Grounds, Option{Value: string(gr), Label: translate(lang, "case.ground."+string(gr))})
	}
	for _, m := range ga.NotificationMethods {
		v.Methods = append(v.Methods, Option{Value: m, Label: translate(lang, "notification.method."+m)})
	}
	s.render(w, r, status, "notifications", v, errs)
	return nil
}

func notificationKey(r *http.Request) storage.NotificationKey {
	return storage.NotificationKey{GroupID: r.PathValue("id"), PersonID: formValue(r, "persoonId"), RepresentativeID: formValue(r, "vertegenwoordigerId")}
}

// notificationStep handles the sending and deferral forms.
func (s *server) notificationStep(w http.ResponseWriter, r *http.Request, do func(key storage.NotificationKey, v *ga.Invalid) error) error {
	if err := requireHandler(r, "web.notificationStep"); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var v ga.Invalid
	err := do(notificationKey(r), &v)
	if err == nil && len(v) == 0 {
		s.setFlash(w, flashNotification)
		s.redirect(w, r, "/groepen/"+r.PathValue("id")+"/notificaties")
		return nil
	}
	if err != nil {
		if v = invalidDetails(err); v == nil {
			return err
		}
	}
	return s.renderNotifications(w, r, http.StatusUnprocessableEntity, v)
}

func (s *server) notificationSent(w http.ResponseWriter, r *http.Request) error {
	return s.notificationStep(w, r, func(key storage.NotificationKey, v *ga.Invalid) error {
		on := parseDate(v, "verstuurdOp", formValue(r, "verstuurdOp"), true)
		if len(*v) > 0 {
			return nil
		}
		return s.db.RecordNotificationSent(r.Context(), key, on, formValue(r, "wijze"))
	})
}

func (s *server) notificationDefer(w http.ResponseWriter, r *http.Request) error {
	return s.notificationStep(w, r, func(key storage.NotificationKey, v *ga.Invalid) error {
		review := parseDate(v, "herbeoordelingOp", formValue(r, "herbeoordelingOp"), true)
		if len(*v) > 0 {
			return nil
		}
		return s.db.DeferNotification(r.Context(), key, ga.Deferral{Ground: ga.WithholdGround(formValue(r, "grond")),
			Motivation: formValue(r, "motivering"), ReviewOn: review})
	})
}

// notificationLetter sends the letter to one addressee as PDF; the
// addressee is named by ids in the query.
func (s *server) notificationLetter(w http.ResponseWriter, r *http.Request) error {
	if err := requireHandler(r, "web.notificationLetter"); err != nil {
		return err
	}
	q := r.URL.Query()
	l, err := s.db.NotificationLetter(r.Context(), storage.NotificationKey{GroupID: r.PathValue("id"), PersonID: q.Get("persoon"), RepresentativeID: q.Get("vertegenwoordiger")})
	if err != nil {
		return err
	}
	pdf, err := letter.Notification(l, l.Controller)
	if err != nil {
		return ga.Wrap("web.notificationLetter", err)
	}
	writePDF(w, "notificatie.pdf", pdf)
	return nil
}
