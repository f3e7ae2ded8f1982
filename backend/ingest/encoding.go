package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings Sniff reports.
const (
	UTF8        = "utf-8"
	UTF8BOM     = "utf-8-bom"
	UTF16LE     = "utf-16le"
	UTF16BE     = "utf-16be"
	Windows1252 = "windows-1252"
)

// detectEncoding looks at the first bytes of a file. truncated says more bytes follow,
// so a character cut at the end of the sample is not an encoding error.
func detectEncoding(b []byte, truncated bool) (string, error) {
	switch {
	case len(b) == 0:
		return "", errors.New("the file is empty")
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "", errors.New("the file is a ZIP archive (or an .xlsx workbook); extract it first, or save the workbook from Excel as CSV or Unicode Text and import that")
	case archiveKind(b) != "":
		// Never decompressed: a small compressed file can expand to gigabytes.
		return "", errors.New("the file is a " + archiveKind(b) + " archive; extract it first and import the CSV inside")
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", errors.New("this is an old Excel .xls workbook; save it as CSV or Unicode Text and import that")
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		return "", errors.New("the file is UTF-32, which is not supported; save it as UTF-8 or UTF-16")
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8BOM, nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return UTF16LE, nil
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return UTF16BE, nil
	}
	// BOM-less UTF-16: text that is mostly ASCII has a NUL in every other byte, on the
	// odd positions for little-endian and the even ones for big-endian.
	probe := b[:min(len(b), 4096)]
	var even, odd int
	for i, c := range probe {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	pairs := len(probe) / 2
	switch {
	case pairs > 0 && odd*4 > pairs && even*10 <= odd:
		return UTF16LE, nil
	case pairs > 0 && even*4 > pairs && odd*10 <= even:
		return UTF16BE, nil
	case odd+even > 0:
		return "", errors.New("the file holds NUL bytes and is not UTF-16 text: it does not look like a CSV or text export")
	}
	if truncated {
		b = trimPartialRune(b)
	}
	// Valid UTF-8 is UTF-8. A file that is mostly UTF-8 with a few stray bytes (a row
	// pasted in from an old system) is UTF-8 too: the reader reads those cells as
	// Windows-1252. Windows-1252 text almost never forms valid multi-byte sequences, so
	// a file without them whose high bytes are invalid is Windows-1252.
	var multi, invalid int
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			multi++
		}
		b = b[n:]
	}
	if invalid == 0 || multi >= invalid {
		return UTF8, nil
	}
	return Windows1252, nil
}

// decodeReader turns the raw bytes of a file in enc into UTF-8, streaming: the x/text
// transformers work through fixed buffers, so memory does not grow with the file.
func decodeReader(enc string, r io.Reader) (io.Reader, error) {
	switch enc {
	case UTF8:
		return r, nil
	case UTF8BOM:
		return &bomSkipper{r: r}, nil
	case UTF16LE:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()), nil
	case UTF16BE:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()), nil
	case Windows1252:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder()), nil
	}
	return nil, fmt.Errorf("unknown encoding %q (known: utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252)", enc)
}

// bomSkipper drops a leading UTF-8 byte order mark; the rest passes through untouched,
// which is cheaper than a transformer for the most common encoding.
type bomSkipper struct {
	r    io.Reader
	done bool
}

func (s *bomSkipper) Read(p []byte) (int, error) {
	if s.done {
		return s.r.Read(p)
	}
	var bom [3]byte
	n, err := io.ReadFull(s.r, bom[:])
	s.done = true
	if n == 3 && bom == [3]byte{0xEF, 0xBB, 0xBF} {
		return s.r.Read(p)
	}
	// Not a BOM after all: hand back what was read.
	s.r = io.MultiReader(bytes.NewReader(append([]byte(nil), bom[:n]...)), s.r)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, err
	}
	return s.r.Read(p)
}

// win1252 decodes a string of Windows-1252 bytes; used for stray non-UTF-8 cells in a
// file that is otherwise UTF-8 (a row pasted in from an old system).
func win1252(s string) string {
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return s
	}
	return out
}

// crToLF turns old Mac line endings (CR only) into LF for encoding/csv, which only
// breaks lines at LF. Used when the sniffer saw CR and no LF.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// countingReader counts the raw bytes read from the file, for progress, which
// another goroutine than the reading one may ask for.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// trimPartialRune drops a UTF-8 character cut in half at the end of a sample.
func trimPartialRune(b []byte) []byte {
	for k := 1; k <= utf8.UTFMax && k <= len(b); k++ {
		if utf8.RuneStart(b[len(b)-k]) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return b[:len(b)-k]
			}
			break
		}
	}
	return b
}

// archiveKind names the compressed format b starts with ("" when none).
func archiveKind(b []byte) string {
	for _, m := range []struct {
		magic []byte
		name  string
	}{
		{[]byte{0x1F, 0x8B}, "gzip"},
		{[]byte{0xFD, '7', 'z', 'X', 'Z', 0x00}, "xz"},
		{[]byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C}, "7z"},
		{[]byte{0x28, 0xB5, 0x2F, 0xFD}, "zstd"},
		{[]byte("Rar!\x1A\x07"), "RAR"},
	} {
		if bytes.HasPrefix(b, m.magic) {
			return m.name
		}
	}
	if len(b) > 3 && bytes.HasPrefix(b, []byte("BZh")) && b[3] >= '1' && b[3] <= '9' {
		return "bzip2"
	}
	return ""
}
