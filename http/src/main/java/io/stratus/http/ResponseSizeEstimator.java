package io.stratus.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;

/**
 * Netty's default estimator counts a FileRegion as 0 bytes, so file responses would never make a
 * channel unwritable and a caller could queue regions without limit. Counting the unsent part
 * keeps back-pressure the same for file and buffer bodies.
 */
final class ResponseSizeEstimator implements MessageSizeEstimator {
    static final ResponseSizeEstimator INSTANCE = new ResponseSizeEstimator();

    private static final int UNKNOWN_SIZE = 8;

    private static final Handle HANDLE = message -> {
        if (message instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (message instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        if (message instanceof FileRegion region) {
            return (int) Math.min(Integer.MAX_VALUE, region.count() - region.transferred());
        }
        return UNKNOWN_SIZE;
    };

    private ResponseSizeEstimator() {}

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
