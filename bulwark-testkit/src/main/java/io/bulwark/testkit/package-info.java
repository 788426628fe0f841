/**
 * Test fixtures shared by every Bulwark module and never shipped: free ports, a settable clock, a
 * test CA issuing client certificates, a switchable TCP relay, an Ed25519 JWS signer, and a
 * PostgreSQL and a Redis that come from environment variables when set and start embedded
 * otherwise, so every test runs on a machine with nothing but a JDK.
 */
package io.bulwark.testkit;
