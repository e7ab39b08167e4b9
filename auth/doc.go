// Package auth holds the security primitives of Groepsaanpak: password
// hashing and password policy, TOTP second factors, bearer and session
// tokens, and the pure timing policies for login throttling and sessions.
//
// The package touches no database and no network. Callers store what it
// returns (a PHC password string, a TOTP secret and the last used TOTP step,
// a token hash, failure counters and timestamps) and pass it back in; every
// function that depends on time takes the time as an argument, so tests and
// callers control the clock.
package auth
