package io.bulwark.identity.token;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the JWS signers of RSA and EC signing keys. Where the Amazon Corretto Crypto Provider
 * (AWS-LC behind JCA) loads and passes its self-test, which it does on Linux x86-64, signers use it
 * with keys converted to its native form once: an RS256 signature then costs about 0.7 ms of CPU
 * here instead of the JDK's 1.2 ms, and signing dominates the cost of issuing a token. Elsewhere,
 * or with {@code -Dbulwark.identity.nativeCrypto=false}, they use the JDK's providers. The provider
 * is never installed JVM-wide: TLS and every other use of JCA stay on the JDK's.
 */
public final class TokenSigners {
  /** System property that turns the native provider off when {@code false}. */
  public static final String NATIVE_PROPERTY = "bulwark.identity.nativeCrypto";

  private static final Logger LOG = LoggerFactory.getLogger(TokenSigners.class);

  private TokenSigners() {}

  private static final CompletableFuture<Provider> NATIVE = new CompletableFuture<>();
  private static final AtomicBoolean LOADING = new AtomicBoolean();

  /**
   * Starts loading the native provider on a background thread, once per JVM: loading and its
   * self-test take a few hundred milliseconds, which must not delay start-up. Until it completes,
   * signers use the JDK's providers. The stage completes with the provider, or {@code null} when it
   * is not used here.
   */
  public static CompletableFuture<Provider> loadNative() {
    if (LOADING.compareAndSet(false, true)) {
      Thread.ofPlatform()
          .daemon()
          .name("bulwark-native-crypto")
          .start(() -> NATIVE.complete(load()));
    }
    return NATIVE.copy();
  }

  private static Provider load() {
    if ("false".equalsIgnoreCase(System.getProperty(NATIVE_PROPERTY))) {
      LOG.info("token signing uses the JDK's providers ({}=false)", NATIVE_PROPERTY);
      return null;
    }
    try {
      AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
      if (provider.getLoadingError() != null) {
        LOG.info(
            "token signing uses the JDK's providers: the native provider does not load here ({})",
            provider.getLoadingError().toString());
        return null;
      }
      provider.assertHealthy();
      LOG.debug("token signing uses {}", provider);
      return provider;
    } catch (RuntimeException | LinkageError e) {
      LOG.info(
          "token signing uses the JDK's providers: the native provider failed ({})", e.toString());
      return null;
    }
  }

  /** The provider signers use now, or {@code null} for the JDK's (not, or not yet, loaded). */
  public static Provider nativeProvider() {
    return NATIVE.getNow(null);
  }

  /** An RS256/PS256-capable signer for {@code key}. */
  static JWSSigner rsa(RSAKey key) throws JOSEException {
    Provider provider = nativeProvider();
    if (provider == null) {
      return new RSASSASigner(key);
    }
    RSASSASigner signer = new RSASSASigner(convert("RSA", key.toPrivateKey(), provider));
    signer.getJCAContext().setProvider(provider);
    return signer;
  }

  /** An ES256/ES384/ES512 signer for {@code key}. */
  static JWSSigner ec(ECKey key) throws JOSEException {
    Provider provider = nativeProvider();
    if (provider == null) {
      return new ECDSASigner(key);
    }
    ECDSASigner signer =
        new ECDSASigner(convert("EC", key.toPrivateKey(), provider), key.getCurve());
    signer.getJCAContext().setProvider(provider);
    return signer;
  }

  private static PrivateKey convert(String algorithm, PrivateKey key, Provider provider)
      throws JOSEException {
    try {
      return KeyFactory.getInstance(algorithm, provider)
          .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      // Never the message: it could quote key material.
      throw new JOSEException("the native provider refused a " + algorithm + " signing key");
    }
  }
}
