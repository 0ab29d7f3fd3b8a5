package io.stratus.http;

/** A test service answering every path under a prefix with a lambda. */
final class Route implements HttpService {
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    private final String prefix;
    private final String name;
    private final Handler handler;

    private Route(String prefix, String name, Handler handler) {
        this.prefix = prefix;
        this.name = name;
        this.handler = handler;
    }

    static Route at(String prefix, Handler handler) {
        return new Route(prefix, "test", handler);
    }

    static Route named(String name, String prefix, Handler handler) {
        return new Route(prefix, name, handler);
    }

    @Override
    public boolean handles(HttpRequestHead head) {
        return head.path().startsWith(prefix);
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        handler.handle(exchange);
    }

    @Override
    public String name() {
        return name;
    }
}
