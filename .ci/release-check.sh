#!/usr/bin/env bash
# Checks the release artifacts in DIR for VERSION like someone downloading them would use
# them: sums, the Windows .exe's headers and resources (and that signing works), the
# .deb's metadata and contents, then installs the .deb with its dependencies and runs the
# CLI from it and from the unpacked tarball, and removes the package again.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath "${1:-build/release}")
version=${2:?usage: release-check.sh DIR VERSION}
py=/usr/bin/python3 # Debian's, which has python3-pefile
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
winver=$(go run ./build/releasetool version -kind windows "$version")
debver=$(go run ./build/releasetool version -kind deb "$version")
work=$(mktemp -d)
installed=""
cleanup() {
	if [ -n "$installed" ]; then $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq trailbook >/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "release-check: $*" >&2; exit 1; }
step() { echo "release-check: $*"; }

step "SHA256SUMS"
(cd "$dir" && sha256sum --quiet -c SHA256SUMS) || fail "checksums do not match"
for f in "trailbook_${version}_linux_amd64.tar.gz" "trailbook_${debver}_amd64.deb" trailbook.exe; do
	grep -q " $f\$" "$dir/SHA256SUMS" || fail "SHA256SUMS does not list $f"
done

step "trailbook.exe"
exe="$dir/trailbook.exe"
kind=$(file -b "$exe")
[[ $kind == "PE32+ executable (GUI) x86-64"* ]] || fail "trailbook.exe is '$kind', want a PE32+ GUI x86-64 executable"
$py .ci/check-exe.py "$exe" "$version" "$winver"

# Signing: with a real certificate the release is signed already; otherwise prove the
# path with a throwaway self-signed certificate on a copy.
if ! command -v osslsigncode >/dev/null; then
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends osslsigncode >/dev/null 2>&1 || true
fi
if ! command -v osslsigncode >/dev/null; then
	echo "release-check: note: osslsigncode is not installable here; the signing step was not tried"
elif [ -n "${TRAILBOOK_SIGN_PKCS12:-}" ]; then
	osslsigncode verify -in "$exe" >"$work/verify.log" 2>&1 || { cat "$work/verify.log"; fail "the signed trailbook.exe does not verify"; }
	step "trailbook.exe is signed and verifies"
else
	pw=$(openssl rand -hex 16)
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=Trailbook release check" \
		-addext "extendedKeyUsage=codeSigning" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
	openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -out "$work/sign.p12" -passout "pass:$pw"
	cp "$exe" "$work/signed.exe"
	TRAILBOOK_SIGN_PKCS12="$work/sign.p12" TRAILBOOK_SIGN_PASSWORD="$pw" build/windows/sign.sh "$work/signed.exe" >/dev/null
	osslsigncode verify -CAfile "$work/cert.pem" -in "$work/signed.exe" >"$work/verify.log" 2>&1 ||
		{ cat "$work/verify.log"; fail "a copy signed with a test certificate does not verify"; }
	$py .ci/check-exe.py "$work/signed.exe" "$version" "$winver" >/dev/null || fail "signing broke the resources"
	step "signing path works (copy signed with a throwaway certificate verifies)"
fi

deb="$dir/trailbook_${debver}_amd64.deb"
step "$(basename "$deb")"
info=$(dpkg-deb -I "$deb")
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = trailbook ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$debver" ] || fail "Version is '$(field Version)', want $debver"
[ "$(field Architecture)" = amd64 ] || fail "Architecture is '$(field Architecture)'"
[ -n "$(field Maintainer)" ] && [ -n "$(field Description)" ] || fail "Maintainer or Description missing"
for dep in libc6 libgtk-3-0 libwebkit2gtk-4.1-0 libglib2.0-0; do
	field Depends | tr ',' '\n' | grep -q "^ *$dep\b" || fail "Depends lacks $dep: $(field Depends)"
done
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/trailbook ./usr/share/applications/trailbook.desktop ./usr/share/icons/hicolor/{16x16,32x32,48x48,128x128,256x256,512x512}/apps/trailbook.png; do
	grep -qx -- "$f" <<<"$contents" || fail "the package lacks $f"
