/**
 * The webhook audit sink: batches of chained records POSTed as JSON to an HTTPS endpoint; a spool
 * file carries them over outages (see {@link io.bulwark.audit.sink.SinkOptions#withSpool}).
 */
package io.bulwark.audit.webhook;
