/*
 * java.text.SimpleDateFormat in UTC, English; see sdf.h. Formatting follows
 * SimpleDateFormat.subFormat, parsing follows SimpleDateFormat.subParse and
 * the lenient GregorianCalendar field resolution (the most recently parsed
 * field combination wins; out-of-range values roll over).
 */
#include "sdf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MS_PER_DAY 86400000LL

typedef struct tok {
    char letter;      /* 0: literal text */
    int count;
    const char *text; /* literal */
    size_t len;
} tok_t;

struct sdf {
    const char *pattern;
    tok_t *toks;
    size_t n;
    size_t max_len;
    int century_start_year; /* two-digit years land in [start, start + 100) */
};

static const char *const MONTHS[] = {"January", "February", "March",     "April",
                                     "May",     "June",     "July",      "August",
                                     "September", "October", "November", "December"};
static const char *const MONTHS_SHORT[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
/* Sunday first, as Calendar.DAY_OF_WEEK counts. */
static const char *const DAYS[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                   "Thursday", "Friday", "Saturday"};
static const char *const DAYS_SHORT[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const AMPM[] = {"AM", "PM"};
static const char *const ERAS[] = {"BC", "AD"};

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) -- */

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

/* month 1..12; day may be anything (lenient). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 + (d - 1);
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Lenient month (0-based, any value) and day. */
static int64_t days_lenient(int64_t year, int64_t month0, int64_t day) {
    year += floor_div(month0, 12);
    return days_from_civil(year, floor_mod(month0, 12) + 1, day);
}

static int dow_of(int64_t days) { return (int)floor_mod(days + 4, 7); } /* 0 = Sunday */

/* US week rules: the week (Sunday..Saturday) holding January 1st is week 1. */
static int64_t week1_start(int64_t year) {
    int64_t jan1 = days_from_civil(year, 1, 1);
    return jan1 - dow_of(jan1);
}

/* ---- compiling ------------------------------------------------------- */

static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

sdf_t *sdf_compile(cd_arena_t *arena, const char *pattern, char *msg, size_t msglen) {
    size_t plen = strlen(pattern);
    sdf_t *f = cd_arena_alloc(arena, sizeof *f);
    f->pattern = cd_arena_strdup(arena, pattern);
    f->toks = cd_arena_alloc(arena, (plen + 1) * sizeof *f->toks);
    /* Literal text is unquoted into one buffer, no longer than the pattern. */
    char *lit = cd_arena_alloc(arena, plen + 1);
    size_t lit_used = 0;
    bool in_quote = false;
    for (size_t i = 0; i < plen;) {
        char c = pattern[i];
        if (c == '\'') {
            if (i + 1 < plen && pattern[i + 1] == '\'') {
                i += 2; /* '' is a quote, inside or outside quoted text */
            } else {
                in_quote = !in_quote;
                i++;
                continue;
            }
        } else if (!in_quote && is_letter(c)) {
            if (!strchr("GyYMLwWDdFEuaHkKhmsSzZX", c)) {
                snprintf(msg, msglen, "Illegal pattern character '%c'", c);
                return NULL;
            }
            size_t j = i;
            while (j < plen && pattern[j] == c) j++;
            int count = (int)(j - i);
            if (c == 'X' && count > 3) {
                snprintf(msg, msglen, "invalid ISO 8601 format: length=%d", count);
                return NULL;
            }
            f->toks[f->n++] = (tok_t){.letter = c, .count = count};
            f->max_len += (size_t)count + 32;
            i = j;
            continue;
        } else {
            i++;
        }
        /* One literal byte (c, or the quote of ''): extend the previous
         * literal token when it ends right here in the buffer. */
        tok_t *prev = f->n ? &f->toks[f->n - 1] : NULL;
        if (!prev || prev->letter || prev->text + prev->len != lit + lit_used)
            f->toks[f->n++] = (tok_t){.letter = 0, .text = lit + lit_used, .len = 0};
        lit[lit_used++] = c;
        f->toks[f->n - 1].len++;
        f->max_len++;
    }
    if (in_quote) {
        snprintf(msg, msglen, "Unterminated quote");
        return NULL;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    f->century_start_year = tm.tm_year + 1900 - 80;
    return f;
}

const char *sdf_pattern(const sdf_t *f) { return f->pattern; }

/* ---- formatting ------------------------------------------------------ */

static char *put_num(char *w, int64_t v, int min_digits) {
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    for (int i = n; i < min_digits; i++) *w++ = '0';
    memcpy(w, tmp, (size_t)n);
    return w + n;
}

static char *put_str(char *w, const char *s) {
    size_t n = strlen(s);
    memcpy(w, s, n);
    return w + n;
}

const char *sdf_format(const sdf_t *f, int64_t ms, cd_arena_t *arena) {
    char *buf = cd_arena_alloc(arena, f->max_len + 1), *w = buf;
    int64_t days = floor_div(ms, MS_PER_DAY);
    int64_t msod = ms - days * MS_PER_DAY;
    int64_t year;
    int month, day;
    civil_from_days(days, &year, &month, &day);
    int dow = dow_of(days);
    int hour = (int)(msod / 3600000);
    int64_t year_of_era = year > 0 ? year : 1 - year;
    for (size_t i = 0; i < f->n; i++) {
        const tok_t *t = &f->toks[i];
        int c = t->count;
        switch (t->letter) {
        case 0:
            memcpy(w, t->text, t->len);
            w += t->len;
            break;
        case 'G': w = put_str(w, ERAS[year > 0]); break;
        case 'y':
            w = c == 2 ? put_num(w, year_of_era % 100, 2) : put_num(w, year_of_era, c);
            break;
        case 'Y': {
            /* The week year: late December days in week 1 belong to the next. */
            int64_t wy = days >= week1_start(year + 1) ? year + 1 : year;
            int64_t wy_era = wy > 0 ? wy : 1 - wy;
            w = c == 2 ? put_num(w, wy_era % 100, 2) : put_num(w, wy_era, c);
            break;
        }
        case 'M':
        case 'L':
            if (c >= 4) w = put_str(w, MONTHS[month - 1]);
            else if (c == 3) w = put_str(w, MONTHS_SHORT[month - 1]);
            else w = put_num(w, month, c);
            break;
        case 'w': {
            int64_t start = days >= week1_start(year + 1) ? week1_start(year + 1) : week1_start(year);
            w = put_num(w, (days - start) / 7 + 1, c);
            break;
        }
        case 'W': {
            int64_t first = days_from_civil(year, month, 1);
            w = put_num(w, (day - 1 + dow_of(first)) / 7 + 1, c);
            break;
        }
        case 'D': w = put_num(w, days - days_from_civil(year, 1, 1) + 1, c); break;
        case 'd': w = put_num(w, day, c); break;
        case 'F': w = put_num(w, (day - 1) / 7 + 1, c); break;
        case 'E': w = put_str(w, c >= 4 ? DAYS[dow] : DAYS_SHORT[dow]); break;
        case 'u': w = put_num(w, dow == 0 ? 7 : dow, c); break;
        case 'a': w = put_str(w, AMPM[hour >= 12]); break;
        case 'H': w = put_num(w, hour, c); break;
        case 'k': w = put_num(w, hour == 0 ? 24 : hour, c); break;
        case 'K': w = put_num(w, hour % 12, c); break;
        case 'h': w = put_num(w, hour % 12 == 0 ? 12 : hour % 12, c); break;
        case 'm': w = put_num(w, msod / 60000 % 60, c); break;
        case 's': w = put_num(w, msod / 1000 % 60, c); break;
        case 'S': w = put_num(w, msod % 1000, c); break;
        case 'z': w = put_str(w, c >= 4 ? "Coordinated Universal Time" : "UTC"); break;
        case 'Z': w = put_str(w, "+0000"); break;
        case 'X': w = put_str(w, "Z"); break;
        }
    }
    *w = '\0';
    return buf;
}

/* ---- parsing --------------------------------------------------------- */

/* Calendar fields as the parser sets them; stamp 0 = unset, otherwise the
 * order in which fields were set (the resolution prefers recent ones). */
enum { F_ERA, F_YEAR, F_WEEK_YEAR, F_MONTH, F_WOY, F_WOM, F_DOY, F_DOM, F_DOWIM, F_DOW,
       F_AMPM, F_HOUR, F_HOUR_OF_DAY, F_MINUTE, F_SECOND, F_MILLI, F_ZONE, F_COUNT };

typedef struct fields {
    int64_t v[F_COUNT];
    int stamp[F_COUNT];
    int next_stamp;
} fields_t;

static void set_field(fields_t *fs, int f, int64_t v) {
    fs->v[f] = v;
    fs->stamp[f] = ++fs->next_stamp;
}

static int agg(int a, int b) { return a && b ? (a > b ? a : b) : 0; }
static int max2(int a, int b) { return a > b ? a : b; }

/* DecimalFormat.parse with parseIntegerOnly: [-]digits, up to limit. */
static bool parse_number(const char *s, size_t *pos, size_t limit, int64_t *out) {
    size_t i = *pos;
    bool neg = false;
    if (i < limit && s[i] == '-') {
        neg = true;
        i++;
    }
    size_t digits_start = i;
    int64_t v = 0;
    while (i < limit && s[i] >= '0' && s[i] <= '9') {
        if (v < 100000000000000LL) v = v * 10 + (s[i] - '0');
        i++;
    }
    if (i == digits_start) return false;
    /* Number.intValue(): Java keeps the low 32 bits. */
    int64_t r = neg ? -v : v;
    *out = (int32_t)(uint32_t)(uint64_t)r;
    *pos = i;
    return true;
}

/* matchString: the longest case-insensitive match among names; -1 if none. */
static int match_names(const char *s, size_t pos, const char *const *names, int n, size_t *len) {
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(names[i]);
        if (l > best_len && strncasecmp(s + pos, names[i], l) == 0) {
            best = i;
            best_len = l;
        }
    }
    *len = best_len;
    return best;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* subParseNumericZone: hh[[:]mm] after the sign. */
static bool parse_numeric_zone(const char *s, size_t *pos, int sign, int count, bool colon,
                               fields_t *fs) {
    size_t i = *pos;
    if (!is_digit(s[i])) return false;
    int hours = s[i++] - '0';
    if (is_digit(s[i])) {
        hours = hours * 10 + (s[i++] - '0');
    } else if (count > 0 || !colon) {
        return false;
    }
    if (hours > 23) return false;
    int minutes = 0;
    if (count != 1) {
        if (colon) {
            if (s[i] != ':') return false;
            i++;
        }
        if (!is_digit(s[i]) || !is_digit(s[i + 1])) return false;
        minutes = (s[i] - '0') * 10 + (s[i + 1] - '0');
        i += 2;
        if (minutes > 59) return false;
    }
    set_field(fs, F_ZONE, (int64_t)sign * (hours * 60 + minutes) * 60000);
    *pos = i;
    return true;
}

/* 'z' and 'Z': +hhmm, GMT[+-hh:mm], or a zone name we know (UTC only). */
static bool parse_zone(const char *s, size_t start, size_t *pos, fields_t *fs) {
    size_t i = *pos;
    char c = s[i];
    if (c == '+' || c == '-') {
        *pos = i + 1;
        return parse_numeric_zone(s, pos, c == '+' ? 1 : -1, 0, false, fs);
    }
    if (strncasecmp(s + start, "GMT", 3) == 0) {
        i = start + 3;
        if (s[i] != '+' && s[i] != '-') {
            set_field(fs, F_ZONE, 0);
            *pos = i;
            return true;
        }
        *pos = i + 1;
        return parse_numeric_zone(s, pos, s[i] == '+' ? 1 : -1, 0, true, fs);
    }
    static const char *const names[] = {"Coordinated Universal Time", "UTC"};
    size_t len;
    if (match_names(s, i, names, 2, &len) < 0) return false;
    set_field(fs, F_ZONE, 0);
    *pos = i + len;
    return true;
}

/* One pattern field at s[start]; obey: the next token is a numeric field,
 * so a number takes at most `count` characters. */
static bool sub_parse(const sdf_t *f, const tok_t *t, bool obey, const char *s, size_t *pos,
                      fields_t *fs) {
    size_t start = *pos, n = strlen(s), i = start, len;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i >= n) return false;
    size_t actual = i, limit = obey ? start + (size_t)t->count : n;
    int64_t v;
    int idx;
    switch (t->letter) {
    case 'G':
        if ((idx = match_names(s, start, ERAS, 2, &len)) < 0) return false;
        set_field(fs, F_ERA, idx);
        *pos = start + len;
        return true;
    case 'M':
    case 'L':
        if (t->count >= 3) {
            if ((idx = match_names(s, start, MONTHS, 12, &len)) < 0 &&
                (idx = match_names(s, start, MONTHS_SHORT, 12, &len)) < 0)
                return false;
            set_field(fs, F_MONTH, idx);
            *pos = start + len;
            return true;
        }
        break;
    case 'E':
        if ((idx = match_names(s, start, DAYS, 7, &len)) < 0 &&
            (idx = match_names(s, start, DAYS_SHORT, 7, &len)) < 0)
            return false;
        set_field(fs, F_DOW, idx);
        *pos = start + len;
        return true;
    case 'a':
        if ((idx = match_names(s, start, AMPM, 2, &len)) < 0) return false;
        set_field(fs, F_AMPM, idx);
        *pos = start + len;
        return true;
    case 'z':
    case 'Z':
        *pos = i;
        return parse_zone(s, start, pos, fs);
    case 'X':
        if (s[i] == 'Z') {
            set_field(fs, F_ZONE, 0);
            *pos = i + 1;
            return true;
        }
        if (s[i] != '+' && s[i] != '-') return false;
        *pos = i + 1;
        return parse_numeric_zone(s, pos, s[i] == '+' ? 1 : -1, t->count, t->count == 3, fs);
    default:
        break;
    }
    /* Numeric fields. */
    if (limit > n || !parse_number(s, &i, limit, &v)) return false;
    switch (t->letter) {
    case 'y':
    case 'Y':
        /* Two digits with y or yy: the century that puts the year within
         * [now - 80, now + 20). */
        if (t->count <= 2 && i - actual == 2 && is_digit(s[actual]) && is_digit(s[actual + 1])) {
            int amb = f->century_start_year % 100;
            v += (f->century_start_year / 100) * 100 + (v < amb ? 100 : 0);
        }
        set_field(fs, t->letter == 'y' ? F_YEAR : F_WEEK_YEAR, v);
        break;
    case 'M':
    case 'L': set_field(fs, F_MONTH, v - 1); break;
    case 'w': set_field(fs, F_WOY, v); break;
    case 'W': set_field(fs, F_WOM, v); break;
    case 'D': set_field(fs, F_DOY, v); break;
    case 'd': set_field(fs, F_DOM, v); break;
    case 'F': set_field(fs, F_DOWIM, v); break;
    case 'u': set_field(fs, F_DOW, v == 7 ? 0 : v); break; /* 1 = Monday .. 7 = Sunday */
    case 'H': set_field(fs, F_HOUR_OF_DAY, v); break;
    case 'k': set_field(fs, F_HOUR_OF_DAY, v == 24 ? 0 : v); break;
    case 'K': set_field(fs, F_HOUR, v); break;
    case 'h': set_field(fs, F_HOUR, v == 12 ? 0 : v); break;
    case 'm': set_field(fs, F_MINUTE, v); break;
    case 's': set_field(fs, F_SECOND, v); break;
    case 'S': set_field(fs, F_MILLI, v); break;
    default: return false;
    }
    *pos = i;
    return true;
}

/* Calendar.selectFields + GregorianCalendar.getFixedDate, lenient. */
static int64_t resolve_date(const fields_t *fs) {
    const int *st = fs->stamp;
    const int64_t *v = fs->v;
    int64_t year = st[F_YEAR] ? v[F_YEAR] : 1970;
    if (st[F_ERA] && v[F_ERA] == 0) year = 1 - year;
    int64_t dow = st[F_DOW] ? v[F_DOW] : 0; /* default: first day of week, Sunday */
    if (st[F_WEEK_YEAR] && st[F_WEEK_YEAR] > st[F_YEAR]) {
        int64_t wy = v[F_WEEK_YEAR];
        if (st[F_ERA] && v[F_ERA] == 0) wy = 1 - wy;
        int64_t week = st[F_WOY] ? v[F_WOY] : 1;
        return week1_start(wy) + (week - 1) * 7 + dow;
    }
    int64_t month = st[F_MONTH] ? v[F_MONTH] : 0;
    int dom = st[F_DOM], dows = st[F_DOW];
    int wom = agg(st[F_WOM], dows), dowim = agg(st[F_DOWIM], dows), doy = st[F_DOY],
        woy = agg(st[F_WOY], dows);
    int best = max2(max2(dom, wom), max2(max2(dowim, doy), woy));
    if (!best) {
        wom = st[F_WOM];
        dowim = max2(st[F_DOWIM], dows);
        woy = st[F_WOY];
        best = max2(max2(wom, dowim), woy);
        if (!best) best = dom = st[F_MONTH];
    }
    if (best == dom || (best == wom && st[F_WOM] >= st[F_WOY]) ||
        (best == dowim && st[F_DOWIM] >= st[F_WOY])) {
        if (best == dom) return days_lenient(year, month, st[F_DOM] ? v[F_DOM] : 1);
        int64_t first = days_lenient(year, month, 1);
        if (best == wom) {
            int64_t w = st[F_WOM] ? v[F_WOM] : 1;
            return first - dow_of(first) + (w - 1) * 7 + dow;
        }
        int64_t n = st[F_DOWIM] ? v[F_DOWIM] : 1;
        if (n > 0) {
            int64_t first_dow = first + floor_mod(dow - dow_of(first), 7);
            return first_dow + (n - 1) * 7;
        }
        /* Counting from the end of the month. */
        int64_t last = days_lenient(year, month + 1, 1) - 1;
        int64_t last_dow = last - floor_mod(dow_of(last) - dow, 7);
        return last_dow + (n + 1) * 7;
    }
    if (best == doy) return days_from_civil(year, 1, 1) + v[F_DOY] - 1;
    return week1_start(year) + (v[F_WOY] - 1) * 7 + dow;
}

static int64_t resolve_time(const fields_t *fs) {
    const int *st = fs->stamp;
    const int64_t *v = fs->v;
    int64_t hour = 0;
    int hod = st[F_HOUR_OF_DAY], h12 = agg(st[F_HOUR], st[F_AMPM]);
    int best = max2(hod, h12);
    if (!best) best = max2(st[F_HOUR], st[F_AMPM]);
    if (best && best == hod) {
        hour = v[F_HOUR_OF_DAY];
    } else if (best) {
        hour = (st[F_HOUR] ? v[F_HOUR] : 0) + (st[F_AMPM] ? v[F_AMPM] * 12 : 0);
    }
    return hour * 3600000 + (st[F_MINUTE] ? v[F_MINUTE] : 0) * 60000 +
           (st[F_SECOND] ? v[F_SECOND] : 0) * 1000 + (st[F_MILLI] ? v[F_MILLI] : 0);
}

/* shouldObeyCount: a number abutting a numeric field takes at most its
 * pattern width ("yyyyMMdd"); text and zone fields do not count. */
static bool obeys_count(const tok_t *next) {
    if (next->letter == 'M' || next->letter == 'L') return next->count <= 2;
    return next->letter && strchr("ydkHmsSDFwWhKYu", next->letter) != NULL;
}

int sdf_parse(const sdf_t *f, const char *text, int64_t *epoch_ms) {
    fields_t fs;
    memset(&fs, 0, sizeof fs);
    size_t pos = 0, n = strlen(text);
    for (size_t i = 0; i < f->n; i++) {
        const tok_t *t = &f->toks[i];
        if (!t->letter) {
            if (n - pos < t->len || memcmp(text + pos, t->text, t->len) != 0) return -1;
            pos += t->len;
            continue;
        }
        bool obey = i + 1 < f->n && obeys_count(&f->toks[i + 1]);
        if (!sub_parse(f, t, obey, text, &pos, &fs)) return -1;
    }
    int64_t zone = fs.stamp[F_ZONE] ? fs.v[F_ZONE] : 0;
    *epoch_ms = resolve_date(&fs) * MS_PER_DAY + resolve_time(&fs) - zone;
    return 0;
}
