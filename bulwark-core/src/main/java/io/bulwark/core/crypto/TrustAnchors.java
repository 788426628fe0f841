package io.bulwark.core.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust managers and client TLS contexts that trust exactly the given certificates (and nothing
 * from the JDK's default store), for calls between Bulwark's own roles.
 */
public final class TrustAnchors {
  private TrustAnchors() {}

  /** PKIX trust managers whose only anchors are {@code anchors}. */
  public static TrustManager[] trustManagers(X509Certificate... anchors) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < anchors.length; i++) {
        store.setCertificateEntry("anchor-" + i, anchors[i]);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build trust managers", e);
    }
  }

  /** A client TLS context that trusts only {@code anchors}. */
  public static SSLContext clientContext(X509Certificate... anchors) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(anchors), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a TLS context", e);
    }
  }
}
