package activity

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Amount is an exact decimal money amount, held as an integer count of micro-units
// (1e-6), so sums never drift the way floats do.
type Amount struct{ Micros int64 }

const microsPerUnit = 1_000_000

// ParseAmount reads a plain decimal with a '.' separator and an optional sign, such as
// "1499.00", "-49.5" or "50". Grouping and decimal commas are the reader's business.
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Amount{}, fmt.Errorf("empty amount")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if (intPart == "" && frac == "") || (hasDot && frac == "") || !digits(intPart) || !digits(frac) {
		return Amount{}, fmt.Errorf("%q is not a decimal number", s)
	}
	if len(frac) > 6 {
		if strings.Trim(frac[6:], "0") != "" {
			return Amount{}, fmt.Errorf("%q has more than 6 decimal places", s)
		}
		frac = frac[:6]
	}
	if len(intPart) > 12 {
		return Amount{}, fmt.Errorf("%q is too large", s)
	}
	var units, micros int64
	if intPart != "" {
		units, _ = strconv.ParseInt(intPart, 10, 64)
	}
	if frac != "" {
		micros, _ = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
	}
	v := units*microsPerUnit + micros
	if neg {
		v = -v
	}
	return Amount{Micros: v}, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String gives the shortest exact decimal: "49.5", "1499", "-0.01". A nil amount is "".
func (a *Amount) String() string {
	if a == nil {
		return ""
	}
	v := a.Micros
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	s := sign + strconv.FormatInt(v/microsPerUnit, 10)
	if f := v % microsPerUnit; f != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%06d", f), "0")
	}
	return s
}

// MarshalJSON writes the amount as a JSON number with its exact digits.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number or string.
func (a *Amount) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		var s string
		if err2 := json.Unmarshal(b, &s); err2 != nil {
			return err
		}
		n = json.Number(s)
	}
	v, err := ParseAmount(string(n))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
