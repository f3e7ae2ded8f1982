package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/template"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// appIconGroup is the icon group the Wails window loads its icon from (winc.AppIconID).
const appIconGroup = winres.ID(3)

// templateData is what build/windows/info.json and wails.exe.manifest refer to; the
// names follow the Wails project data, so `wails build` reads the same files.
type templateData struct {
	Name string
	Info struct {
		CompanyName, ProductName, ProductVersion, Copyright, Comments string
	}
}

// WriteSyso renders the Windows resources of dir (icon.ico, info.json, wails.exe.manifest)
// for version v and writes them as an amd64 COFF object that `go build` links into the .exe.
func WriteSyso(dir string, v Version, out string) error {
	rs, err := Resources(dir, v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rs.WriteObject(&buf, winres.ArchAMD64); err != nil {
		return fmt.Errorf("write resource object: %w", err)
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// Resources builds the resource set: icon group, manifest and VERSIONINFO.
func Resources(dir string, v Version) (*winres.ResourceSet, error) {
	rs := &winres.ResourceSet{}

	f, err := os.Open(filepath.Join(dir, "icon.ico"))
	if err != nil {
		return nil, fmt.Errorf("open icon: %w", err)
	}
	defer f.Close()
	ico, err := winres.LoadICO(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	if err := rs.SetIcon(appIconGroup, ico); err != nil {
		return nil, fmt.Errorf("add icon: %w", err)
	}

	data := templateData{Name: "Trailbook"}
	data.Info.CompanyName = "Trailbook"
	data.Info.ProductName = "Trailbook"
	data.Info.Comments = "Offline workbench for user-activity audit trails"

	// An assembly version is four numbers; the template appends the fourth (".0").
	data.Info.ProductVersion = fmt.Sprintf("%d.%d.%d", v.Numbers[0], v.Numbers[1], v.Numbers[2])
	manifest, err := render(filepath.Join(dir, "wails.exe.manifest"), data)
	if err != nil {
		return nil, err
	}
	if err := checkXML(manifest); err != nil {
		return nil, fmt.Errorf("wails.exe.manifest: %w", err)
	}
	if err := rs.Set(winres.RT_MANIFEST, winres.ID(1), winres.LCIDDefault, manifest); err != nil {
		return nil, fmt.Errorf("add manifest: %w", err)
	}

	data.Info.ProductVersion = v.Raw
	info, err := render(filepath.Join(dir, "info.json"), data)
	if err != nil {
		return nil, err
	}
	var vi version.Info
	if err := vi.UnmarshalJSON(info); err != nil {
		return nil, fmt.Errorf("info.json: %w", err)
	}
	// The fixed (numeric) fields come from the parsed version; the strings keep the raw one,
	// which Explorer shows as "Product version".
	vi.SetFileVersion(v.Windows())
	vi.SetProductVersion(v.Raw)
	var fixed [4]uint16
	copy(fixed[:], v.Numbers[:])
	fixed[3] = v.Commits
	vi.ProductVersion = fixed
	for _, kv := range [][2]string{{version.OriginalFilename, "trailbook.exe"}, {version.InternalName, "trailbook"}} {
		if err := vi.Set(0, kv[0], kv[1]); err != nil {
			return nil, fmt.Errorf("version info %s: %w", kv[0], err)
		}
	}
	vi.Flags.Prerelease = v.Pre != "" || !v.Tagged
	rs.SetVersionInfo(vi)
	return rs, nil
}

func render(path string, data templateData) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := template.New(filepath.Base(path)).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("parse template %s: %w", path, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", path, err)
	}
	return b.Bytes(), nil
}

func checkXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
