// Command release makes the pieces of a release build that need more than a shell:
// package version strings, the Linux icon set and the Windows resource object (.syso).
//
//	go run ./build/releasetool version -kind deb|windows|tag VERSION
//	go run ./build/releasetool icons -src build/appicon.png -out DIR [-sizes 16,32,...]
//	go run ./build/releasetool syso -version VERSION -dir build/windows -out FILE
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("name a command: version, icons or syso")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	switch args[0] {
	case "version":
		kind := fs.String("kind", "deb", "deb (Debian upstream version) or windows (four numbers)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return fmt.Errorf("version: give one version string, e.g. the output of git describe")
		}
		v, err := ParseVersion(fs.Arg(0))
		if err != nil {
			return err
		}
		switch *kind {
		case "deb":
			fmt.Fprintln(stdout, v.Debian())
		case "windows":
			fmt.Fprintln(stdout, v.Windows())
		default:
			return fmt.Errorf("version: unknown kind %q (deb or windows)", *kind)
		}
		return nil
	case "icons":
		src := fs.String("src", "build/appicon.png", "square PNG to scale down")
		out := fs.String("out", "", "folder to fill as an icon theme: SIZExSIZE/apps/NAME.png")
		name := fs.String("name", "trailbook", "icon name")
		sizes := fs.String("sizes", "16,24,32,48,64,128,256,512", "comma-separated pixel sizes")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *out == "" {
			return fmt.Errorf("icons: -out is required")
		}
		var px []int
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 {
				return fmt.Errorf("icons: bad size %q in -sizes", s)
			}
			px = append(px, n)
		}
		return WriteIcons(*src, *out, *name, px)
	case "syso":
		ver := fs.String("version", "", "release version (git describe)")
		dir := fs.String("dir", "build/windows", "folder with icon.ico, info.json and wails.exe.manifest")
		out := fs.String("out", "", "object file to write, e.g. rsrc_windows_amd64.syso")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *ver == "" || *out == "" {
			return fmt.Errorf("syso: -version and -out are required")
		}
		v, err := ParseVersion(*ver)
		if err != nil {
			return err
		}
		return WriteSyso(*dir, v, *out)
	default:
		return fmt.Errorf("unknown command %q: version, icons or syso", args[0])
	}
}
