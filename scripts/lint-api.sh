#!/usr/bin/env bash
# lint-api.sh lints an OpenAPI document against the Dutch government's REST
# API Design Rules with Spectral and the official ruleset vendored in
# api/testdata/nlgov-adr-linter.yaml. It exits non-zero when the document
# breaks a rule of severity error; warnings are printed but do not fail.
#
# Usage:
#   scripts/lint-api.sh FILE       lint FILE (OpenAPI 3 JSON or YAML)
#   scripts/lint-api.sh --install  only install Spectral into the cache
#
# Spectral is installed from npm at a pinned version into
# ${XDG_CACHE_HOME:-$HOME/.cache}/groepsaanpak/spectral/VERSION the first
# time, and reused after that.
set -euo pipefail

SPECTRAL_VERSION=6.16.3

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ruleset="$root/api/testdata/nlgov-adr-linter.yaml"
cache="${XDG_CACHE_HOME:-${HOME:?set HOME or XDG_CACHE_HOME}/.cache}/groepsaanpak/spectral"
prefix="$cache/$SPECTRAL_VERSION"
spectral="$prefix/node_modules/.bin/spectral"

usage() {
  echo "usage: scripts/lint-api.sh FILE | --install" >&2
  exit 2
}

install_spectral() {
  [ -x "$spectral" ] && return 0
  command -v npm >/dev/null || { echo "lint-api: npm not found (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$cache"
  # Install next to the final place and move it there in one step, so that
  # an interrupted or concurrent install never leaves a half-filled prefix.
  local tmp
  tmp=$(mktemp -d "$cache/.install.XXXXXX")
  # --ignore-scripts keeps the @scarf/scarf dependency from sending
  # install analytics; Spectral needs no install scripts.
  if ! SCARF_ANALYTICS=false npm install --no-save --no-audit --no-fund --ignore-scripts \
    --prefix "$tmp" "@stoplight/spectral-cli@$SPECTRAL_VERSION" >&2; then
    rm -rf "$tmp"
    echo "lint-api: installing @stoplight/spectral-cli@$SPECTRAL_VERSION failed" >&2
    exit 1
  fi
  mv -T "$tmp" "$prefix" 2>/dev/null || rm -rf "$tmp"
  [ -x "$spectral" ] || { echo "lint-api: no spectral binary at $spectral" >&2; exit 1; }
}

[ $# -eq 1 ] || usage
case "$1" in
--install)
  install_spectral
  exit 0
  ;;
-*) usage ;;
esac
[ -f "$1" ] || { echo "lint-api: $1: no such file" >&2; exit 2; }

install_spectral
exec "$spectral" lint --fail-severity error -r "$ruleset" "$1"
