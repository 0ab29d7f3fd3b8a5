/**
 * The one HTTP/1.1 listener of Stratus (Netty, NIO transport).
 *
 * <p>{@link io.stratus.http.HttpServer} decodes requests on event loops, asks each
 * {@link io.stratus.http.HttpService} in list order whether it takes the request, and runs the
 * first taker on a bounded worker pool (full pool: 503 SlowDown). Bodies stream both ways with
 * back-pressure: the socket is read only as fast as the handler reads
 * {@link io.stratus.http.HttpExchange#body()}, and response writes block while the connection is
 * not writable. "100 Continue" is sent only when the handler first reads the body.
 *
 * <p>Decoding choices: {@code path()} is percent-decoded UTF-8 with '+' kept as '+'; query names
 * and values are percent-decoded with '+' as a space, as AWS S3 does (AWS clients send a literal
 * plus as %2B). Invalid escapes or UTF-8 in path or query answer 400 InvalidURI. {@code rawPath()}
 * and {@code rawQuery()} are exactly as received, for signature checks.
 *
 * <p>Errors the layer answers itself use S3-style XML bodies: BadRequest, InvalidURI,
 * RequestTimeout, NotFound, RequestURITooLong (414), RequestHeaderSectionTooLarge (400, as S3),
 * InternalError, SlowDown.
 */
package io.stratus.http;
