// Package console gives the CLI a terminal on every OS. The Windows release is a
// GUI-subsystem program (no console window for the desktop app), so a command typed
// in a terminal must attach to that terminal before it prints anything.
package console
