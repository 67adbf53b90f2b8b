/*
 * Java behaviours that leak into Kafka Connect's REST answers and that we
 * reproduce byte for byte: String.hashCode, the iteration order of a
 * java.util.HashMap (Jackson serializes maps in that order, and
 * AbstractMap.toString prints them in it) and Map.toString itself.
 *
 * The HashMap model is Java 17's (the version Kafka 4.3.1 was recorded on):
 * table of power-of-two buckets, hash = h ^ (h >>> 16), entries of one
 * bucket in insertion order. Buckets that would be treeified (8+ colliding
 * keys) are not modelled; config maps never get there in practice.
 */
#ifndef CONNECTD_REST_JAVA_COMPAT_H
#define CONNECTD_REST_JAVA_COMPAT_H

#include <connectd/config.h>
#include <stddef.h>
#include <stdint.h>

/* How the Java map was built; it decides the table size. */
typedef enum rest_java_map_kind {
    REST_JAVA_MAP_PUTS, /* new HashMap<>() followed by put() per key */
    REST_JAVA_MAP_COPY, /* new HashMap<>(otherMap): pre-sized table */
} rest_java_map_kind_t;

/* String.hashCode of a UTF-8 string (hashed as UTF-16 code units, like
 * Java; invalid bytes count as U+FFFD). */
int32_t rest_java_string_hash(const char *utf8);

/* Fill order[0..n) with the indexes of keys (distinct, given in insertion
 * order) in the order a Java HashMap iterates them. */
void rest_java_hashmap_order(const char *const *keys, size_t n, rest_java_map_kind_t kind,
                             size_t *order);

/* "{k1=v1, k2=v2}" as Java prints a HashMap copy of props (caller frees). */
char *rest_java_props_to_string(const cd_props_t *props, rest_java_map_kind_t kind);

/* String.trim(): strips every char <= ' ' from both ends. Returns a new
 * string (caller frees). */
char *rest_java_trim(const char *s);

#endif
