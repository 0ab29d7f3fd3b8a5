package io.stratus.http;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/** What every connection of one server shares. */
record ServerContext(
        HttpServerConfig config,
        List<HttpService> services,
        Executor workers,
        HttpMetrics metrics,
        RequestIdGenerator ids,
        ResponseHeads heads,
        BooleanSupplier stopping,
        Set<HttpConnectionHandler> connections,
        InFlightResponses inFlight,
        BodyWindow bodyWindow) {

    boolean isStopping() {
        return stopping.getAsBoolean();
    }
}
