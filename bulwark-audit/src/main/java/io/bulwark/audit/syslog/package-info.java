/**
 * The syslog audit sink: chained records as RFC 5424 messages over TCP with octet-counting framing
 * (RFC 6587), optionally over TLS (RFC 5425).
 */
package io.bulwark.audit.syslog;
