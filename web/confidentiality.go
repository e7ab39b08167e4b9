package web

import (
	"net/http"

	ga "github.com/groepsaanpak/groepsaanpak"
)

// confidentialityView is the declaration page of Art 5.1.
type confidentialityView struct {
	Covenant *ga.Covenant
	// Applies is false for roles that never see personal data (admin,
	// auditor), who need no declaration.
	Applies  bool
	Declared bool
}

// confidentialityForm shows the duty of confidentiality of Art 5.1 and,
// until the user accepted it for the covenant version in force, the button
// to accept it. It is asked again after every amendment, because the user
// accepts the terms of one version.
func (s *server) confidentialityForm(w http.ResponseWriter, r *http.Request) error {
	cv, err := s.confidentialityView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "confidentiality", cv, nil)
	return nil
}

func (s *server) confidentialityView(r *http.Request) (*confidentialityView, error) {
	actor := requestFrom(r.Context()).actor
	cv := &confidentialityView{Applies: mayNeedDeclaration(actor)}
	c, err := s.db.Covenant(r.Context())
	switch {
	case err == nil:
		cv.Covenant = c
		cv.Declared = ga.ConfidentialityDeclared(actor, c.Version)
	case !ga.IsKind(err, ga.KindNotFound):
		return nil, err
	}
	return cv, nil
}

// acceptConfidentiality records the declaration for the version in force.
func (s *server) acceptConfidentiality(w http.ResponseWriter, r *http.Request) error {
	if err := s.db.AcceptConfidentiality(r.Context()); err != nil {
		return err
	}
	s.setFlash(w, flashDeclared)
	s.redirect(w, r, "/")
	return nil
}
