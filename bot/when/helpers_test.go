package when

import (
	"errors"
	"testing"
	"time"
)

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// lon is a London wall-clock time (not in a gap or overlap) as a UTC instant.
func lon(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, london).UTC()
}

// Fixed clocks.
var (
	nowWinter  = utc("2026-11-26T23:28:00Z") // Thu 26 Nov 2026 23:28 GMT
	nowMorning = utc("2026-11-26T08:00:00Z") // Thu 26 Nov 2026 08:00 GMT
	nowSummer  = utc("2026-07-15T10:00:00Z") // Wed 15 Jul 2026 11:00 BST
	nowMar26   = utc("2026-03-28T12:00:00Z") // Sat before BST starts 29 Mar 2026
	nowOct26   = utc("2026-10-24T12:00:00Z") // Sat 13:00 BST, before GMT returns 25 Oct 2026
	nowSpring  = utc("2027-03-27T12:00:00Z") // Sat before BST starts 28 Mar 2027
	nowAutumn  = utc("2027-10-30T12:00:00Z") // Sat 13:00 BST, before GMT returns 31 Oct 2027
)

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e
}
