package io.bulwark.audit.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordQueueTest {

  @TempDir Path dir;

  private static SinkRecord record(long seq) {
    return new SinkRecord(seq, "{\"event\":{\"n\":" + seq + "},\"seq\":" + seq + "}");
  }

  @Test
  void overflowsToAnOwnerOnlySpoolAndDeliversInChainOrder() throws IOException {
    Path spool = dir.resolve("spool/webhook.jsonl");
    List<Long> seen = new ArrayList<>();
    try (RecordQueue queue = new RecordQueue(3, spool, 1 << 20)) {
      for (long seq = 1; seq <= 10; seq++) {
        assertThat(queue.offer(record(seq))).isTrue();
      }
      assertThat(queue.spooled()).isEqualTo(7);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)))
          .isEqualTo("rw-------");
      queue.remove(queue.peek(2).size());
      assertThat(queue.offer(record(11))).isTrue();
      while (queue.size() > 0) {
        List<SinkRecord> batch = queue.peek(4);
        batch.forEach(r -> seen.add(r.seq()));
        queue.remove(batch.size());
      }
      assertThat(Files.size(spool)).isZero();
    }
    assertThat(seen).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
  }

  @Test
  void refusesRecordsBeyondTheSpoolBound() throws IOException {
    try (RecordQueue queue = new RecordQueue(1, dir.resolve("spool.jsonl"), 200)) {
      int accepted = 0;
      for (long seq = 1; seq <= 20; seq++) {
        if (queue.offer(record(seq))) {
          accepted++;
        }
      }
      assertThat(accepted).isLessThan(20);
      assertThat(queue.full()).isTrue();
      assertThat(queue.size()).isEqualTo(accepted);
    }
  }

  @Test
  void keepsUndeliveredRecordsAcrossARestart() throws IOException {
    Path spool = dir.resolve("spool.jsonl");
    try (RecordQueue queue = new RecordQueue(2, spool, 1 << 20)) {
      for (long seq = 1; seq <= 5; seq++) {
        queue.offer(record(seq));
      }
    }
    try (RecordQueue queue = new RecordQueue(2, spool, 1 << 20)) {
      assertThat(queue.size()).isEqualTo(5);
      List<Long> seqs = queue.peek(10).stream().map(SinkRecord::seq).toList();
      assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
  }

  @Test
  void memoryOnlyQueueRefusesWhenFull() throws IOException {
    try (RecordQueue queue = new RecordQueue(2, null, 1)) {
      assertThat(queue.offer(record(1))).isTrue();
      assertThat(queue.offer(record(2))).isTrue();
      assertThat(queue.full()).isTrue();
      assertThat(queue.offer(record(3))).isFalse();
    }
  }
}
