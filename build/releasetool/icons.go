package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// WriteIcons scales the square PNG src down to each size and writes an icon-theme tree
// (out/SIZExSIZE/apps/NAME.png), the layout of /usr/share/icons/hicolor.
func WriteIcons(src, out, name string, sizes []int) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open icon: %w", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("decode icon %s: %w", src, err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() {
		return fmt.Errorf("icon %s is %dx%d: it must be square", src, b.Dx(), b.Dy())
	}
	for _, n := range sizes {
		if n > b.Dx() {
			return fmt.Errorf("icon %s is %d px: too small for a %d px icon", src, b.Dx(), n)
		}
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		path := filepath.Join(out, fmt.Sprintf("%dx%d", n, n), "apps", name+".png")
		if err := writePNG(path, dst); err != nil {
			return err
		}
	}
	return nil
}

func writePNG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(f, img); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
