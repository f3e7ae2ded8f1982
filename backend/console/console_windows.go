//go:build windows

package console

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0)

// AttachParent connects the process to the console of the process that started it
// (cmd.exe, PowerShell, Windows Terminal) and points os.Stdin, os.Stdout and os.Stderr at
// it. Streams the caller redirected to a file or pipe are valid already and kept as they
// are. Started from Explorer there is no parent console and nothing changes.
func AttachParent() {
	in, out, errs := usable(windows.STD_INPUT_HANDLE), usable(windows.STD_OUTPUT_HANDLE), usable(windows.STD_ERROR_HANDLE)
	if in && out && errs {
		return
	}
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if err := attach.Find(); err != nil {
		return
	}
	if ok, _, _ := attach.Call(attachParentProcess); ok == 0 {
		return
	}
	if !out {
		reopen("CONOUT$", windows.STD_OUTPUT_HANDLE, &os.Stdout)
	}
	if !errs {
		reopen("CONOUT$", windows.STD_ERROR_HANDLE, &os.Stderr)
	}
	if !in {
		reopen("CONIN$", windows.STD_INPUT_HANDLE, &os.Stdin)
	}
}

// usable reports whether a standard handle leads somewhere (a console, file or pipe).
func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

// reopen opens a console device and makes it the standard stream, for Go and for children.
func reopen(device string, std uint32, f **os.File) {
	name, err := windows.UTF16PtrFromString(device)
	if err != nil {
		return
	}
	h, err := windows.CreateFile(name, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return
	}
	_ = windows.SetStdHandle(std, h)
	*f = os.NewFile(uintptr(h), device)
}
