// Package ingest reads vendor "user activity" exports into activity events.
//
// It works in three steps. Sniff learns how a file is written (encoding, delimiter, the
// header row below any title lines). A Profile, a YAML document embedded in the binary or
// saved by the user, says how one vendor's export maps onto activity.Event (or, for user
// lists, activity.Person). Open and Reader.Next then stream the file one record at a time
// with bounded memory: every row comes back as an event, a person, a reject with its line
// and reason, or a skip (a total line below the data); nothing is dropped silently.
package ingest

// Zone names must resolve on every OS, including Windows machines without a zoneinfo
// database, so the tz database is linked into the binary.
import _ "time/tzdata"
