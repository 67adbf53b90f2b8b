/*
 * SimpleDateFormat and GregorianCalendar, reduced to what Kafka's Values
 * class asks of them: three fixed patterns, the UTC zone, the default
 * (lenient) calendar. The arithmetic follows the JDK's so that odd input
 * ("2023-13-45", "99999999999-1-1T1:1:1.1Z") lands on the same instant,
 * wrapping where Java's int and long arithmetic wraps.
 */
#include "convert/values_temporal.h"

#include <inttypes.h>
#include <string.h>

/* Fixed dates count days from 0001-01-01 (proleptic Gregorian) = 1. */
#define EPOCH_OFFSET 719163       /* 1970-01-01 */
#define CUTOVER_FIXED_DATE 577736 /* 1582-10-15, the first Gregorian day */
#define CUTOVER_YEAR 1582

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

/* Java's int arithmetic: the low 32 bits. */
static int32_t wrap32(int64_t v) { return (int32_t)(uint32_t)(uint64_t)v; }

/* ---- formatting ----------------------------------------------------- */

typedef struct civil {
    int64_t year;
    int month; /* 1..12 */
    int day;
} civil_t;

/* Proleptic Gregorian date of a day count from 1970-01-01 (Howard
 * Hinnant's civil_from_days). */
static civil_t gregorian_from_days(int64_t days) {
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    civil_t c;
    c.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    c.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2);
    return c;
}

void values_format_temporal(buf_t *out, int64_t ms) {
    /* Floor division without forming days * MILLIS_PER_DAY, which can
     * leave the long range near Long.MIN_VALUE. */
    int64_t tod = ms % VALUES_MILLIS_PER_DAY;
    int64_t days = ms / VALUES_MILLIS_PER_DAY - (tod < 0);
    if (tod < 0) tod += VALUES_MILLIS_PER_DAY;
    int h = (int)(tod / 3600000), mi = (int)(tod / 60000 % 60), s = (int)(tod / 1000 % 60);
    int milli = (int)(tod % 1000);
    if (ms < VALUES_MILLIS_PER_DAY) {
        buf_appendf(out, "%02d:%02d:%02d.%03dZ", h, mi, s, milli);
        return;
    }
    /* From here on ms >= one day: the Gregorian calendar, years AD. */
    civil_t c = gregorian_from_days(days);
    buf_appendf(out, "%04" PRId64 "-%02d-%02d", c.year, c.month, c.day);
    if (ms % VALUES_MILLIS_PER_DAY != 0) buf_appendf(out, "T%02d:%02d:%02d.%03dZ", h, mi, s, milli);
}

/* ---- parsing -------------------------------------------------------- */

typedef struct sdf {
    const char *s;
    size_t n;
    size_t pos;
} sdf_t;

static bool sdf_at(const sdf_t *p, const char *lit) {
    size_t k = strlen(lit);
    return p->n - p->pos >= k && memcmp(p->s + p->pos, lit, k) == 0;
}

/* DecimalFormat.parse(text, pos).intValue() with the integer instance
 * SimpleDateFormat uses (no grouping, integers only, prefix "-"). */
static bool sdf_number(sdf_t *p, int32_t *value) {
    if (sdf_at(p, "NaN")) { /* Double.NaN.intValue() */
        p->pos += 3;
        *value = 0;
        return true;
    }
    size_t i = p->pos;
    bool neg = i < p->n && p->s[i] == '-';
    i += neg;
    sdf_t at = {p->s, p->n, i};
    if (sdf_at(&at, "\xE2\x88\x9E")) { /* infinity: the int saturates */
        p->pos = i + 3;
        *value = neg ? INT32_MIN : INT32_MAX;
        return true;
    }
    uint64_t acc = 0;
    bool any = false, overflow = false;
    for (; i < p->n && p->s[i] >= '0' && p->s[i] <= '9'; i++) {
        unsigned d = (unsigned)(p->s[i] - '0');
        any = true;
        if (acc > (UINT64_MAX - d) / 10) overflow = true;
        else acc = acc * 10 + d;
    }
    if (!any) return false;
    p->pos = i;
    /* A value that fits a long is a Long and intValue() keeps its low 32
     * bits; anything larger is a Double and intValue() saturates. */
    if (!neg) *value = overflow || acc > INT64_MAX ? INT32_MAX : wrap32((int64_t)acc);
    else if (overflow || acc > (uint64_t)INT64_MAX + 1) *value = INT32_MIN;
    else *value = wrap32((int64_t)(0 - acc));
    return true;
}

