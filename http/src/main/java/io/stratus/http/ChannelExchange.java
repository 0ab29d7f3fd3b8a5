package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request on a connection and its one response. Handler methods run on a worker thread and
 * block on the channel through the {@link OutboundGate}; completion is reported to the connection
 * on its event loop.
 */
final class ChannelExchange implements HttpExchange {
    /** Unread body beyond this is not worth draining: closing is cheaper than reading it. */
    static final long DRAIN_LIMIT = 1024 * 1024;
    /** Larger bodies passed to respond() are streamed in chunks so progress is visible. */
    private static final int MAX_SINGLE_WRITE = 64 * 1024;

    private static final int OPEN = 0;
    private static final int RESPONDING = 1;
    private static final int DONE = 2;

    private final HttpConnectionHandler connection;
    private final ChannelHandlerContext ctx;
    private final OutboundGate gate;
    private final ServerContext server;
    private final ParsedRequestHead head;
    private final String requestId;
    private final HttpVersion version;
    private final long contentLength;
    private final boolean chunked;
    private final boolean keepAliveRequested;
    private final boolean expectContinue;
    private final boolean isHead;
    private final RequestBodyStream body;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final AtomicBoolean continueSent = new AtomicBoolean();
    private final AtomicBoolean metricsRecorded = new AtomicBoolean();
    /** Set by deferResponse, cleared once the response is handed over or given up: one in-flight unit. */
    private final AtomicBoolean deferred = new AtomicBoolean();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile String service = "none";
    private volatile String operation = "unknown";
    private volatile int status;

