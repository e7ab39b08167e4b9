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
