package activity_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"trailbook/backend/activity"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"1499.00", "1499", false},
		{"49.50", "49.5", false},
		{"-0.01", "-0.01", false},
		{"+7", "7", false},
		{".5", "0.5", false},
		{"12.3456789", "", true},
		{"1.2300000", "1.23", false},
		{"1,5", "", true},
		{"", "", true},
		{"5.", "", true},
		{"abc", "", true},
		{"1234567890123", "", true},
	}
	for _, tt := range tests {
		got, err := activity.ParseAmount(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseAmount(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && got.String() != tt.want {
			t.Errorf("ParseAmount(%q) = %s, want %s", tt.in, got.String(), tt.want)
		}
	}
}

func TestAmountJSONAndSum(t *testing.T) {
	var sum activity.Amount
	for _, s := range []string{"0.1", "0.2", "1499.00", "49.50"} {
		a, err := activity.ParseAmount(s)
		if err != nil {
			t.Fatal(err)
		}
		sum.Micros += a.Micros
	}
	b, err := json.Marshal(struct {
		A *activity.Amount `json:"a"`
	}{&sum})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"a":1548.8}`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	var back struct {
		A activity.Amount `json:"a"`
	}
	if err := json.Unmarshal(b, &back); err != nil || back.A != sum {
		t.Fatalf("round trip: %v %v", back.A, err)
	}
}

func TestContentHash(t *testing.T) {
	base := activity.Event{OccurredAt: time.Date(2024, 3, 1, 6, 0, 1, 0, time.UTC), System: "x", Action: "Login", ActorName: "a"}
	same := base
	same.Line, same.BatchID, same.ID = 99, 7, 3
	if base.ContentHash(0) != same.ContentHash(0) {
		t.Error("provenance changed the content hash")
	}
	if base.ContentHash(0) == base.ContentHash(1) {
		t.Error("occurrence did not change the content hash")
	}
	other := base
	other.ActorName = "b"
	if base.ContentHash(0) == other.ContentHash(0) {
		t.Error("actor did not change the content hash")
	}
	// Field boundaries matter: "ab"+"" differs from "a"+"b".
	x, y := base, base
	x.ActorID, x.ActorName = "ab", ""
	y.ActorID, y.ActorName = "a", "b"
	if x.ContentHash(0) == y.ContentHash(0) {
		t.Error("field boundaries are not part of the hash")
	}
	e1, e2 := base, base
	e1.Extra = map[string]string{"k": "1", "j": "2"}
	e2.Extra = map[string]string{"j": "2", "k": "1"}
	if e1.ContentHash(0) != e2.ContentHash(0) {
		t.Error("extra map order changed the hash")
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range activity.Kinds() {
		if got, err := activity.ParseKind(string(k)); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := activity.ParseKind("deleted"); err == nil {
		t.Error("ParseKind accepted an unknown kind")
	}
}

// The content hash is stored with every event and compared on every later
// import (dedup): it must never change for the same content.
func TestContentHashStable(t *testing.T) {
	cycles := int64(3)
	e := activity.Event{
		OccurredAt: time.Date(2024, 3, 1, 6, 0, 1, 500e6, time.UTC), SourceTime: "01/03/2024 07:00:01",
		ActorID: "u1", ActorName: "Ana", ActorEmail: "ana@example.com", ActorCompany: "ACME", IP: "10.0.0.1",
		System: "2checkout", Module: "Orders", Action: "Refund", Kind: activity.KindRefund,
		TargetType: "order", TargetID: "123", TargetRef: "123", TargetName: "Order 123", RelatedRef: "S-9",
		Amount: &activity.Amount{Micros: -12_340_000}, Currency: "EUR", BillingCycles: &cycles,
		Description: "refund, partial", Changes: []activity.Change{{Field: "status", Old: "paid", New: "refunded"}},
		Extra: map[string]string{"b": "2", "a": "1"},
	}
	want := map[int]string{
		0: "610c31bf17f42e57ae689a3066c8bdfa47401e250075c6dde9eb40d585058151",
		2: "d2445c901aee454905f203e611f0dcd9bec7f8d31d4d1856b6a5cb9167597044",
	}
	for occ, w := range want {
		if got := fmt.Sprintf("%x", e.ContentHash(occ)); got != w {
			t.Errorf("ContentHash(%d) = %s, want %s", occ, got, w)
		}
	}
	bare := activity.Event{OccurredAt: time.UnixMilli(0).UTC(), Kind: activity.KindOther}
	if got, w := fmt.Sprintf("%x", bare.ContentHash(0)), "877565abe2316fe3499abf42f5bc964ea9be768c3e5bcd61dd63a9779ef7dc14"; got != w {
		t.Errorf("bare ContentHash = %s, want %s", got, w)
	}
}
