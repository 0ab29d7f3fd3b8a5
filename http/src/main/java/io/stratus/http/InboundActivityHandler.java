package io.stratus.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and reports raw bytes arriving, so the connection can tell an idle
 * keep-alive connection (idle timeout) from a request head that is trickling in (header timeout).
 */
final class InboundActivityHandler extends ChannelInboundHandlerAdapter {
    private final Runnable onBytes;

    InboundActivityHandler(Runnable onBytes) {
        this.onBytes = onBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            onBytes.run();
        }
        ctx.fireChannelRead(msg);
    }
}
