package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * An S3 endpoint to measure (path-style requests, SigV4).
 *
 * @param name how result rows name it ("stratus", "s3proxy", or the endpoint)
 */
public record S3Target(String name, URI endpoint, String accessKey, String secretKey, String region) {
    public S3Target {
        requireNonNull(name, "name is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(secretKey, "secretKey is null");
        requireNonNull(region, "region is null");
        if (!"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("only http:// endpoints are supported: " + endpoint);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(endpoint.getHost(), port());
    }

    /** The Host header value. */
    public String hostHeader() {
        return endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ':' + endpoint.getPort();
    }

    private int port() {
        return endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    }

    @Override
    public String toString() {
        return name + " (" + endpoint + ", access key " + accessKey + ")";
    }
}
