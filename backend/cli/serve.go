package cli

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"

	"trailbook/backend/httpapi"
)

func runServe(ctx context.Context, a *App, e *env) error {
	addr := e.fs.String("addr", "127.0.0.1:0", "address to listen on (loopback only; port 0 picks a free one)")
	open := e.fs.Bool("open", false, "open the URL in the default browser")
	remote := e.fs.Bool("allow-remote", false, "allow a non-loopback --addr (the token is then the only guard)")
	if err := e.parse(); err != nil {
		return err
	}
	if len(e.args) > 0 {
		return usageError{"serve takes no file arguments"}
	}
	if a.UI == nil {
		return errors.New("this binary has no UI built in")
	}
	path, err := e.path()
	if err != nil {
		return err
	}
	srv, err := httpapi.Start(ctx, httpapi.Config{Addr: *addr, AllowRemote: *remote, Workspace: path, UI: a.UI})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "Trailbook is serving %s\n  %s\nOpen that URL in a browser on this machine; press Ctrl+C to stop.\n", path, srv.URL())
	if *remote {
		fmt.Fprintf(a.Stderr, "trailbook serve: listening on %s, reachable from other machines; anyone with the URL can read this workspace\n", srv.Addr())
	}
	if *open {
		if err := openBrowser(srv.URL()); err != nil {
			fmt.Fprintf(a.Stderr, "trailbook serve: could not open a browser (%v); open the URL yourself\n", err)
		}
	}
	<-ctx.Done()
	return srv.Wait()
}

func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
