package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// The object is read back with debug/pe and raw byte searches, not with the library
// that wrote it.
func TestWriteSyso(t *testing.T) {
	v, err := ParseVersion("v1.2.3-4-gabcdef1")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "rsrc_windows_amd64.syso")
	if err := WriteSyso("../../build/windows", v, out); err != nil {
		t.Fatal(err)
	}
	f, err := pe.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Fatalf("machine %#x, want amd64", f.Machine)
	}
	var rsrc []byte
	for _, s := range f.Sections {
		if strings.HasPrefix(s.Name, ".rsrc") {
			d, err := s.Data()
			if err != nil {
				t.Fatal(err)
			}
			rsrc = append(rsrc, d...)
		}
	}
	if len(rsrc) == 0 {
		t.Fatal("no .rsrc section")
	}
	// VS_FIXEDFILEINFO: signature, struct version, file version MS/LS, product version MS/LS.
	sig := binary.LittleEndian.AppendUint32(nil, 0xFEEF04BD)
	i := bytes.Index(rsrc, sig)
	if i < 0 || i+24 > len(rsrc) {
		t.Fatal("no VS_FIXEDFILEINFO")
	}
	words := func(off int) uint32 { return binary.LittleEndian.Uint32(rsrc[i+off:]) }
	if ms, ls := words(8), words(12); ms != 1<<16|2 || ls != 3<<16|4 {
		t.Errorf("file version %#x %#x, want 1.2.3.4", ms, ls)
	}
	if ms, ls := words(16), words(20); ms != 1<<16|2 || ls != 3<<16|4 {
		t.Errorf("product version %#x %#x, want 1.2.3.4", ms, ls)
	}
	for _, s := range []string{"ProductVersion", "v1.2.3-4-gabcdef1", "FileVersion", "1.2.3.4", "trailbook.exe"} {
		if !bytes.Contains(rsrc, utf16le(s)) {
			t.Errorf("version strings lack %q", s)
		}
	}
	for _, s := range []string{`name="com.wails.Trailbook" version="1.2.3.0"`, "permonitorv2"} {
		if !bytes.Contains(rsrc, []byte(s)) {
			t.Errorf("manifest lacks %q", s)
		}
	}
	ico, err := os.ReadFile("../../build/windows/icon.ico")
	if err != nil {
		t.Fatal(err)
	}
	// The largest image of the .ico (a PNG) must be in the object unchanged.
	png := ico[bytes.Index(ico, []byte("\x89PNG")):]
	if end := bytes.Index(png, []byte("IEND")); end > 0 {
		png = png[:end+8]
	}
	if !bytes.Contains(rsrc, png) {
		t.Error("the icon images are not in the resources")
	}
}

func TestWriteSysoBadTemplate(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"icon.ico", "wails.exe.manifest"} {
		b, err := os.ReadFile(filepath.Join("../../build/windows", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "info.json"), []byte(`{"info":{"0000":{"X":"{{.Info.Missing}}"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	v, _ := ParseVersion("v1.0.0")
	err := WriteSyso(dir, v, filepath.Join(dir, "out.syso"))
	if err == nil || !strings.Contains(err.Error(), "info.json") {
		t.Fatalf("err = %v, want an error naming info.json", err)
	}
}
