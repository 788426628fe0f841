package io.bulwark.gateway.upstream;

import io.bulwark.gateway.config.ClusterConfig.HealthCheck;
import io.bulwark.gateway.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Promise;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the active health checks of every cluster that has one: each endpoint gets {@code GET path}
 * on a fresh connection (TLS as the cluster's) every interval, and the result feeds {@link
 * UpstreamEndpoint#checked}. A cluster replaced by a reload stops being checked. Thread-safe.
 */
public final class HealthChecker {
  private final EventLoop loop;
  private final Class<? extends SocketChannel> channelType;
  private final Supplier<Map<String, Cluster>> clusters;
  private final AddressResolverGroup<?> resolver;
  private final Set<Cluster> watched = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param loop the event loop that runs the checks
   * @param channelType socket channel class matching the loop
   * @param clusters the clusters currently configured (read on every round)
   * @param resolver resolves endpoint host names without blocking the loop
   */
  public HealthChecker(
      EventLoop loop,
      Class<? extends SocketChannel> channelType,
      Supplier<Map<String, Cluster>> clusters,
      AddressResolverGroup<?> resolver) {
    this.loop = loop;
    this.channelType = channelType;
    this.clusters = clusters;
    this.resolver = resolver;
  }

  /** Starts checking every configured cluster with a health check not yet watched. */
  public void watchAll(Map<String, SslContext> clusterTls) {
    for (Cluster cluster : clusters.get().values()) {
      HealthCheck check = cluster.config().healthCheck();
      if (check != null && watched.add(cluster)) {
        SslContext tls = clusterTls.get(cluster.config().name());
        loop.execute(() -> round(cluster, check, tls));
      }
    }
  }

  /** Stops all checks. */
  public void close() {
    closed = true;
  }

  private void round(Cluster cluster, HealthCheck check, SslContext tls) {
    if (closed || clusters.get().get(cluster.config().name()) != cluster) {
      watched.remove(cluster);
      return;
    }
    for (UpstreamEndpoint endpoint : cluster.endpoints()) {
      probe(endpoint, check, tls)
          .addListener(f ->
              endpoint.checked(
                  f.isSuccess() && Boolean.TRUE.equals(f.getNow()),
                  check.unhealthyThreshold(),
                  check.healthyThreshold()));
    }
    loop.schedule(
        () -> round(cluster, check, tls), check.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Promise<Boolean> probe(UpstreamEndpoint endpoint, HealthCheck check, SslContext tls) {
    Promise<Boolean> result = loop.newPromise();
    String host = endpoint.address().host();
    int port = endpoint.address().port();
    long timeout = check.timeout().toMillis();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .resolver(resolver)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls != null) {
                      ch.pipeline()
                          .addLast(
                              TlsContexts.upstreamHandler(tls, ch.alloc(), host, port, timeout));
                    }
                    ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 8192));
                    ch.pipeline()
                        .addLast(
                            new SimpleChannelInboundHandler<HttpObject>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, HttpObject msg) {
                                if (msg instanceof HttpResponse r) {
                                  result.trySuccess(r.status().code() / 100 == 2);
                                  ctx.close();
                                }
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext ctx, Throwable cause) {
                                result.trySuccess(false);
                                ctx.close();
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                result.trySuccess(false);
                              }
                            });
                  }
                });
    bootstrap
        .connect(host, port)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    result.trySuccess(false);
                    return;
                  }
                  Channel ch = f.channel();
                  DefaultFullHttpRequest request =
                      new DefaultFullHttpRequest(
                          HttpVersion.HTTP_1_1, HttpMethod.GET, check.path());
                  request.headers().set(HttpHeaderNames.HOST, endpoint.address().toString());
                  request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                  request.headers().set(HttpHeaderNames.USER_AGENT, "bulwark-gateway-health");
                  ch.writeAndFlush(request);
                  loop.schedule(
                      () -> {
                        if (result.trySuccess(false)) {
                          ch.close();
                        }
                      },
                      timeout,
                      TimeUnit.MILLISECONDS);
                });
    return result;
  }
}
