package io.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFlushBehind {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aFailedFlushIsThrownByFinishInsteadOfBeingLost() throws Exception {
        FileChannel channel = openWithBytes();
        FlushBehind flush = new FlushBehind(channel, executor);
        channel.close(); // the background force now fails
        flush.written(FlushBehind.INTERVAL_BYTES);
        assertThatThrownBy(flush::finish).isInstanceOf(ClosedChannelException.class);
        flush.finish(); // reported once, like the kernel's own writeback errors
    }

    @Test
    void aFailedFlushIsThrownByTheNextWriteOnceItEnded() throws Exception {
        FileChannel channel = openWithBytes();
        FlushBehind flush = new FlushBehind(channel, executor);
        channel.close();
        flush.written(FlushBehind.INTERVAL_BYTES);
        executor.submit(() -> { }).get(); // one thread: the flush has run
        assertThatThrownBy(() -> flush.written(FlushBehind.INTERVAL_BYTES)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void flushesOnlyEveryIntervalAndFinishesCleanly() throws Exception {
        try (FileChannel channel = openWithBytes()) {
            FlushBehind flush = new FlushBehind(channel, executor);
            CountDownLatch blocked = occupyExecutor();
            flush.written(FlushBehind.INTERVAL_BYTES - 1);
            flush.finish(); // nothing started: returns although the executor is busy
            flush.written(1);
            blocked.countDown();
            flush.finish(); // waits for the flush just started, which succeeds
        }
    }

    @Test
    void closeDropsAQueuedFlushInsteadOfWaitingForIt() throws Exception {
        try (FileChannel channel = openWithBytes()) {
            FlushBehind flush = new FlushBehind(channel, executor);
            CountDownLatch blocked = occupyExecutor();
            flush.written(FlushBehind.INTERVAL_BYTES); // queued behind the blocked task
            assertTimeoutPreemptively(Duration.ofSeconds(5), flush::close);
            blocked.countDown();
        }
    }

    /** Keeps the executor's one thread busy until the returned latch is counted down. */
    private CountDownLatch occupyExecutor() {
        CountDownLatch blocked = new CountDownLatch(1);
        executor.submit(() -> {
            blocked.await();
            return null;
        });
        return blocked;
    }

    private FileChannel openWithBytes() throws Exception {
        FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(new byte[4096]));
        assertThat(channel.size()).isEqualTo(4096);
        return channel;
    }
}
