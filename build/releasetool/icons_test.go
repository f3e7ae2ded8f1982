package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func writeTestPNG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{R: 255, A: 255} // left half red
			if x >= w/2 {
				c = color.NRGBA{B: 255, A: 255} // right half blue
			}
			img.Set(x, y, c)
		}
	}
	path := filepath.Join(t.TempDir(), "icon.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestWriteIcons(t *testing.T) {
	src := writeTestPNG(t, 64, 64)
	out := t.TempDir()
	if err := WriteIcons(src, out, "trailbook", []int{16, 32}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{16, 32} {
		f, err := os.Open(filepath.Join(out, map[int]string{16: "16x16", 32: "32x32"}[n], "apps", "trailbook.png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != n || b.Dy() != n {
			t.Fatalf("%d px icon is %dx%d", n, b.Dx(), b.Dy())
		}
		// Away from the seam the colours must survive the scaling.
		if r, _, b, _ := img.At(1, n/2).RGBA(); r>>8 < 250 || b>>8 > 5 {
			t.Errorf("%d px icon: left edge is not red (r=%d b=%d)", n, r>>8, b>>8)
		}
		if r, _, b, _ := img.At(n-2, n/2).RGBA(); b>>8 < 250 || r>>8 > 5 {
			t.Errorf("%d px icon: right edge is not blue (r=%d b=%d)", n, r>>8, b>>8)
		}
	}
}

func TestWriteIconsRejects(t *testing.T) {
	if err := WriteIcons(writeTestPNG(t, 64, 32), t.TempDir(), "x", []int{16}); err == nil {
		t.Error("a non-square source was accepted")
	}
	if err := WriteIcons(writeTestPNG(t, 32, 32), t.TempDir(), "x", []int{64}); err == nil {
		t.Error("scaling up was accepted")
	}
}
