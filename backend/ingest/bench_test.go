package ingest_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"trailbook/backend/ingest"
)

// benchRows is the size of the generated file; BENCH_ROWS=1000000 gives the full-size run.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 200_000
}

// genFile writes a 2Checkout-shaped export with a realistic mix of rows.
func genFile(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("Date,User name,Activity,Subscription reference,Order reference,Price/Amount,Currency,Billing cycles,Comment\r\n")
	users := []string{"John Doe", "Maria Ionescu", "Andrei Popescu", "Elena Marin", "CSR Team 3"}
	acts := []string{"Login", "Accessed page", "Request order refund", "Change subscription price", "Logout", "Email Editor - template saved"}
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < rows; i++ {
		t = t.Add(17 * time.Second)
		act := acts[i%len(acts)]
		switch act {
		case "Request order refund":
			fmt.Fprintf(&b, "%s,%s,%s,ABCD%03d,%07d,%d.%02d,USD,%d,\"Customer request, full\"\r\n", t.Format("2006-01-02 15:04:05"), users[i%5], act, i%1000, i, i%500, i%100, i%12+1)
		case "Change subscription price":
			fmt.Fprintf(&b, "%s,%s,%s,EDCK%03d,,%d.99,EUR,,Price changed\r\n", t.Format("2006-01-02 15:04:05"), users[i%5], act, i%1000, i%90)
		default:
			fmt.Fprintf(&b, "%s,%s,%s,,,,,,/cpanel/page%d.php\r\n", t.Format("2006-01-02 15:04:05"), users[i%5], act, i%7)
		}
	}
	return b.Bytes()
}

func BenchmarkReader(b *testing.B) {
	rows := benchRows()
	data := genFile(rows)
	reg, err := ingest.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	p, _ := reg.Get("2checkout")
	src, err := ingest.SniffReader(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	zone, _ := time.LoadLocation("Europe/Bucharest")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := ingest.OpenReader(bytes.NewReader(data), src, p, ingest.Options{Zone: zone})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if rec.Event == nil {
				b.Fatalf("line %d: not an event: %+v", rec.Line, rec)
			}
			n++
		}
		if n != rows {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	b.ReportMetric(0, "ns/op")
}
