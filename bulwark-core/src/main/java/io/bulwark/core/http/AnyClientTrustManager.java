package io.bulwark.core.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server-side trust manager of a listener that wants (not needs) client certificates: it
 * accepts any chain in the handshake (the client still proves it holds the leaf's key), so an
 * unknown certificate never breaks the connection of a client that does not rely on it; {@link
 * ClientCertificates} validates the chain per request. It names the configured CAs in the
 * certificate request, so well-behaved clients pick a matching certificate.
 */
final class AnyClientTrustManager extends X509ExtendedTrustManager {
  private final X509Certificate[] acceptedIssuers;

  AnyClientTrustManager(X509Certificate[] acceptedIssuers) {
    this.acceptedIssuers = acceptedIssuers.clone();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a server listener does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a server listener does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a server listener does not verify servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.clone();
  }
}
