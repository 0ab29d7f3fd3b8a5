package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP/1.1 listener of the process. Netty event loops decode requests and route them
 * ({@link HttpService#handles}); handlers run on a bounded worker pool, and a full pool answers
 * 503 SlowDown instead of queueing without limit. Bodies stream in both directions with
 * back-pressure.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Drain allowed by {@link #close()}. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);
    /**
     * The most a socket read takes, and the largest body chunk the decoder hands on. Each read and
     * chunk costs a pass through the pipeline and the body queue: at 64 KiB a 64 MiB upload took
     * over a thousand of each, and raising both to 256 KiB made 64 MiB PUT at concurrency 4 about
     * 10% faster (three alternating pairs, 456 against 411 MiB/s on average). Small requests are
     * unaffected: the read buffer only grows when reads fill it.
     */
    private static final int MAX_READ = 256 * 1024;
    private static final int MAX_BODY_CHUNK = MAX_READ;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    private final HttpServerConfig config;
    private final List<HttpService> services;
    private final HttpMetrics metrics;
    private final Clock clock;
    private final Set<HttpConnectionHandler> connections = ConcurrentHashMap.newKeySet();
    private final InFlightResponses inFlight = new InFlightResponses();
    private final Object lifecycle = new Object();
    private volatile boolean stopping;
    private boolean started;
    private boolean stopped;
    private ThreadPoolExecutor workers;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;

    public HttpServer(HttpServerConfig config, List<HttpService> services, HttpMetrics metrics) {
        this(config, services, metrics, Clock.systemUTC());
    }

    /** As above, with the clock that stamps {@code Date} headers. */
    public HttpServer(HttpServerConfig config, List<HttpService> services, HttpMetrics metrics, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.services = List.copyOf(requireNonNull(services, "services is null"));
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Binds the listener; returns the bound port (useful with port 0). */
    public int start() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("server already started");
            }
            started = true;
            workers = newWorkerPool();
            acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stratus-http-accept"),
                    Transport.ioHandlerFactory());
            // One event loop per core, not Netty's default of two: the loops move bytes and answer
            // only what is already in memory (blocking handlers run on the workers), and fewer loops
            // batch more events per wake-up.
            ioGroup = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("stratus-http-io"),
                    Transport.ioHandlerFactory());
            ServerContext context = new ServerContext(config, services, workers, metrics, new RequestIdGenerator(),
                    new ResponseHeads(clock, new RequestIdGenerator()), () -> stopping, connections, inFlight,
                    new BodyWindow());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptGroup, ioGroup)
                    .channel(Transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, ResponseSizeEstimator.INSTANCE)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            HttpConnectionHandler connection = new HttpConnectionHandler(context);
                            channel.pipeline()
                                    .addLast("activity", new InboundActivityHandler(connection::onInboundBytes))
                                    .addLast("codec", new HttpServerCodec(decoderConfig(config)))
                                    .addLast("validate", new RequestHeadValidator())
                                    .addLast("flow", new FlowControlHandler())
                                    .addLast("connection", connection);
                        }
                    });
            try {
                serverChannel = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
            } catch (Exception e) { // Netty rethrows the checked BindException unchecked
                shutdownResources();
                throw bindFailure(e);
            }
            int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
            log.info("HTTP listener on {}:{} ({})", config.host(), port, Transport.name());
            return port;
        }
    }

    /**
     * Stops accepting, closes idle connections, lets in-flight requests finish for up to
     * {@code drain} (their responses carry {@code Connection: close}), then closes everything.
     */
    public void stop(Duration drain) {
        requireNonNull(drain, "drain is null");
        synchronized (lifecycle) {
            if (!started || stopped) {
                return;
            }
            stopped = true;
            stopping = true;
            serverChannel.close().awaitUninterruptibly();
            connections.forEach(HttpConnectionHandler::closeIfIdle);
            workers.shutdown();
            long deadline = System.nanoTime() + drain.toNanos();
            try {
                if (!workers.awaitTermination(drain.toNanos(), TimeUnit.NANOSECONDS)) {
                    log.warn("{} requests still running after {}; interrupting them", workers.getActiveCount(), drain);
                    workers.shutdownNow();
                }
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!inFlight.awaitNone(left)) {
                    log.warn("responses still being written after {}; closing their connections", drain);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.shutdownNow();
            }
            shutdownResources();
            log.info("HTTP listener stopped");
        }
    }

    @Override
    public void close() {
        stop(DEFAULT_DRAIN);
    }

    private void shutdownResources() {
        workers.shutdownNow();
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private ThreadPoolExecutor newWorkerPool() {
        BlockingQueue<Runnable> queue = config.maxQueuedRequests() == 0
                ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(config.maxQueuedRequests());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(),
                60, TimeUnit.SECONDS, queue, new DefaultThreadFactory("stratus-http-worker"),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The request decoder's limits; package-private so the request-head fuzz test decodes exactly as the server does. */
    static HttpDecoderConfig decoderConfig(HttpServerConfig config) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineLength())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setMaxChunkSize(MAX_BODY_CHUNK);
    }

    private RuntimeException bindFailure(Exception e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        IOException cause = e instanceof IOException io ? io : new IOException(e);
        return new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), cause);
    }
}
