#!/bin/sh
# Installs Trailbook for the current user, without root: the program into ~/.local/bin,
# the menu entry and icons into ~/.local/share. `./install.sh --uninstall` removes them
# again (workspaces are left alone). PREFIX=/some/dir installs elsewhere.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
bin="$prefix/bin/trailbook"
desktop="$prefix/share/applications/trailbook.desktop"
icons="$prefix/share/icons/hicolor"

# Menus watch these folders; a newer folder time makes GTK rescan the icons (no user-level
# icon cache is written: a stale one would hide later icons).
refresh() {
	mkdir -p "$icons" && touch "$icons" "$(dirname "$desktop")"
}

case "${1:-}" in
--uninstall)
	rm -f "$bin" "$desktop"
	for f in "$icons"/*/apps/trailbook.png; do [ -e "$f" ] && rm -f "$f"; done
	refresh
	echo "Trailbook removed from $prefix (workspaces in ~/.config/Trailbook are kept)."
	exit 0
	;;
"") ;;
*)
	echo "usage: $0 [--uninstall]" >&2
	exit 2
	;;
esac

install -D -m 0755 "$here/trailbook" "$bin"
mkdir -p "$(dirname "$desktop")"
# The menu may not search ~/.local/bin, so the entry names the program by its full path.
sed "s|^Exec=trailbook|Exec=$bin|" "$here/trailbook.desktop" >"$desktop"
chmod 0644 "$desktop"
for f in "$here"/icons/hicolor/*/apps/trailbook.png; do
	size=$(basename "$(dirname "$(dirname "$f")")")
	install -D -m 0644 "$f" "$icons/$size/apps/trailbook.png"
done
refresh
echo "Trailbook installed: $bin"
case ":$PATH:" in
*":$prefix/bin:"*) ;;
*) echo "note: $prefix/bin is not on your PATH; add it to run 'trailbook' from a terminal." ;;
esac
