#!/usr/bin/env bash
# Start the desktop binary under Xvfb on a temp workspace, wait for its window, take a
# screenshot and fail when the window never appears or the screenshot is blank.
set -euo pipefail
bin=$(realpath "$1")
out=${SMOKE_OUT:-build/smoke}
mkdir -p "$out"
out=$(realpath "$out")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TRAILBOOK_DB="$work/smoke.trailbook"

xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -u
  "$0" >"$1/app.log" 2>&1 &
  pid=$!
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null" EXIT
  for i in $(seq 1 60); do
    if xwininfo -root -tree 2>/dev/null | grep -q "\"Trailbook\""; then break; fi
    if ! kill -0 $pid 2>/dev/null; then echo "smoke: the app exited early:"; cat "$1/app.log"; exit 1; fi
    sleep 0.5
  done
  xwininfo -root -tree | grep -q "\"Trailbook\"" || { echo "smoke: no Trailbook window after 30 s"; cat "$1/app.log"; exit 1; }
  # Let the page render its first screen; on a loaded machine WebKit can take a while.
  for i in $(seq 1 20); do
    sleep 1
    import -window root "$1/desktop.png"
    [ "$(identify -format "%k" "$1/desktop.png")" -ge 16 ] && break
  done
  sleep 3 # the shell is up; give the workspace numbers time to arrive
  import -window root "$1/desktop.png"
' "$bin" "$out"

colors=$(identify -format '%k' "$out/desktop.png")
echo "smoke: window appeared; screenshot $out/desktop.png has $colors colours"
if [ "$colors" -lt 16 ]; then
  echo "smoke: the screenshot is blank"
  exit 1
fi
test -s "$TRAILBOOK_DB" || { echo "smoke: the app did not create its workspace"; exit 1; }
