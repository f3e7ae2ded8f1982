package ingest

import (
	"fmt"
	"time"
)

// A file's date order and decimal separator are decided from its first rows (see
// decide); setupTimes and setupDecimal prepare the defaults and overrides.

func (r *Reader) setupTimes(p *Profile, opt Options, loc *time.Location) error {
	dmy, err := NewTimeParser(p.Read.Layouts, DayFirst, loc)
	if err != nil {
		return fmt.Errorf("open %s: %w", r.file, err)
	}
	if !dmy.Ambiguous() {
		r.times, r.order = dmy, YearFirst
		return nil
	}
	mdy, err := NewTimeParser(p.Read.Layouts, MonthFirst, loc)
	if err != nil {
		return fmt.Errorf("open %s: %w", r.file, err)
	}
	r.dmy, r.mdy = dmy, mdy
	switch opt.DateOrder {
	case "":
		// Provisional until decide has seen the data.
		r.useOrder(defaultOrder(p.Read.DateOrder), "the profile default")
		r.needOrder = r.fieldSpec(efTime, pfEndDate) != nil
	case DayFirst, MonthFirst:
		r.useOrder(opt.DateOrder, "as chosen for this import")
	default:
		return fmt.Errorf("open %s: date order %q is not dmy or mdy", r.file, opt.DateOrder)
	}
	return nil
}

func defaultOrder(o string) string {
	if o == MonthFirst {
		return MonthFirst
	}
	return DayFirst
}

func (r *Reader) useOrder(order, why string) {
	r.order, r.dateWhy = order, why
	r.times, r.other = r.dmy, r.mdy
	if order == MonthFirst {
		r.times, r.other = r.mdy, r.dmy
	}
}

// setupDecimal sets how ambiguous amounts are read and reports whether the data must
// decide it.
func (r *Reader) setupDecimal(p *Profile, opt Options, delim rune) (decide bool, err error) {
	mode := p.Read.Decimal
	if opt.Decimal != "" {
		mode = opt.Decimal
	}
	switch mode {
	case DecimalComma:
		r.comma = true
	case DecimalDot:
		r.comma = false
	case "", DecimalAuto:
		r.comma = delim == ';' // until the data says otherwise
		return r.amountCol != "", nil
	default:
		return false, fmt.Errorf("open %s: decimal %q is not dot or comma", r.file, mode)
	}
	return false, nil
}

// decide reads up to decisionRows rows ahead and settles the date order and decimal
// separator from them. The rows are kept and returned by Next in order.
func (r *Reader) decide(p *Profile, decimal bool, delim rune) {
	var times, amounts []sampleCell
	timeVS, amountVS := r.fieldSpec(efTime, pfEndDate), (*valueSource)(nil)
	if !r.c.people {
		amountVS = r.c.fields[efAmount]
	}
	// Count every row, not only those with a time, so a file of odd rows still stops
	// the read-ahead at decisionRows and memory stays bounded.
	for len(r.queue) < decisionRows {
		raw := r.readRaw()
		if raw.err == nil && raw.perr == nil {
			raw.fields = append([]string(nil), raw.fields...) // csv reuses its slice
		}
		r.queue = append(r.queue, raw)
		if raw.err != nil {
			break
		}
		if raw.perr != nil {
			continue
		}
		v := rowView{fields: raw.fields, bind: r.bind}
		if t := v.value(timeVS); t != "" {
			times = append(times, sampleCell{raw.line, t})
		}
		if amountVS != nil {
			if a := v.value(amountVS); a != "" {
				amounts = append(amounts, sampleCell{raw.line, a})
			}
		}
	}
	if r.needOrder {
		d := decideDateOrder(times, r.dmy, r.mdy, defaultOrder(p.Read.DateOrder))
		r.useOrder(d.order, d.why)
		if d.note != "" {
			r.warnings = append(r.warnings, d.note)
		}
	}
	if decimal {
		comma, note := decideDecimal(amounts, delim)
		r.comma = comma
		if note != "" {
			r.warnings = append(r.warnings, note)
		}
	}
}
