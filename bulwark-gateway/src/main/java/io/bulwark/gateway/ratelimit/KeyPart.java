package io.bulwark.gateway.ratelimit;

/** What a rate-limit bucket is keyed by; a route combines one or more. */
public enum KeyPart {
  /** The OAuth client ({@code client_id}/{@code azp}), API key id, or SPIFFE ID. */
  CLIENT,
  /** The subject: user, API key owner, or SPIFFE ID. */
  USER,
  /** The API key id (requests not made with an API key use their source address). */
  API_KEY,
  /** The client's address; IPv6 addresses count per /64, so one host can't rotate through many. */
  SOURCE_IP,
  /** The route. */
  ROUTE
}
