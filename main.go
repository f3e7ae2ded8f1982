// Trailbook: an offline workbench for user-activity audit trails.
// With no arguments it opens the desktop window; with a command it is the CLI.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/signal"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"trailbook/backend/cli"
	"trailbook/backend/workspace"
)

//go:embed all:frontend/dist
var assets embed.FS

// Stamped by the release build with -ldflags "-X main.version=...".
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	if len(os.Args) > 1 {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		ui, err := fs.Sub(assets, "frontend/dist")
		if err != nil {
			fmt.Fprintln(os.Stderr, "trailbook:", err)
			os.Exit(1)
		}
		code := (&cli.App{Stdout: os.Stdout, Stderr: os.Stderr, UI: ui, Version: cli.Version{Version: version, Commit: commit, Date: date}}).Run(ctx, os.Args[1:])
		stop()
		os.Exit(code)
	}
	if err := runDesktop(); err != nil {
		fmt.Fprintln(os.Stderr, "trailbook:", err)
		os.Exit(1)
	}
}

func runDesktop() error {
	path, err := workspace.DefaultPath()
	if err != nil {
		return err
	}
	app := NewApp(path)
	return wails.Run(&options.App{
		Title:            "Trailbook",
		Width:            1280,
		Height:           800,
		MinWidth:         960,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 250, A: 1},
		OnStartup:        app.startup,
		OnShutdown:       app.shutdown,
		DragAndDrop:      &options.DragAndDrop{EnableFileDrop: true},
		Bind:             []any{app},
	})
}
