#!/usr/bin/env bash
# Signs a Windows executable in place with osslsigncode (Authenticode, SHA-256) using the
# PKCS#12 file in TRAILBOOK_SIGN_PKCS12 and its password in TRAILBOOK_SIGN_PASSWORD.
# TRAILBOOK_SIGN_TIMESTAMP, when set, is the URL of an RFC 3161 timestamp server.
set -euo pipefail
exe=$1
: "${TRAILBOOK_SIGN_PKCS12:?set TRAILBOOK_SIGN_PKCS12 to a .p12/.pfx file}"
: "${TRAILBOOK_SIGN_PASSWORD:?set TRAILBOOK_SIGN_PASSWORD}"
command -v osslsigncode >/dev/null || { echo "sign: osslsigncode is not installed" >&2; exit 1; }
ts=()
[ -n "${TRAILBOOK_SIGN_TIMESTAMP:-}" ] && ts=(-ts "$TRAILBOOK_SIGN_TIMESTAMP")
tmp="$exe.signing"
trap 'rm -f "$tmp"' EXIT
# The password goes through a pipe, never the command line (visible in ps).
osslsigncode sign -pkcs12 "$TRAILBOOK_SIGN_PKCS12" -readpass <(printf '%s' "$TRAILBOOK_SIGN_PASSWORD") \
	-h sha256 -n Trailbook "${ts[@]}" -in "$exe" -out "$tmp" >/dev/null
mv "$tmp" "$exe"
echo "sign: signed $exe"
