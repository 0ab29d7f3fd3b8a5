package io.stratus.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Checks on a decoded request head that the decoder does not make. A failed check marks the head
 * as a decoding failure, so the connection answers 400 BadRequest and closes, as for any malformed head.
 *
 * <p>More than one Host header (RFC 9112 3.2 requires 400): the host picks the virtual-host bucket,
 * and a proxy in front may have routed or authorised on the other one.
 */
final class RequestHeadValidator extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()
                && request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
            request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("more than one Host header")));
        }
        ctx.fireChannelRead(msg);
    }
}
