package io.bulwark.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleTimeoutTest {
  private final List<Object> events = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel();

  IdleTimeoutTest() {
    channel.freezeTime();
    channel
        .pipeline()
        .addLast(
            new IdleTimeout(Duration.ofSeconds(8)),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
              }
            });
  }

  private void advanceSeconds(long seconds) {
    for (long i = 0; i < seconds; i++) {
      channel.advanceTimeBy(1, TimeUnit.SECONDS);
      channel.runScheduledPendingTasks();
    }
  }

  @Test
  void firesOnceTheConnectionWasSilentForTheTimeoutAndAgainAfterEachFurtherTimeout() {
    advanceSeconds(7);
    assertThat(events).isEmpty();
    advanceSeconds(3); // fires between 8 and 10 s
    assertThat(events).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    advanceSeconds(8);
    assertThat(events).hasSize(2);
  }

  @Test
  void aReadOrAWriteRestartsTheSilence() {
    advanceSeconds(6);
    channel.writeInbound("ping");
    advanceSeconds(7);
    assertThat(events).as("7 s after a read").isEmpty();
    channel.writeOutbound("pong");
    advanceSeconds(7);
    assertThat(events).as("7 s after a write").isEmpty();
    advanceSeconds(3);
    assertThat(events).containsExactly(IdleStateEvent.ALL_IDLE_STATE_EVENT);
  }

  @Test
  void stopsCheckingOnceTheConnectionCloses() {
    channel.close();
    advanceSeconds(20);
    assertThat(events).noneMatch(IdleStateEvent.class::isInstance);
    assertThat(channel.hasPendingTasks()).isFalse();
  }

  @Test
  void refusesANonPositiveTimeout() {
    assertThatThrownBy(() -> new IdleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
