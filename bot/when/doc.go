// Package when reads the time language of partnerbot: the "<when>" part of
// reminders, poll deadlines, meetings and events, in the style of Slack's
// /remind and in British usage (day before month, 24-hour or am/pm clock).
//
// It is exact or it fails: a phrase that cannot be read, is ambiguous, names a
// date that does not exist or a time that has passed returns an *Error that
// says what was understood and shows an example. It never guesses.
//
// All computation happens in the caller's time zone (Europe/London for the
// partnership); instants are returned in UTC. Recurring times keep their wall
// clock across BST/GMT changes: "every Monday at 09:00" is 08:00 UTC in summer
// and 09:00 UTC in winter.
//
// # Grammar
//
// Words are case-insensitive; commas, extra spaces, a trailing full stop and
// the filler words "the", "of the month" and "o'clock" are tolerated. The
// parts of a one-off phrase may come in any order ("at 9am tomorrow",
// "tomorrow at 9am", "Tue 1 Dec 2026, 10:00").
//
//	phrase    = instant | relative | oneoff | recurring
//	instant   = RFC 3339 timestamp                 2027-04-30T10:00:00+01:00
//	relative  = "in" duration [time]               in 20 minutes · in an hour · in 3 days at 10am
//	duration  = amount unit {["and"] amount unit}  20 minutes · 1h30m · 90 min · half an hour · an hour and a half
//	amount    = 1 | 2.5 | a | an | one … twelve
//	unit      = s|sec|second(s) · m|min(s)|minute(s) · h|hr(s)|hour(s) · d|day(s) · w|wk(s)|week(s) · fortnight(s)
//	oneoff    = [day] [time]                       (at least one of them)
//	day       = "today" | "tomorrow" | "the day after tomorrow" | "tonight"
//	          | "this" ("morning"|"afternoon"|"evening")
//	          | ["on"] ["next"|"this"] weekday [part]  on Tuesday · next Friday · Friday evening
//	          | ["on"] [weekday] date                  on 3 March · 3rd of March · March 3rd · Tue 1 Dec 2026
//	          | ["on"] "the" ordinal                   on the 15th (the next 15th)
//	date      = D month [YYYY] | month D [YYYY] | D/M | D/M/YY | D/M/YYYY | YYYY-MM-DD
//	part      = "morning" | "afternoon" | "evening" | "night"
//	time      = ["at"] clock ["o'clock"] ["in the morning"|"in the afternoon"|"in the evening"|"at night"]
//	clock     = 9am | 9 am | 9.30am | 9:30pm | 12am | 12pm | 17:00 | 17.00 | 09:30 | noon | midday | midnight
//	          | H (a bare hour: 13–23, or 1–12 only with a part of day: "tonight at 8", "at 7 in the morning")
//	recurring = ("every"|"each") every-body [time]
//	          | "daily" | ("weekly"|"fortnightly") ["on"] weekdays
//	          | "monthly" ["on"] month-spec | ("yearly"|"annually") ["on"] D month
//	every-body = "day" | "weekday" | "weekend" | weekdays
//	          | "other" ("day"|"week" ["on"] weekdays|"month" ["on"] month-spec|"year" ["on"] D month|weekdays)
//	          | N ("days" | "weeks" ["on"] weekdays | "months" ["on"] month-spec | "years" ["on"] D month)
//	          | "fortnight" ["on"] weekdays | "week" ["on"] weekdays
//	          | "month" ["on"] month-spec | "year" ["on"] D month | D month | month D
//	          | month-spec
//	weekdays  = weekday {["and"] weekday}           Monday · Monday and Thursday · Mon, Wed, Fri
//	month-spec = ["the"] (nth weekday | day-of-month | "last day") [of-the-month]
//	day-of-month = 15th | 15 | first … tenth  ("every first" alone needs "of the month")
//	nth       = first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th
//	of-the-month = "of the month" | "of every month" | "of each month" | "every month" | "each month"
//
// # Meanings
//
//   - A day without a time means 09:00 ("tomorrow", "on 3 March", "every
//     Monday"); "morning" without a time also means 09:00. "afternoon",
//     "evening" and "tonight" need a time ("tonight at 8").
//   - A time without a day is today, or tomorrow if it has passed today ("at
//     3pm"). "today at 5pm" and "tonight at 8" do not roll: once passed they are
//     errors.
//   - A weekday is the next such day after today: "Tuesday" said on a Tuesday is
//     a week away. "next Friday" means the same as "Friday": said on a Wednesday
//     it is the coming Friday, two days later, as in British everyday use.
//     "this Friday" said on a Friday is today.
//   - A date without a year is this year, or next year if that day has already
//     gone ("3 March" said in November is next March). A date with a year in
//     the past, or any time that has passed, is an error with Problem
//     [ProblemPast].
//   - Numeric dates are day first: 30/4/2027, 30/4, 30/04/27. "4/30" is an
//     error (there is no month 30). ISO dates are YYYY-MM-DD.
//   - Dates that do not exist (31 April, 29 February 2027) are errors.
//   - Clock times: "9am", "9.30pm", "17:00" and "09:30" are exact. A bare hour
//     ("at 8") is ambiguous and needs a part of day ("tonight at 8", "at 8 in
//     the morning"). H:MM without am/pm is read on the 24-hour clock, except
//     1:00–6:59 written without a leading zero, which is rejected as ambiguous
//     ("3:30" – write 3:30pm, 15:30 or 03:30). "12am" is midnight, "12pm" noon.
//   - "midnight" alone or "tonight at midnight" is the coming 00:00. With any
//     other day ("Friday at midnight") it is ambiguous and rejected: say 23:59
//     or 00:00.
//   - "in N days" (and weeks) keeps the wall-clock time; "in N hours" (and
//     minutes, seconds) is an exact span.
//   - "every first Tuesday" and "every second Wednesday" mean the nth weekday
//     of each month (not "every other Wednesday"; say "every other Wednesday"
//     or "fortnightly on Wednesday" for that). "every fifth Tuesday" is
//     accepted and skips months that have no fifth Tuesday; likewise "every
//     month on the 31st" skips shorter months and "every year on 29 February"
//     fires in leap years only.
//   - "every other Monday" and "every 2 weeks on Monday" start on the first
//     Monday after now and then fire every second week from there.
//   - A recurring time's first firing is its first occurrence strictly after
//     now, which may be later today.
//
// # Clock changes
//
// A wall-clock time in the spring-forward gap (01:30 on 28 March 2027 in
// London) moves forward by the length of the gap, to the next valid instant
// (02:30 BST). A wall-clock time in the autumn overlap (01:30 on 31 October
// 2027) is the first of the two instants (01:30 BST).
//
// # Rejected on purpose
//
// "every morning", "every evening", "next week", "this weekend", "in 2
// months" and "in a year" (months vary; give a date), bare hours ("at 8"),
// "at 3:30" without am/pm, "Friday at midnight", "tonight" or "this evening"
// without a time, "every first" without "of the month" or a weekday, "every
// other weekday", number words above twelve ("in twenty minutes"), "by
// Friday", "yesterday", "every", "" and anything else not in the grammar.
//
// [Extract] looks for the phrase at the end or the start of a text only; a
// time in the middle ("send it on Monday to Sam") is not found.
package when