done
dpkg-deb -c "$deb" | awk '$2 != "root/root" {bad=1} END {exit bad}' || fail "files in the package are not owned by root"
echo "$info" | sed -n 's/^ \(Package\|Version\|Architecture\|Installed-Size\|Depends\):/  \1:/p'
if command -v desktop-file-validate >/dev/null; then desktop-file-validate build/linux/trailbook.desktop; fi

# The CLI round: version, an empty workspace, an import, verify. Counts are compared
# with the CSV's own row count.
csv=.ci/testdata/activity.csv
rows=$($py -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$csv")
cli_round() {
	local bin=$1 db="$work/$2.trailbook" out
	out=$("$bin" --version)
	[[ $out == *"$version"* ]] || fail "$bin --version printed '$out', want $version"
	TRAILBOOK_DB="$db" "$bin" stats --json >"$work/stats0.json"
	TRAILBOOK_DB="$db" "$bin" import --json "$csv" >"$work/import.json" || { cat "$work/import.json"; fail "$bin import failed"; }
	TRAILBOOK_DB="$db" "$bin" verify --json >"$work/verify.json" || { cat "$work/verify.json"; fail "$bin verify failed"; }
	TRAILBOOK_DB="$db" "$bin" stats --json >"$work/stats1.json"
	$py - "$work" "$rows" <<'PY' || fail "$bin: the CLI round gave wrong numbers"
import json, sys
work, rows = sys.argv[1], int(sys.argv[2])
s0 = json.load(open(work + "/stats0.json"))
imp = json.load(open(work + "/import.json"))
ver = json.load(open(work + "/verify.json"))
s1 = json.load(open(work + "/stats1.json"))
ok = (s0["events"] == 0 and len(imp) == 1 and imp[0]["rows"] == rows and imp[0]["inserted"] == rows
      and ver["ok"] and s1["events"] == rows and s1["batches"] == 1)
if not ok:
    print("stats before", s0, "\nimport", imp, "\nverify", ver, "\nstats after", s1, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
	echo "  $bin: --version, stats, import of $rows rows, verify: ok"
}

step "install the .deb with its dependencies"
if dpkg -s trailbook >/dev/null 2>&1; then fail "trailbook is installed already; remove it first (apt-get remove trailbook)"; fi
installed=1
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 ||
	{ cat "$work/apt.log"; fail "apt-get install of the package failed"; }
[ "$(command -v trailbook)" = /usr/bin/trailbook ] || fail "trailbook is not /usr/bin/trailbook after the install"
ldd /usr/bin/trailbook | grep -q "not found" && fail "the installed binary misses libraries: $(ldd /usr/bin/trailbook | grep 'not found')"
cli_round /usr/bin/trailbook deb
$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq trailbook >/dev/null
installed=""
[ ! -e /usr/bin/trailbook ] || fail "/usr/bin/trailbook is still there after apt-get remove"
step "removed the package again"

step "the tarball"
tar -xzf "$dir/trailbook_${version}_linux_amd64.tar.gz" -C "$work"
t="$work/trailbook_${version}_linux_amd64"
for f in trailbook trailbook.desktop install.sh icons/hicolor/{16x16,256x256,512x512}/apps/trailbook.png; do
	[ -e "$t/$f" ] || fail "the tarball lacks $f"
done
cli_round "$t/trailbook" tar
# install.sh into a scratch home, then --uninstall.
home="$work/home"
HOME="$home" "$t/install.sh" >/dev/null
[ -x "$home/.local/bin/trailbook" ] || fail "install.sh did not install the program"
grep -qx "Exec=$home/.local/bin/trailbook" "$home/.local/share/applications/trailbook.desktop" || fail "install.sh: menu entry does not name the installed program"
[ -f "$home/.local/share/icons/hicolor/256x256/apps/trailbook.png" ] || fail "install.sh did not install the icons"
HOME="$home" "$t/install.sh" --uninstall >/dev/null
left=$(find "$home" -type f)
[ -z "$left" ] || fail "install.sh --uninstall left files: $left"
step "install.sh installs into ~/.local and --uninstall removes everything"
step "all good"
