#!/usr/bin/env bash
# install-ci-deps.sh installs what the tests need beyond Go, and only what is
# missing, so it is cheap to run before every test run: Debian's Chromium for
# the browser tests (internal/browsertest), staticcheck, and Spectral for the
# API lint (scripts/lint-api.sh). It asks no questions and reads no stdin.
# It must run as root, or with passwordless sudo, for the apt-get step.
set -euo pipefail

STATICCHECK_VERSION=v0.8.2

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive

log() { echo "install-ci-deps: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo -n "$@"
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium and chromium-driver"
  as_root apt-get update -q </dev/null
  as_root apt-get install -y -q --no-install-recommends chromium chromium-driver </dev/null
else
  log "chromium present"
fi

# pdftotext reads the letters' PDFs back in the tests of the data subject's
# rights.
if ! command -v pdftotext >/dev/null; then
  log "installing poppler-utils (pdftotext)"
  as_root apt-get update -q </dev/null
  as_root apt-get install -y -q --no-install-recommends poppler-utils </dev/null
else
  log "pdftotext present"
fi

gobin=$(go env GOBIN)
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
if ! command -v staticcheck >/dev/null && [ ! -x "$gobin/staticcheck" ]; then
  log "installing staticcheck $STATICCHECK_VERSION into $gobin"
  go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" </dev/null
  case ":$PATH:" in
  *":$gobin:"*) ;;
  *) log "note: $gobin is not on PATH; run staticcheck as $gobin/staticcheck" ;;
  esac
else
  log "staticcheck present"
fi

"$root/scripts/lint-api.sh" --install </dev/null
log "spectral present"
