package directory

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits on what the directory takes, in characters. They are generous
// for real entries (the example file's longest description is 111
// characters) and stop a pasted page or a hostile import from filling
// answers and the database.
const (
	maxNameLen     = 100  // an organisation's or a service's name
	maxDescLen     = 1000 // a description (answers show the first 140)
	maxFieldLen    = 300  // eligibility, address, opening times
	maxListLen     = 500  // the themes or areas list
	maxEmailLen    = 254
	maxPhoneLen    = 40
	maxWebsiteLen  = 500
	maxQuestionLen = 300 // a `who` question
)

// fieldLimits are the service fields with their limits, in CSV column order.
var fieldLimits = []struct {
	column string
	max    int
}{
	{"organisation", maxNameLen},
	{"service", maxNameLen},
	{"description", maxDescLen},
	{"themes", maxListLen},
	{"areas", maxListLen},
	{"eligibility", maxFieldLen},
	{"email", maxEmailLen},
	{"phone", maxPhoneLen},
	{"website", maxWebsiteLen},
	{"address", maxFieldLen},
	{"opening_times", maxFieldLen},
}

// checkLengths returns the first field of f (by CSV column) that is too
// long, as a problem ("the description is too long (1200 characters; the
// most is 1000)"), or "".
func checkLengths(f map[string]string) string {
	for _, l := range fieldLimits {
		if n := utf8.RuneCountInString(f[l.column]); n > l.max {
			return fmt.Sprintf("the %s is too long (%d characters; the most is %d)", strings.ReplaceAll(l.column, "_", " "), n, l.max)
		}
	}
	return ""
}

// checkOrgName is checkLengths and the line-break rule for an
// organisation's name on its own (adding or renaming an organisation).
func checkOrgName(name string) string {
	if n := utf8.RuneCountInString(name); n > maxNameLen {
		return fmt.Sprintf("the name is too long (%d characters; the most is %d)", n, maxNameLen)
	}
	if strings.ContainsAny(name, "\r\n") {
		return "the name has a line break in it"
	}
	return ""
}
