package ingest_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"trailbook/backend/ingest"
)

// A small 2Checkout export used across the encoding and delimiter tests.
const twoCoText = "Date,User name,Activity,Subscription reference,Order reference,Price/Amount,Currency,Billing cycles,Comment\n" +
	"2024-05-02 08:15:00,Ana Pop,Login,,,,,,\n" +
	"2024-05-02 08:20:41,Ștefan Măgureanu,Request order refund,SUBA111,9000001,39.99,USD,1,\"Customer request, refunded\"\n" +
	"2024-05-02 08:21:05,José Müller,Accessed page,,,,,,/cpanel/café.php\n"

// utf16Bytes encodes s as UTF-16 with an optional BOM.
func utf16Bytes(s string, big, bom bool) []byte {
	var b bytes.Buffer
	order := binary.ByteOrder(binary.LittleEndian)
	if big {
		order = binary.BigEndian
	}
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		var two [2]byte
		order.PutUint16(two[:], u)
		b.Write(two[:])
	}
	return b.Bytes()
}

func cp1252(t testing.TB, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q as Windows-1252: %v", s, err)
	}
	return b
}

func TestSniffEncodings(t *testing.T) {
	text := strings.ReplaceAll(twoCoText, "Ștefan Măgureanu", "Stefan Magureanu") // Ș and ă are not in Windows-1252
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"utf-8", []byte(text), ingest.UTF8},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), ingest.UTF8BOM},
		{"utf-16le with BOM (Excel Unicode Text)", utf16Bytes(text, false, true), ingest.UTF16LE},
		{"utf-16be with BOM", utf16Bytes(text, true, true), ingest.UTF16BE},
		{"utf-16le without BOM", utf16Bytes(text, false, false), ingest.UTF16LE},
		{"utf-16be without BOM", utf16Bytes(text, true, false), ingest.UTF16BE},
		{"windows-1252", cp1252(t, text), ingest.Windows1252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := ingest.Sniff(writeFile(t, "in.csv", tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if src.Encoding != tt.want {
				t.Errorf("Encoding = %q, want %q", src.Encoding, tt.want)
			}
			if src.Size != int64(len(tt.data)) {
				t.Errorf("Size = %d, want %d", src.Size, len(tt.data))
			}
			if got := src.Header[0]; got != "Date" {
				t.Errorf("Header[0] = %q, want Date (no BOM left in it)", got)
			}
			if got, want := src.Sample[2][1], "José Müller"; got != want {
				t.Errorf("decoded sample cell = %q, want %q", got, want)
			}
		})
	}
}

