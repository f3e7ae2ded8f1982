package main

import (
	"os/exec"
	"testing"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in, deb, win string
	}{
		{"v1.2.3", "1.2.3", "1.2.3.0"},
		{"1.4", "1.4.0", "1.4.0.0"},
		{"v1.2.3-4-gabcdef1", "1.2.3+git4.gabcdef1", "1.2.3.4"},
		{"v1.2.3-4-gabcdef1-dirty", "1.2.3+git4.gabcdef1.dirty", "1.2.3.4"},
		{"v2.0.0-rc.1", "2.0.0~rc.1", "2.0.0.0"},
		{"v2.0.0-rc.1-7-g0123abc", "2.0.0~rc.1+git7.g0123abc", "2.0.0.7"},
		{"601e254", "0.0.0+git0.g601e254", "0.0.0.0"},
		{"601e254-dirty", "0.0.0+git0.g601e254.dirty", "0.0.0.0"},
		{"dev", "0.0.0~dev", "0.0.0.0"},
	}
	for _, tt := range tests {
		v, err := ParseVersion(tt.in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", tt.in, err)
			continue
		}
		if got := v.Debian(); got != tt.deb {
			t.Errorf("ParseVersion(%q).Debian() = %q, want %q", tt.in, got, tt.deb)
		}
		if got := v.Windows(); got != tt.win {
			t.Errorf("ParseVersion(%q).Windows() = %q, want %q", tt.in, got, tt.win)
		}
	}
}

func TestParseVersionRejects(t *testing.T) {
	for _, in := range []string{"", "v70000.1.0", "v1.2.3-70000-gabcdef1", "a/b", "not a version"} {
		if v, err := ParseVersion(in); err == nil {
			t.Errorf("ParseVersion(%q) = %+v, want an error", in, v)
		}
	}
}

// Debian versions must sort the way releases happen; dpkg is the judge.
func TestDebianOrder(t *testing.T) {
	dpkg, err := exec.LookPath("dpkg")
	if err != nil {
		t.Skip("dpkg not installed")
	}
	order := []string{"dev", "601e254", "v1.0.0-rc.1", "v1.0.0-rc.1-3-gabcdef1", "v1.0.0", "v1.0.0-2-gabcdef1", "v1.0.0-12-gabcdef1", "v1.1.0"}
	for i := 1; i < len(order); i++ {
		a, _ := ParseVersion(order[i-1])
		b, _ := ParseVersion(order[i])
		if err := exec.Command(dpkg, "--compare-versions", a.Debian(), "lt", b.Debian()).Run(); err != nil {
			t.Errorf("dpkg does not sort %s (%s) before %s (%s): %v", order[i-1], a.Debian(), order[i], b.Debian(), err)
		}
	}
}
