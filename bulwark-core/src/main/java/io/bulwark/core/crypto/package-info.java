/**
 * Key material that Bulwark creates on first start and reuses afterwards: a local certificate
 * authority with a TLS server certificate ({@link io.bulwark.core.crypto.LocalCa}), token signing
 * keys as a JWK set ({@link io.bulwark.core.crypto.SigningKeys}), and the PEM file handling under
 * both ({@link io.bulwark.core.crypto.PemFiles}).
 *
 * <p>Files are written atomically (temporary file in the same directory, then an atomic rename),
 * private keys with mode 0600 from the moment they exist, and loading refuses a private key file
 * that group or others can access. Error messages name files, never their contents.
 */
package io.bulwark.core.crypto;