func TestSniffDelimiters(t *testing.T) {
	for _, d := range []rune{',', ';', '\t', '|'} {
		t.Run(string(d), func(t *testing.T) {
			// Quotes keep a value holding another candidate delimiter together.
			text := "Date" + string(d) + "User name" + string(d) + "Activity" + string(d) + "Comment\n" +
				"2024-05-02 08:15:00" + string(d) + "Ana" + string(d) + "Login" + string(d) + "\"a, b; c | d\"\n" +
				"2024-05-02 08:16:00" + string(d) + "Ana" + string(d) + "Logout" + string(d) + "\n"
			src, err := ingest.SniffReader(strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			if src.Delimiter != d {
				t.Errorf("Delimiter = %q, want %q", src.Delimiter, d)
			}
			if want := []string{"Date", "User name", "Activity", "Comment"}; !reflect.DeepEqual(src.Header, want) {
				t.Errorf("Header = %q, want %q", src.Header, want)
			}
		})
	}
}

// A ';' file whose amounts have decimal commas splits steadily only on ';'.
func TestSniffSemicolonWithDecimalCommas(t *testing.T) {
	text := "Datum;Benutzer;Betrag;Notiz\n" +
		"2024-01-01;A;49,50;x\n2024-01-02;B;1.234,56;y, z\n2024-01-03;C;12;\n2024-01-04;D;0,99;w\n"
	src, err := ingest.SniffReader(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if src.Delimiter != ';' {
		t.Errorf("Delimiter = %q, want ';'", src.Delimiter)
	}
}

func TestSniffHeaderLine(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantLine int
		wantHead string
	}{
		{"header first", "Date,User name,Activity\n2024-05-02 08:15:00,Ana,Login\n", 1, "Date"},
		{
			"title lines above a known header",
			"Users activity report\nAccount: Example SRL\n\nDate,User name,Activity,Comment\n2024-05-02 08:15:00,Ana,Login,\n",
			4, "Date",
		},
		{
			// A spreadsheet pads title rows with empty cells to the table's width.
			"padded title lines above an unknown header",
			"Quarterly access review,,,\nGenerated 2024-06-01,,,\nWhen,Who,What,Where\n2024-05-02,Ana,Login,Cluj\n2024-05-03,Ben,Logout,Oslo\n",
			3, "When",
		},
		{
			"title line with a quoted newline",
			"\"Report\nfor May\"\nWhen,Who,What\n2024-05-02,Ana,Login\n2024-05-03,Ben,Logout\n",
			3, "When",
		},
		{"CRLF and no final newline", "When,Who,What\r\n2024-05-02,Ana,Login\r\n2024-05-03,Ben,Logout", 1, "When"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := ingest.SniffReader(strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if src.HeaderLine != tt.wantLine || src.Header[0] != tt.wantHead {
				t.Errorf("header at line %d starting %q, want line %d starting %q", src.HeaderLine, src.Header[0], tt.wantLine, tt.wantHead)
			}
		})
	}
}

func TestSniffLineEndings(t *testing.T) {
	for _, tt := range []struct {
		text, want string
		rows       int
	}{
		{"a,b\n1,2\n", "lf", 1},
		{"a,b\r\n1,2\r\n", "crlf", 1},
		{"a,b\r1,2\r3,4\r", "cr", 2},
	} {
		src, err := ingest.SniffReader(strings.NewReader(tt.text))
		if err != nil {
			t.Fatal(err)
		}
		if src.LineEnding != tt.want {
			t.Errorf("%q: LineEnding = %q, want %q", tt.text, src.LineEnding, tt.want)
		}
		if len(src.Sample) != tt.rows {
			t.Errorf("%q: %d sample rows, want %d", tt.text, len(src.Sample), tt.rows)
		}
	}
}

func TestSniffRefusesNonText(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty"},
		{"xlsx", []byte("PK\x03\x04\x14\x00\x06\x00rest of a zip"), "xlsx"},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "xls"},
		{"binary", []byte{1, 2, 0, 0, 0, 7, 0, 0, 0xFF, 0, 0, 0, 9}, "NUL"},
		{"blank", []byte("\n\n  \n"), "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.Sniff(writeFile(t, "in.csv", tt.data))
			var fe *ingest.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Sniff error = %v, want a *FileError", err)
			}
			if fe.File != "in.csv" || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to name the file and say %q", err, tt.want)
			}
		})
	}
}

func TestSniffMissingFile(t *testing.T) {
	if _, err := ingest.Sniff("testdata/no-such-file.csv"); err == nil {
		t.Fatal("Sniff of a missing file succeeded")
	}
}

// A large file is sniffed from its start only; a sample cut mid-line or mid-character
// must not confuse the encoding or delimiter.
func TestSniffLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("Date,User name,Activity,Comment\n")
	for b.Len() < 200<<10 {
		b.WriteString("2024-05-02 08:15:00,Ștefan,Login,ăîșț ăîșț ăîșț\n")
	}
	for _, data := range [][]byte{[]byte(b.String()), utf16Bytes(b.String(), false, true)} {
		src, err := ingest.SniffReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if src.Delimiter != ',' || src.HeaderLine != 1 || len(src.Sample) != 20 {
			t.Errorf("%s: delimiter %q, header line %d, %d sample rows", src.Encoding, src.Delimiter, src.HeaderLine, len(src.Sample))
		}
		if src.Encoding != ingest.UTF8 && src.Encoding != ingest.UTF16LE {
			t.Errorf("Encoding = %q", src.Encoding)
		}
	}
}
