// Groepsaanpak: the only script of the web interface. It moves the focus to
// the error summary of a form that came back with errors, so that keyboard
// and screen-reader users hear at once what to correct. Everything works
// without it.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('foutmeldingen');
  if (summary) {
    summary.focus();
  }
});

// After a login through a partner's identity provider the page that set the
// session continues to the next step by itself. The session cookie is
// SameSite=Strict, so this must be a navigation of our own page rather than
// a redirect in the provider's cross-site chain. The link does the same
// without script.
document.addEventListener('DOMContentLoaded', function () {
  if (document.body.dataset.page !== 'login_federated') {
    return;
  }
  var next = document.getElementById('doorgaan');
  if (next) {
    window.location.replace(next.getAttribute('href'));
  }
});
