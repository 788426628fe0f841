/**
 * Request hygiene, the first step of the security chain: strict framing checks ({@link
 * io.bulwark.gateway.hygiene.GatewayRequestDecoder}), one-time path normalization ({@link
 * io.bulwark.gateway.hygiene.PathNormalizer}) and header sanitizing ({@link
 * io.bulwark.gateway.hygiene.HeaderSanitizer}).
 */
package io.bulwark.gateway.hygiene;