    ChannelExchange(HttpConnectionHandler connection, ChannelHandlerContext ctx, OutboundGate gate,
            ServerContext server, HttpRequest request, ParsedRequestHead head, String requestId) {
        this.connection = requireNonNull(connection, "connection is null");
        this.ctx = requireNonNull(ctx, "ctx is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.server = requireNonNull(server, "server is null");
        this.head = requireNonNull(head, "head is null");
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.version = request.protocolVersion();
        this.chunked = HttpUtil.isTransferEncodingChunked(request);
        this.contentLength = chunked ? -1 : HttpUtil.getContentLength(request, -1L);
        this.keepAliveRequested = HttpUtil.isKeepAlive(request);
        this.expectContinue = HttpUtil.is100ContinueExpected(request);
        this.isHead = "HEAD".equals(head.method());
        this.body = new RequestBodyStream(new BodyDemand(), server.bodyWindow(), server.config().bodyReadTimeout(),
                server.config().bodyRateFloor());
    }

    RequestBodyStream bodyStream() {
        return body;
    }

    void assignService(String name) {
        this.service = name == null ? "unnamed" : name;
    }

    // ---- HttpRequestHead ----

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String rawPath() {
        return head.rawPath();
    }

    @Override
    public String rawQuery() {
        return head.rawQuery();
    }

    @Override
    public String header(String name) {
        return head.header(name);
    }

    @Override
    public List<String> headers(String name) {
        return head.headers(name);
    }

    @Override
    public List<Map.Entry<String, String>> headerEntries() {
        return head.headerEntries();
    }

    @Override
    public String path() {
        return head.path();
    }

    @Override
    public List<Map.Entry<String, String>> queryParameters() {
        return head.queryParameters();
    }

    @Override
    public String queryParameter(String name) {
        return head.queryParameter(name);
    }

    // ---- HttpExchange ----

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public void setOperation(String operation) {
        this.operation = requireNonNull(operation, "operation is null");
    }

    @Override
    public boolean responded() {
        return state.get() != OPEN;
    }

    @Override
    public void deferResponse() {
        if (state.get() == OPEN && deferred.compareAndSet(false, true)) {
            server.inFlight().started();
        }
    }

    /** Sends "100 Continue" now if the client waits for it: its body is awaited before any handler reads it. */
    void continueNow() {
        if (expectContinue && state.get() == OPEN && !body.isComplete() && continueSent.compareAndSet(false, true)) {
            connection.sendContinue(this);
        }
    }

    /** A handler deferred the response and it has not been handed over yet. */
    boolean isDeferred() {
        return deferred.get();
    }

    /** Ends a deferral; called after the response's own in-flight unit began, so the count never dips to zero between. */
    private void endDeferral() {
        if (deferred.compareAndSet(true, false)) {
            server.inFlight().finished();
        }
    }

    @Override
    public void respond(int status, List<Map.Entry<String, String>> headers, byte[] body) throws IOException {
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        if (!isHead && body.length > MAX_SINGLE_WRITE) {
            ResponseStream stream = startResponse(status, headers, body.length);
            stream.write(ByteBuffer.wrap(body));
            stream.finish();
            return;
        }
        checkStatus(status);
        long declared = body.length;
        if (isHead) {
            long given = ResponseHeads.declaredContentLength(headers);
            declared = given >= 0 ? given : body.length;
        }
        boolean close = decideClose();
        ByteBuf content = isHead || status == 204 || status == 304 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        // Built before claiming the exchange: invalid header values throw here, and the server
        // can still answer 500 instead of dropping the connection.
        FullHttpResponse response = server.heads().full(status, headers, requestId,
                new ResponseHeads.Framing(version, declared, close), content);
        try {
            begin(status);
        } catch (IllegalStateException e) {
            response.release();
            throw e;
        }
        // The whole response is one message: once handed to the channel the exchange is complete
        // and the worker moves on without waiting for the flush (a failed write closes the
        // connection in writeLast's listener, which is all a waiting worker could have done).
        writeLast(response, close, content.readableBytes());
        state.set(DONE);
        endDeferral();
    }

    @Override
    public ResponseStream startResponse(int status, List<Map.Entry<String, String>> headers, long contentLength)
            throws IOException {
        requireNonNull(headers, "headers is null");
        if (contentLength < 0) {
            throw new IllegalArgumentException("contentLength is negative: " + contentLength);
        }
        checkStatus(status);
        boolean close = decideClose();
        long bodyBytes = isHead || status == 204 || status == 304 ? 0 : contentLength;
        HttpResponse response = server.heads().head(status, headers, requestId,
                new ResponseHeads.Framing(version, contentLength, close));
        begin(status);
        gate.touch();
        ctx.write(response).addListener(this::onPartWritten);
        return new ChannelResponseStream(this, bodyBytes, close);
    }

    // ---- used by ChannelResponseStream (worker thread) ----

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    /** Writes one body part and waits while the connection has too much unsent data. */
    void writeBodyPart(Object part, long bytes) throws IOException {
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(part);
            throw new IOException("connection closed");
        }
        bytesSent.addAndGet(bytes);
        gate.touch();
        ctx.writeAndFlush(part, ctx.newProgressivePromise().addListener(partProgress));
        gate.awaitWritable();
    }

    /** Ends the body; waits for the flush only when the caller's resources are still being read. */
    void finishBody(boolean close, boolean awaitFlush) throws IOException {
        ChannelFuture written = writeLast(LastHttpContent.EMPTY_LAST_CONTENT, close, 0);
        endDeferral();
        if (awaitFlush) {
            awaitCompletion(written);
        } else {
            state.set(DONE);
        }
    }

    /** Drops the connection: the client sees a truncated response. */
    void abort() {
        state.set(DONE);
        ctx.channel().close();
        endDeferral();
    }

    // ---- used by the connection (event loop) ----

    /** Answers with one of the server's own errors without blocking; no-op once a response began. */
    void sendErrorNow(HttpError error) {
        if (!state.compareAndSet(OPEN, RESPONDING)) {
            return;
        }
        status = error.status();
        boolean close = decideClose();
        byte[] xml = ErrorBody.render(error, requestId);
        ByteBuf content = isHead ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(xml);
        ResponseHeads.Framing framing = new ResponseHeads.Framing(version, xml.length, close);
        writeLast(server.heads().full(error.status(), ErrorBody.HEADERS, requestId, framing, content),
                close, content.readableBytes());
        state.set(DONE);
        endDeferral();
    }