/* SimpleDateFormat.subParse for a numeric field: blanks, then a number. */
static bool sdf_field(sdf_t *p, int32_t *value) {
    while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')) p->pos++;
    return p->pos < p->n && sdf_number(p, value);
}

static bool sdf_literal(sdf_t *p, char c) {
    if (p->pos >= p->n || p->s[p->pos] != c) return false;
    p->pos++;
    return true;
}

/* BaseCalendar.getFixedDate(year, month, 1) of the Gregorian calendar. */
static int64_t gregorian_first_of_month(int32_t year, int month) {
    int64_t prev = (int64_t)year - 1;
    int64_t days = 1 + 365 * prev + floor_div(prev, 4) - floor_div(prev, 100) +
                   floor_div(prev, 400) + floor_div(367 * month - 362, 12);
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    if (month > 2) days -= leap ? 1 : 2;
    return days;
}

/* JulianCalendar.getFixedDate(year, month, 1); year 0 is 1 BC. */
static int64_t julian_first_of_month(int32_t year, int month) {
    int64_t y = year;
    int64_t days = -2 + 365 * (y - 1) + 1 + floor_div(y - 1, 4) + floor_div(367 * month - 362, 12);
    if (month > 2) days -= floor_mod(year, 4) == 0 ? 1 : 2;
    return days;
}

/* GregorianCalendar.getFixedDate: an out-of-range month moves the year
 * (in int arithmetic), then the day of month is an offset. */
static int64_t fixed_date(bool julian, int32_t year, int32_t month, bool dom_set, int32_t dom) {
    if (month > 11) {
        year = wrap32((int64_t)year + month / 12);
        month %= 12;
    } else if (month < 0) {
        int64_t q = floor_div(month, 12);
        year = wrap32(year + q);
        month = (int32_t)(month - q * 12);
    }
    int64_t fd = julian ? julian_first_of_month(year, month + 1)
                        : gregorian_first_of_month(year, month + 1);
    if (dom_set) fd += (int64_t)dom - 1;
    return fd;
}

bool values_parse_temporal(values_temporal_kind_t kind, const char *text, size_t len, int64_t *ms) {
    sdf_t p = {text, len, 0};
    bool date = kind != VALUES_TEMPORAL_TIME, time = kind != VALUES_TEMPORAL_DATE;
    int32_t year = 1970, month = 1, dom = 1, hour = 0, minute = 0, second = 0, milli = 0;
    if (date) {
        if (!sdf_field(&p, &year) || !sdf_literal(&p, '-') || !sdf_field(&p, &month) ||
            !sdf_literal(&p, '-') || !sdf_field(&p, &dom))
            return false;
        if (time && !sdf_literal(&p, 'T')) return false;
    }
    if (time) {
        if (!sdf_field(&p, &hour) || !sdf_literal(&p, ':') || !sdf_field(&p, &minute) ||
            !sdf_literal(&p, ':') || !sdf_field(&p, &second) || !sdf_literal(&p, '.') ||
            !sdf_field(&p, &milli) || !sdf_literal(&p, 'Z'))
            return false;
    }
    /* GregorianCalendar.computeTime, lenient, zone offset 0. */
    int64_t tod = (((int64_t)hour * 60 + minute) * 60 + second) * 1000 + milli;
    int64_t fixed = tod / VALUES_MILLIS_PER_DAY;
    tod %= VALUES_MILLIS_PER_DAY;
    if (tod < 0) {
        tod += VALUES_MILLIS_PER_DAY;
        fixed--;
    }
    int32_t month0 = wrap32((int64_t)month - 1); /* Calendar.MONTH is 0-based */
    if (!date) month0 = 0;
    int64_t fd;
    if (year < CUTOVER_YEAR) {
        fd = fixed + fixed_date(true, year, month0, date, dom);
    } else {
        /* The Gregorian reading unless it falls before the cutover; the
         * lenient calendar takes the Julian reading for the missing days. */
        fd = fixed + fixed_date(false, year, month0, date, dom);
        if (fd < CUTOVER_FIXED_DATE) fd = fixed + fixed_date(true, year, month0, date, dom);
    }
    uint64_t days = (uint64_t)(fd - EPOCH_OFFSET);
    *ms = (int64_t)(days * (uint64_t)VALUES_MILLIS_PER_DAY + (uint64_t)tod);
    return true;
}
