package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection, driven on its event loop. Auto-read is off and a FlowControlHandler
 * sits in front of this handler, so every {@code ctx.read()} delivers at most one decoded message
 * and the connection keeps exactly one read outstanding while it wants input: it reads the next
 * request only after the current response, and the body only as fast as the handler takes it.
 *
 * <p>States: waiting for a request head (idle, then header timeout), in an exchange (body flowing
 * to the handler, then possibly drained after the response), closing (response sent, output shut,
 * input discarded for a moment so the client sees our response rather than a reset).
 */
final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpConnectionHandler.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** How long a closing connection keeps swallowing input after its last response. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private enum State { AWAITING_HEAD, EXCHANGE, CLOSING }

    private final ServerContext server;
    private ChannelHandlerContext ctx;
    private OutboundGate gate;
    private State state = State.AWAITING_HEAD;
    private boolean idleWait;
    private boolean readOutstanding;
    private boolean readPaused;
    private ChannelExchange exchange;
    /** The service waiting for the current request's whole (small) body to answer it on this loop, or null. */
    private HttpService awaitingBody;
    private boolean bodyComplete;
    private boolean responseDone;
    private ScheduledFuture<?> timer;

    HttpConnectionHandler(ServerContext server) {
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = new OutboundGate(ctx.channel(), server.config().bodyReadTimeout());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        server.connections().add(this);
        if (server.isStopping()) {
            ctx.close();
            return;
        }
        arm(server.config().headerTimeout(), this::headerTimedOut);
        requestRead();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.connections().remove(this);
        cancelTimer();
        state = State.CLOSING;
        gate.signal();
        if (awaitingBody != null) {
            awaitingBody = null;
            server.inFlight().finished();
        }
        if (exchange != null) {
            exchange.bodyStream().abort(new IOException("connection closed by the client"));
            exchange.recordMetrics();
            exchange = null;
        }
        ctx.fireChannelInactive();
    }

    /**
     * A read that ends without delivering a message still completes (FlowControlHandler resets
     * its unsatisfied reads here), so a read we are still waiting for must be asked for again.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readOutstanding && state != State.CLOSING) {
            readOutstanding = false;
            requestRead();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        gate.signal();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readOutstanding = false;
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HttpRequest request) {
            ReferenceCountUtil.release(msg);
            onHead(request);
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Called for raw bytes arriving: the idle wait ends and the header clock starts. */
    void onInboundBytes() {
        if (state == State.AWAITING_HEAD && idleWait) {
            idleWait = false;
            arm(server.config().headerTimeout(), this::headerTimedOut);
        }
    }

    private void onHead(HttpRequest request) {
        cancelTimer();
        if (state != State.AWAITING_HEAD) {
            ctx.close(); // cannot happen with one read per message; never guess
            return;
        }
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            failFatally(errorFor(result.cause()), server.ids().nextRequestId());
            return;
        }
        String requestId = server.ids().nextRequestId();
        ParsedRequestHead head;
        try {
            head = ParsedRequestHead.parse(request);
        } catch (InvalidUriException e) {
            failFatally(HttpError.INVALID_URI, requestId);
            return;
        }
        ChannelExchange current = new ChannelExchange(this, ctx, gate, server, request, head, requestId);
        exchange = current;
        state = State.EXCHANGE;
        responseDone = false;
        readPaused = false;
        // A request without Content-Length or chunked framing has no body (RFC 9112 6.3). Say so
        // now rather than when the decoder's end marker is read, which may be after the handler
        // already answered and the keep-alive decision was made.
        bodyComplete = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        if (bodyComplete) {
            current.bodyStream().end();
        }
        dispatch(current, head, bodyComplete);
        requestRead(); // the body, or the end marker of an empty body
    }

    private void dispatch(ChannelExchange current, ParsedRequestHead head, boolean withoutBody) {
        HttpService target = null;
        try {
            for (HttpService service : server.services()) {
                if (service.handles(head)) {
                    target = service;
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.error("Request {} ({}): routing failed", current.requestId(), head, e);
            current.sendErrorNow(HttpError.INTERNAL_ERROR);
            return;
        }
        if (target == null) {
            current.sendErrorNow(HttpError.NOT_FOUND);
            return;
        }
        current.assignService(target.name());
        if (withoutBody && answeredNow(target, current)) {
            return;
        }
        if (!withoutBody && waitsForWholeBody(target, current)) {
            // A small upload is answered here once its body is in: no worker hand-off. A body
            // that is late goes to a worker, which reads the rest under the usual body timeouts.
            // Counted in flight like a response being written: a stop waits for the body and the answer.
            awaitingBody = target;
            server.inFlight().started();
            arm(server.config().bodyReadTimeout(), this::wholeBodyLate);
            current.continueNow();
            return;
        }
        runOnWorker(target, current);
    }

    private void runOnWorker(HttpService target, ChannelExchange current) {
        try {
            server.workers().execute(new ExchangeTask(target, current));
        } catch (RejectedExecutionException e) {
            current.sendErrorNow(HttpError.SLOW_DOWN);
        }
    }

    private boolean waitsForWholeBody(HttpService target, ChannelExchange current) {
        long length = current.contentLength();
        if (length < 0 || length > HttpService.WHOLE_BODY_LIMIT) {
            return false;
        }
        try {
            return target.handleNowWithBody(current);
        } catch (RuntimeException e) {
            log.warn("Request {} ({}): handleNowWithBody failed", current.requestId(), current.head(), e);
            return false;
        }
    }

    /** The whole body is in: the waiting service answers now, or a worker does. */
    private void wholeBodyArrived() {
        HttpService target = awaitingBody;
        awaitingBody = null;
        cancelTimer();
        try {
            if (!answeredNow(target, exchange)) {
                runOnWorker(target, exchange);
            }
        } finally {
            // After the answer, its deferral or the worker took over: the count never dips to zero between.
            server.inFlight().finished();
        }
    }

    /** The awaited body is late or broken: a worker takes the request (and reads or fails under the usual rules). */
    private void wholeBodyLate() {
        HttpService target = awaitingBody;
        if (target == null) {
            return;
        }
        awaitingBody = null;
        try {
            if (state == State.EXCHANGE && exchange != null) {
                runOnWorker(target, exchange);
            }
        } finally {
            server.inFlight().finished();
        }
    }

    /** Lets the service answer on this event loop; a failure there falls back to the worker path. */
    private boolean answeredNow(HttpService target, ChannelExchange current) {
        try {
            return target.handleNow(current);
        } catch (RuntimeException e) {
            if (current.responded()) {
                log.error("Request {} ({}) failed on the event loop after responding", current.requestId(), current.head(), e);
                return true;
            }
            log.warn("Request {} ({}): event-loop attempt failed, retrying on a worker", current.requestId(),
                    current.head(), e);
            return false;
        }
    }

    private void onContent(HttpContent content) {
        if (state != State.EXCHANGE || bodyComplete) {
            // The end marker of a body already known to be empty. It answered our read: if we
            // moved on to the next request meanwhile, ask again for that one.
            content.release();
            if (state == State.AWAITING_HEAD) {
                requestRead();
            }
            return;
        }
        RequestBodyStream body = exchange.bodyStream();
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            content.release();
            body.fail(new MalformedBodyException("malformed request body framing", cause));
            if (responseDone) {
                ctx.close();
            }
            wholeBodyLate(); // a service waiting for this body hands it to a worker, which answers the failure
            return; // no more reads: the response to this request closes the connection
        }
        if (responseDone) {
            arm(server.config().bodyReadTimeout(), ctx::close);
        }
        boolean more = true;
        ByteBuf data = content.content();
        if (data.isReadable()) {
            more = body.offer(data);
        } else {
            content.release();
        }
        if (content instanceof LastHttpContent) {
            bodyComplete = true;
            body.end();
            if (awaitingBody != null) {
                wholeBodyArrived();
                return;
            }
            if (responseDone) {
                nextRequest();
            }
        } else if (more) {
            requestRead();
        } else {
            readPaused = true;
        }
    }

    /** The handler caught up with a paused body (any thread). */
    void resumeReadingLater() {
        ctx.executor().execute(() -> {
            if (state == State.EXCHANGE && !bodyComplete && readPaused) {
                readPaused = false;
                requestRead();
            }
        });
    }

    /** Sends "100 Continue" for the exchange unless it is no longer current (any thread). */
    void sendContinue(ChannelExchange target) {
        ctx.executor().execute(() -> {
            if (exchange == target && state == State.EXCHANGE && !responseDone && ctx.channel().isActive()) {
                // Written below the HTTP encoder: it counts responses to pair them with request
                // methods (HEAD), and an interim response must not use up that pairing.
                ChannelHandlerContext codec = ctx.pipeline().context(HttpServerCodec.class);
                codec.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE));
            }
        });
    }

    /** The exchange's last response byte was handed to the socket, or writing failed (event loop). */
    void responseWritten(ChannelExchange done, boolean close, boolean success) {
        done.recordMetrics();
        if (done != exchange || state != State.EXCHANGE) {
            return;
        }
        if (!success) {
            ctx.close();
            return;
        }
        responseDone = true;
        if (close || server.isStopping()) {
            lingerAndClose();
            return;
        }
        if (!bodyComplete) {
            exchange.bodyStream().discard();
            arm(server.config().bodyReadTimeout(), ctx::close);
            readPaused = false;
            requestRead();
            return;
        }
        nextRequest();
    }

    /** Closes the connection if it is between requests (server stopping; any thread). */
    void closeIfIdle() {
        ctx.executor().execute(() -> {
            if (state == State.AWAITING_HEAD || (state == State.EXCHANGE && responseDone)) {
                ctx.close();
            }
        });
    }

    private void nextRequest() {
        exchange.bodyStream().discard();
        exchange = null;
        state = State.AWAITING_HEAD;
        responseDone = false;
        if (server.isStopping()) {
            ctx.close();
            return;
        }
        idleWait = true;
        arm(server.config().idleTimeout(), ctx::close);
        requestRead();
    }

    private void headerTimedOut() {
        if (state == State.AWAITING_HEAD) {
            log.debug("Connection {}: no complete request head in time", ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    /** Answers a request that cannot be processed at all, then closes. */
    private void failFatally(HttpError error, String requestId) {
        state = State.CLOSING;
        byte[] xml = ErrorBody.render(error, requestId);
        ResponseHeads.Framing framing = new ResponseHeads.Framing(HttpVersion.HTTP_1_1, xml.length, true);
        server.metrics().recordRequest("none", "unknown", error.status(), 0);
        ctx.writeAndFlush(server.heads().full(error.status(), ErrorBody.HEADERS, requestId, framing,
                        Unpooled.wrappedBuffer(xml)))
                .addListener(future -> {
                    if (future.isSuccess()) {
                        lingerAndClose();
                    } else {
                        ctx.close();
                    }
                });
    }

    /**
     * Closing a socket with unread input makes the kernel send a reset, which can destroy our
     * response before the client read it. So: shut our output (the client sees the end of the
     * response), swallow input for a moment, then close.
     */
    private void lingerAndClose() {
        state = State.CLOSING;
        if (exchange != null) {
            exchange.bodyStream().discard();
            exchange = null;
        }
        Channel channel = ctx.channel();
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            ctx.close();
            return;
        }
        duplex.shutdownOutput();
        arm(LINGER, ctx::close);
        channel.config().setAutoRead(true);
    }

    private void requestRead() {
        if (!readOutstanding) {
            readOutstanding = true;
            ctx.read();
        }
    }

    private void arm(Duration delay, Runnable action) {
        cancelTimer();
        timer = ctx.executor().schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static HttpError errorFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpError.URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpError.HEADERS_TOO_LARGE;
        }
        return HttpError.BAD_REQUEST;
    }
}
