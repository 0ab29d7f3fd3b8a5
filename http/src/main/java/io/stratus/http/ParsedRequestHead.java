package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A request head parsed once on the event loop: raw and decoded target, headers as received. */
final class ParsedRequestHead implements HttpRequestHead {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final String path;
    private final List<Map.Entry<String, String>> queryParameters;
    private final HttpHeaders headers;
    private final List<Map.Entry<String, String>> headerEntries;

    private ParsedRequestHead(String method, String rawPath, String rawQuery, String path,
            List<Map.Entry<String, String>> queryParameters, HttpHeaders headers) {
        this.method = requireNonNull(method, "method is null");
        this.rawPath = requireNonNull(rawPath, "rawPath is null");
        this.rawQuery = requireNonNull(rawQuery, "rawQuery is null");
        this.path = requireNonNull(path, "path is null");
        this.queryParameters = requireNonNull(queryParameters, "queryParameters is null");
        this.headers = requireNonNull(headers, "headers is null");
        List<Map.Entry<String, String>> entries = new ArrayList<>(headers.size());
        headers.forEach(entries::add);
        this.headerEntries = Collections.unmodifiableList(entries);
    }

    /** Parses the request target; throws when it is not origin-form or not validly encoded. */
    static ParsedRequestHead parse(HttpRequest request) throws InvalidUriException {
        String target = stripSchemeAndAuthority(request.uri());
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        if (!rawPath.startsWith("/")) {
            throw new InvalidUriException("request target is not an absolute path");
        }
        return new ParsedRequestHead(request.method().name(), rawPath, rawQuery,
                PercentDecoder.decodePath(rawPath), parseQuery(rawQuery), request.headers());
    }

    // Proxies and a few clients send absolute-form ("http://host/path"); routing only needs the path.
    private static String stripSchemeAndAuthority(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme <= 0 || uri.startsWith("/")) {
            return uri;
        }
        int pathStart = uri.indexOf('/', scheme + 3);
        int queryStart = uri.indexOf('?', scheme + 3);
        if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
            return "/" + (queryStart < 0 ? "" : uri.substring(queryStart));
        }
        return uri.substring(pathStart);
    }

    private static List<Map.Entry<String, String>> parseQuery(String rawQuery) throws InvalidUriException {
        if (rawQuery.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(Map.entry(PercentDecoder.decodeQueryComponent(name),
                    PercentDecoder.decodeQueryComponent(value)));
        }
        return Collections.unmodifiableList(parameters);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> headers(String name) {
        return headers.getAll(name);
    }

    @Override
    public List<Map.Entry<String, String>> headerEntries() {
        return headerEntries;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<Map.Entry<String, String>> queryParameters() {
        return queryParameters;
    }

    @Override
    public String queryParameter(String name) {
        for (Map.Entry<String, String> parameter : queryParameters) {
            if (parameter.getKey().equals(name)) {
                return parameter.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
}
