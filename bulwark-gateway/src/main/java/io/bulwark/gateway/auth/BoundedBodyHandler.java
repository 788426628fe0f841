package io.bulwark.gateway.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A {@link HttpResponse.BodyHandler} for {@link java.net.http.HttpClient} that reads a response
 * body into memory up to a fixed number of bytes and fails with an {@link IOException} (cancelling
 * the transfer) past it, so a misbehaving or hostile server cannot exhaust memory. Used for JWK
 * sets, discovery documents and the revocation feed.
 */
public final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {
  private final int maxBytes;

  /** A handler accepting at most {@code maxBytes} bytes of body. */
  public BoundedBodyHandler(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
    long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
    return new Subscriber(maxBytes, declared > maxBytes);
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final boolean declaredTooLarge;
    private Flow.Subscription subscription;

    Subscriber(int maxBytes, boolean declaredTooLarge) {
      this.maxBytes = maxBytes;
      this.declaredTooLarge = declaredTooLarge;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      if (declaredTooLarge) {
        tooLarge();
        return;
      }
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (out.size() + item.remaining() > maxBytes) {
          tooLarge();
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        out.writeBytes(chunk);
      }
    }

    private void tooLarge() {
      subscription.cancel();
      body.completeExceptionally(
          new IOException("response body larger than " + maxBytes + " bytes"));
    }

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(out.toByteArray());
    }
  }
}
