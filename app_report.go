package main

import (
	"fmt"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// ExportFileParams describes the export the user is about to save.
type ExportFileParams struct {
	Format string `json:"format"`
	Title  string `json:"title"`
}

// ChooseExportFile asks where to save an export; "" when the user cancelled. The UI then
// calls Export with that path.
func (a *App) ChooseExportFile(p ExportFileParams) (string, error) {
	filter := runtime.FileFilter{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}
	if p.Format == "xlsx" {
		filter = runtime.FileFilter{DisplayName: "Excel workbook (*.xlsx)", Pattern: "*.xlsx"}
	}
	name := strings.TrimSpace(p.Title)
	if name == "" {
		name = "trailbook-report"
	}
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title:           "Export report",
		DefaultFilename: fmt.Sprintf("%s.%s", name, p.Format),
		Filters:         []runtime.FileFilter{filter},
	})
	if err != nil {
		return "", fmt.Errorf("save file dialog: %w", err)
	}
	return path, nil
}
