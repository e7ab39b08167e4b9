// Groepsaanpak: passkeys (WebAuthn) as the second factor. On the passkeys
// page it registers a new passkey; on the code step of a login it uses one.
// It asks the server for the options, lets the browser and the
// authenticator answer, and posts the answer back. Without this script, or
// in a browser without passkeys, the section stays hidden and the code of
// the authenticator app works as always.
(function () {
  'use strict';

  function toBuffer(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) {
      s += '=';
    }
    var bin = atob(s);
    var b = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      b[i] = bin.charCodeAt(i);
    }
    return b.buffer;
  }

  function toBase64URL(buf) {
    var b = new Uint8Array(buf);
    var s = '';
    for (var i = 0; i < b.length; i++) {
      s += String.fromCharCode(b[i]);
    }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) {
          var e = new Error(j.melding || r.statusText);
          e.fromServer = true;
          throw e;
        }
        return j;
      });
    });
  }

  function register(pk, name) {
    pk.challenge = toBuffer(pk.challenge);
    pk.user.id = toBuffer(pk.user.id);
    (pk.excludeCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
    return navigator.credentials.create({ publicKey: pk }).then(function (c) {
      return {
        naam: name,
        antwoord: {
          id: c.id, rawId: toBase64URL(c.rawId), type: c.type,
          response: {
            attestationObject: toBase64URL(c.response.attestationObject),
            clientDataJSON: toBase64URL(c.response.clientDataJSON),
            transports: c.response.getTransports ? c.response.getTransports() : []
          }
        }
      };
    });
  }

  function login(pk) {
    pk.challenge = toBuffer(pk.challenge);
    (pk.allowCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
    return navigator.credentials.get({ publicKey: pk }).then(function (c) {
      var response = {
        authenticatorData: toBase64URL(c.response.authenticatorData),
        clientDataJSON: toBase64URL(c.response.clientDataJSON),
        signature: toBase64URL(c.response.signature)
      };
      if (c.response.userHandle) {
        response.userHandle = toBase64URL(c.response.userHandle);
      }
      return { antwoord: { id: c.id, rawId: toBase64URL(c.rawId), type: c.type, response: response } };
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-passkey]');
    if (!box || !window.PublicKeyCredential || !navigator.credentials) {
      return;
    }
    box.hidden = false;
    var noscript = document.getElementById('passkey-zonder-script');
    if (noscript) {
      noscript.hidden = true;
    }
    var kind = box.dataset.passkey;
    var base = kind === 'registratie' ? '/passkeys' : '/inloggen/passkey';
    var button = document.getElementById('passkey-knop');
    var status = document.getElementById('passkey-status');
    var name = document.getElementById('naam');

    function say(msg, isError) {
      status.setAttribute('role', isError ? 'alert' : 'status');
      status.textContent = msg;
    }

    button.addEventListener('click', function () {
      if (kind === 'registratie' && !name.value.trim()) {
        say(box.dataset.msgName, true);
        name.focus();
        return;
      }
      button.disabled = true;
      say(box.dataset.msgBusy, false);
      post(base + '/opties').then(function (options) {
        return kind === 'registratie' ? register(options.publicKey, name.value) : login(options.publicKey);
      }).then(function (answer) {
        return post(base, answer);
      }).then(function (result) {
        window.location.assign(result.volgende);
      }).catch(function (err) {
        button.disabled = false;
        var msg = box.dataset.msgFailed;
        if (err && err.fromServer) {
          msg = err.message;
        } else if (err && (err.name === 'NotAllowedError' || err.name === 'AbortError')) {
          msg = box.dataset.msgCancelled;
        }
        say(msg, true);
      });
    });
  });
})();
