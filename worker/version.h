/* connectd's own version, and the Kafka Connect version whose REST API and
 * behaviour it matches (what GET / reports). */
#ifndef CONNECTD_VERSION_H
#define CONNECTD_VERSION_H
#define CONNECTD_VERSION "0.1.0"
#define CONNECTD_KAFKA_COMPAT_VERSION "4.3.1"
#endif
