#!/usr/bin/env bash
# Builds the release artifacts into OUT (default build/release): the Linux tarball and
# .deb around the already built desktop binary BIN, the Windows trailbook.exe (GUI
# subsystem, with icon, manifest and version resource), and SHA256SUMS.
# Run through `make release`, which builds BIN and passes VERSION and LDFLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${VERSION:?}" "${LDFLAGS:?}" "${BIN:?}"
out=${1:-build/release}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
debver=$(go run ./build/releasetool version -kind deb "$VERSION")
name="trailbook_${VERSION}_linux_amd64"
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
syso=rsrc_windows_amd64.syso # linked into package main by GOOS=windows builds only; never committed
trap 'rm -rf "$work" "$syso"' EXIT

# Icons for the Linux desktop, in icon-theme layout.
go run ./build/releasetool icons -src build/appicon.png -out "$work/icons"

# Tarball: binary, menu entry, icons and a per-user installer.
t="$work/$name"
mkdir -p "$t/icons"
install -m 0755 "$BIN" "$t/trailbook"
install -m 0644 build/linux/trailbook.desktop "$t/trailbook.desktop"
install -m 0755 build/linux/install.sh "$t/install.sh"
cp -r "$work/icons" "$t/icons/hicolor"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -C "$work" -cf - "$name" |
	gzip -n -9 >"$out/$name.tar.gz"

# Debian package.
d="$work/deb"
install -D -m 0755 "$BIN" "$d/usr/bin/trailbook"
install -D -m 0644 build/linux/trailbook.desktop "$d/usr/share/applications/trailbook.desktop"
for f in "$work"/icons/*/apps/trailbook.png; do
	size=$(basename "$(dirname "$(dirname "$f")")")
	install -D -m 0644 "$f" "$d/usr/share/icons/hicolor/$size/apps/trailbook.png"
done
install -D -m 0644 /dev/stdin "$d/usr/share/doc/trailbook/copyright" <<'TXT'
Trailbook: an offline workbench for user-activity audit trails.
TXT
# Depends: whatever the binary links against (GTK 3, WebKitGTK 4.1, GLib, libc ...), with the
# minimum versions the build machine's libraries declare.
mkdir -p "$work/shlibs/debian"
printf 'Source: trailbook\n\nPackage: trailbook\nArchitecture: amd64\n' >"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O -e "$d/usr/bin/trailbook" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "release: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
mkdir -p "$d/DEBIAN"
cat >"$d/DEBIAN/control" <<CTL
Package: trailbook
Version: $debver
Architecture: amd64
Maintainer: Trailbook <team@trailbook.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$d" | cut -f1)
Depends: $depends
Section: utils
Priority: optional
Description: offline workbench for user-activity audit trails
 Trailbook imports user-activity CSV exports into a local SQLite workspace,
 lets you filter and search who did what, when, from where and to which
 record, and produces CSV and XLSX reports. The same program is the desktop
 app and, with a command, a CLI (trailbook --help).
CTL
deb="$out/trailbook_${debver}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$d" "$deb" >/dev/null

# Windows: pure Go (modernc SQLite, no cgo), GUI subsystem, resources from build/windows.
go run ./build/releasetool syso -version "$VERSION" -dir build/windows -out "$syso"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -tags desktop,production -trimpath \
	-ldflags "$LDFLAGS -H windowsgui" -o "$out/trailbook.exe" .
rm -f "$syso"
if [ -n "${TRAILBOOK_SIGN_PKCS12:-}" ]; then
	build/windows/sign.sh "$out/trailbook.exe"
fi

(cd "$out" && sha256sum -- *.tar.gz *.deb trailbook.exe >SHA256SUMS)
echo "release $VERSION:"
(cd "$out" && ls -l -- *.tar.gz *.deb trailbook.exe SHA256SUMS | awk '{printf "  %-50s %6.1f MB\n", $9, $5/1048576}')
