/*
 * Java's sasl.jaas.config, read for what C clients need from it: the
 * options of a PlainLoginModule / ScramLoginModule entry (username,
 * password), so a worker config written for the Java worker works here.
 */
#ifndef CONNECTD_KAFKA_JAAS_H
#define CONNECTD_KAFKA_JAAS_H

/* The value of option `key`, malloc'd (caller frees), or NULL. */
char *kafka_jaas_option(const char *jaas, const char *key);

#endif
