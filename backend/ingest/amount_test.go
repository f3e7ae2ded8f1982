package ingest_test

import (
	"strings"
	"testing"

	"trailbook/backend/ingest"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in    string
		comma bool // the file's decision for ambiguous values
		want  string
	}{
		{"49.50", false, "49.5"},
		{"49,50", false, "49.5"}, // a decimal comma speaks for itself
		{"49,50", true, "49.5"},
		{"1,234.56", false, "1234.56"},
		{"1.234,56", false, "1234.56"},
		{"1 234,56", true, "1234.56"},
		{"1\u00a0234,56", true, "1234.56"},
		{"1\u202f234.56", false, "1234.56"},
		{"1'234.56", false, "1234.56"},
		{"1,234", false, "1234"}, // ambiguous: the file decides
		{"1,234", true, "1.234"},
		{"1.234", false, "1.234"},
		{"1.234", true, "1234"},
		{"1,234,567", true, "1234567"},
		{"1.234.567", false, "1234567"},
		{"1,234,567.5", false, "1234567.5"},
		{"-12", false, "-12"},
		{"(49.50)", false, "-49.5"},
		{"49.50-", false, "-49.5"},
		{"$ 1,499.00", false, "1499"},
		{"1.499,00 €", false, "1499"},
		{"EUR 12,5", false, "12.5"},
		{"+7", false, "7"},
		{"0,99", true, "0.99"},
		{"1499", false, "1499"},
		{".5", false, "0.5"},
	}
	for _, tt := range tests {
		got, err := ingest.ParseAmount(tt.in, tt.comma)
		if err != nil {
			t.Errorf("ParseAmount(%q, %v): %v", tt.in, tt.comma, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("ParseAmount(%q, %v) = %s, want %s", tt.in, tt.comma, got.String(), tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "12.34.5", "12,34,5", "1,23,456", "12345.678,9", "1.2.3,4.5", "--5", "5 apples", "1e5", "12.3456789"} {
		if got, err := ingest.ParseAmount(bad, false); err == nil {
			t.Errorf("ParseAmount(%q) = %s, want an error", bad, got.String())
		}
	}
}

// Amounts that only the file can settle ("1,234") follow its evidence, then its delimiter.
func TestDecimalDecision(t *testing.T) {
	head := "Date,User name,Activity,Price/Amount,Currency\n"
	tests := []struct {
		name      string
		delim     string
		amounts   []string
		opt       string
		wantFirst string
		wantComma bool
		wantNote  bool
	}{
		{"dot evidence", ",", []string{`"1,234"`, "5.50"}, "", "1234", false, false},
		{"comma evidence", ";", []string{"1.234", "5,50"}, "", "1234", true, false},
		{"no evidence, comma file", ",", []string{`"1,234"`, "12"}, "", "1234", false, true},
		{"no evidence, semicolon file means decimal comma", ";", []string{"1,234", "12"}, "", "1.234", true, true},
		{"forced", ",", []string{`"1,234"`, "5.50"}, ingest.DecimalComma, "1.234", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.ReplaceAll(head, ",", tt.delim)
			for i, a := range tt.amounts {
				text += strings.Join([]string{"2024-05-02 08:15:0" + string(rune('0'+i)), "Ana", "Request order refund", a, "EUR"}, tt.delim) + "\n"
			}
			path := writeFile(t, "in.csv", []byte(text))
			src, err := ingest.Sniff(path)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ingest.Open(src, profile(t, "2checkout"), ingest.Options{Zone: zone(t, "UTC"), Decimal: tt.opt})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			rec, err := r.Next()
			if err != nil || rec.Event == nil {
				t.Fatalf("Next = %+v, %v", rec, err)
			}
			if got := rec.Event.Amount.String(); got != tt.wantFirst {
				t.Errorf("first amount = %s, want %s", got, tt.wantFirst)
			}
			if r.DecimalComma() != tt.wantComma {
				t.Errorf("DecimalComma = %v, want %v", r.DecimalComma(), tt.wantComma)
			}
			noted := len(r.Warnings()) > 0 && strings.Contains(strings.Join(r.Warnings(), "\n"), "could be read either way")
			if noted != tt.wantNote {
				t.Errorf("warnings %q: ambiguity noted = %v, want %v", r.Warnings(), noted, tt.wantNote)
			}
		})
	}
}