    /** Records this exchange's metrics once, if a response was started. */
    void recordMetrics() {
        if (status == 0 || !metricsRecorded.compareAndSet(false, true)) {
            return;
        }
        String service = this.service;
        server.metrics().recordRequest(service, operation, status, System.nanoTime() - startNanos);
        server.metrics().recordBodyBytes(service, body.receivedBytes(), bytesSent.get());
    }

    ParsedRequestHead head() {
        return head;
    }

    String serviceName() {
        return service;
    }

    boolean isConnected() {
        return ctx.channel().isActive();
    }

    /** A response began (respond/startResponse) but its last byte was not handed over yet. */
    boolean isResponding() {
        return state.get() == RESPONDING;
    }

    boolean isDone() {
        return state.get() == DONE;
    }

    /** Gives up on answering: the client is gone. */
    void markAbandoned() {
        state.set(DONE);
        endDeferral();
    }

    // ---- internals ----

    private void begin(int status) {
        if (!state.compareAndSet(OPEN, RESPONDING)) {
            throw new IllegalStateException("a response was already sent for request " + requestId);
        }
        this.status = status;
    }

    private static void checkStatus(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not a final HTTP status: " + status);
        }
    }

    /**
     * Whether the connection must close after this response. An unread body is drained only
     * when the client is actually sending it and the rest is small; a client waiting for "100
     * Continue" that never came would otherwise deadlock with us.
     */
    private boolean decideClose() {
        if (!keepAliveRequested || server.isStopping() || body.failure() != null) {
            return true;
        }
        if (body.isComplete()) {
            return false;
        }
        if (expectContinue && !continueSent.get()) {
            return true;
        }
        return chunked || contentLength < 0 || contentLength - body.receivedBytes() > DRAIN_LIMIT;
    }

    private ChannelFuture writeLast(Object message, boolean close, long bodyBytes) {
        bytesSent.addAndGet(bodyBytes);
        gate.touch();
        ChannelPromise promise = ctx.newPromise();
        server.inFlight().started();
        promise.addListener(future -> {
            server.inFlight().finished();
            gate.signal();
            // A separate task: the listener may run inside a write made from channelRead, and
            // the connection must not start the next request re-entrantly.
            ctx.executor().execute(() -> connection.responseWritten(this, close, future.isSuccess()));
        });
        ctx.writeAndFlush(message, promise);
        return promise;
    }

    private void awaitCompletion(ChannelFuture written) throws IOException {
        gate.awaitDone(written);
        if (!written.isSuccess()) {
            throw new IOException("response could not be sent", written.cause());
        }
        state.set(DONE);
    }

    private void onPartWritten(Future<? super Void> future) {
        if (!future.isSuccess()) {
            ctx.channel().close();
        }
        gate.signal();
    }

    /**
     * A part's progress (each partial write of a file region, whichever transport) counts as the
     * client taking bytes, so a slow reader of a large block is not mistaken for a stalled one.
     */
    private final ChannelProgressiveFutureListener partProgress = new ChannelProgressiveFutureListener() {
        @Override
        public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
            gate.touch();
        }

        @Override
        public void operationComplete(ChannelProgressiveFuture future) {
            onPartWritten(future);
        }
    };

    /** Reacts to the handler's body reads (worker thread). */
    private final class BodyDemand implements RequestBodyStream.Listener {
        @Override
        public void onFirstRead() {
            if (expectContinue && state.get() == OPEN && !body.isComplete() && continueSent.compareAndSet(false, true)) {
                connection.sendContinue(ChannelExchange.this);
            }
        }

        @Override
        public void onResume() {
            connection.resumeReadingLater();
        }
    }
}
