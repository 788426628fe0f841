package io.bulwark.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopDeadlineTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final AtomicInteger expired = new AtomicInteger();
  private final EventLoopDeadline deadline = new EventLoopDeadline(loop, expired::incrementAndGet);

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void onLoop(Runnable action) throws Exception {
    loop.submit(action).get(5, TimeUnit.SECONDS);
  }

  @Test
  void firesOnceWhenAStartedDeadlinePassesUncleared() throws Exception {
    onLoop(() -> deadline.start(TimeUnit.MILLISECONDS.toNanos(50)));
    Thread.sleep(300);
    assertThat(expired).hasValue(1);
    onLoop(() -> assertThat(deadline.running()).isFalse());
  }

  @Test
  void aClearedDeadlineNeverFiresAndARestartCountsFromItsOwnStart() throws Exception {
    onLoop(() -> deadline.start(TimeUnit.MILLISECONDS.toNanos(100)));
    onLoop(deadline::clear);
    Thread.sleep(200);
    assertThat(expired).hasValue(0);

    onLoop(() -> deadline.start(TimeUnit.MILLISECONDS.toNanos(150)));
    Thread.sleep(80);
    onLoop(() -> deadline.start(TimeUnit.MILLISECONDS.toNanos(150))); // moved later
    Thread.sleep(110);
    assertThat(expired).as("the first check re-armed for what was left").hasValue(0);
    Thread.sleep(250);
    assertThat(expired).hasValue(1);
  }

  @Test
  void aShorterRestartIsNotDelayedByTheLongerPendingCheck() throws Exception {
    onLoop(() -> deadline.start(TimeUnit.SECONDS.toNanos(30)));
    onLoop(() -> deadline.start(TimeUnit.MILLISECONDS.toNanos(50)));
    Thread.sleep(300);
    assertThat(expired).hasValue(1);
  }

  @Test
  void stopCancelsTheCheck() throws Exception {
    onLoop(() -> deadline.start(TimeUnit.MILLISECONDS.toNanos(50)));
    onLoop(deadline::stop);
    Thread.sleep(200);
    assertThat(expired).hasValue(0);
  }
}
