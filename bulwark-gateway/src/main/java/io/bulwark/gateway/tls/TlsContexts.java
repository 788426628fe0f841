package io.bulwark.gateway.tls;

import io.bulwark.gateway.config.ClusterConfig.UpstreamTlsConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/** Builds Netty TLS contexts and handlers with Bulwark's fixed protocol and cipher choices. */
public final class TlsContexts {
  /** Protocols offered, newest first. */
  public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** TLS 1.2 suites: ECDHE with AEAD only (TLS 1.3 suites are all AEAD and always enabled). */
  public static final List<String> CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsContexts() {}

  /** The provider used: OpenSSL (BoringSSL) if available, else the JDK. */
  public static SslProvider provider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /**
   * The per-connection handler factory of a TLS listener: a plain {@link SslHandler} for one
   * certificate, an {@link SniHandler} choosing by server name when there are several.
   */
  public static ServerTls server(ServerTlsConfig config) throws SSLException {
    SslContext fallback = serverContext(config.certificate(), config);
    if (config.sniCertificates().isEmpty()) {
      return alloc -> fallback.newHandler(alloc);
    }
    DomainWildcardMappingBuilder<SslContext> builder = new DomainWildcardMappingBuilder<>(fallback);
    for (Map.Entry<String, ServerTlsConfig.KeyMaterial> e : config.sniCertificates().entrySet()) {
      builder.add(e.getKey(), serverContext(e.getValue(), config));
    }
    Mapping<String, SslContext> mapping = builder.build();
    return alloc -> new SniHandler(mapping);
  }

  /** Creates the TLS handler for one accepted connection. */
  @FunctionalInterface
  public interface ServerTls {
    /** A new handler for one connection. */
    ChannelHandler newHandler(ByteBufAllocator alloc);
  }

  private static SslContext serverContext(
      ServerTlsConfig.KeyMaterial material, ServerTlsConfig config) throws SSLException {
    SslContextBuilder builder =
        SslContextBuilder.forServer(
                material.key(), material.chain().toArray(X509Certificate[]::new))
            .sslProvider(provider())
            .protocols(PROTOCOLS)
            .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_2,
                    ApplicationProtocolNames.HTTP_1_1));
    if (!config.clientCas().isEmpty()) {
      builder
          .trustManager(config.clientCas().toArray(X509Certificate[]::new))
          .clientAuth(
              config.clientAuth() == ServerTlsConfig.ClientAuth.REQUIRE
                  ? ClientAuth.REQUIRE
                  : ClientAuth.OPTIONAL);
    }
    return builder.build();
  }

  /** The client context for a cluster's upstream TLS. */
  public static SslContext upstream(UpstreamTlsConfig config) throws SSLException {
    SslContextBuilder builder =
        SslContextBuilder.forClient()
            .sslProvider(provider())
            .protocols(PROTOCOLS)
            .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
            .trustManager(config.trustedCas().toArray(X509Certificate[]::new))
            .endpointIdentificationAlgorithm("HTTPS");
    if (!config.clientChain().isEmpty()) {
      builder.keyManager(config.clientKey(), config.clientChain().toArray(X509Certificate[]::new));
    }
    return builder.build();
  }

  /** A client handler for one upstream connection, sending SNI and verifying {@code host}. */
  public static SslHandler upstreamHandler(
      SslContext context, ByteBufAllocator alloc, String host, int port, long handshakeMillis) {
    SslHandler handler = context.newHandler(alloc, host, port);
    SSLEngine engine = handler.engine();
    SSLParameters params = engine.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(params);
    handler.setHandshakeTimeoutMillis(handshakeMillis);
    return handler;
  }
}
