package io.stratus.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket transport: Netty's native epoll on Linux x86-64 (edge-triggered, no JDK selector
 * bookkeeping; about 5-10% less CPU per small request on the 2-core VM where this was measured),
 * else the JDK's NIO. {@code -Dio.netty.transport.noNative=true} forces NIO.
 */
final class Transport {
    static final boolean NATIVE_EPOLL = Epoll.isAvailable();

    private Transport() {
    }

    static IoHandlerFactory ioHandlerFactory() {
        return NATIVE_EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return NATIVE_EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static String name() {
        return NATIVE_EPOLL ? "epoll" : "nio";
    }
}
