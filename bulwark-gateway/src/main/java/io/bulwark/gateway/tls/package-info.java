/**
 * TLS for listeners and upstreams: OpenSSL (BoringSSL) when the native library loads, else the JDK
 * provider; TLS 1.3 and 1.2 only, with AEAD ECDHE cipher suites.
 */
package io.bulwark.gateway.tls;
