/* Numbers rendered the way Java's Double.toString / Float.toString do,
 * which is what Jackson writes for doubles and floats (and what
 * Object.toString gives the StringConverter). */
#ifndef CONNECTD_CONVERT_JAVA_NUMBER_H
#define CONNECTD_CONVERT_JAVA_NUMBER_H

#include <stddef.h>

#define JAVA_NUMBER_MAX 40

/* Shortest digits that read back to the same value, laid out as Java
 * does: plain with at least one fraction digit when 1e-3 <= |v| < 1e7
 * ("1.5", "100.0", "0.001"), else computerized scientific ("1.0E10",
 * "1.234E-5"); "NaN", "Infinity", "-Infinity", "-0.0" as Java has them.
 * Writes a NUL-terminated string into out (JAVA_NUMBER_MAX bytes) and
 * returns its length.
 *
 * The digits are those of Java 19 and later (Raffaello Giulietti's
 * algorithm: the shortest decimal that reads back, and with only one digit
 * needed, the closest of one or two digits: 4.9E-324, 1.0E23), checked
 * against Temurin 25 on 900,000 values. Java 17's older FloatingDecimal
 * sometimes prints a longer form (1.0E23 as 9.999999999999999E22, about
 * one random float in nine with an extra digit); Kafka's own Docker images
 * run Java 21, so we follow the current algorithm. */
size_t java_double_to_string(double v, char *out);
size_t java_float_to_string(float v, char *out);

#endif
