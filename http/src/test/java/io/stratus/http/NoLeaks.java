package io.stratus.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty's leak detector (paranoid in this build) reported a ByteBuf that
 * was garbage-collected without being released.
 */
final class NoLeaks implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (NoLeaks.class) {
            if (!installed) {
                AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
                    @Override
                    protected void append(ILoggingEvent event) {
                        if (event.getFormattedMessage().contains("LEAK")) {
                            LEAKS.add(event.getFormattedMessage());
                        }
                    }
                };
                appender.start();
                ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).addAppender(appender);
                installed = true;
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Leaks are reported when the detector sees the collected buffer on a later allocation.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            for (int j = 0; j < 100; j++) {
                ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(16);
                buf.release();
            }
        }
        if (!LEAKS.isEmpty()) {
            throw new AssertionError("ByteBuf leaks reported:\n" + String.join("\n\n", LEAKS));
        }
    }
}
