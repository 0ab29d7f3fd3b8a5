package io.stratus.iam.query;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.AuthContext;
import io.stratus.auth.AuthException;
import io.stratus.auth.SigV4Authenticator;
import io.stratus.auth.SignedRequest;
import io.stratus.http.HttpExchange;
import io.stratus.http.HttpRequestHead;
import io.stratus.http.HttpService;
import io.stratus.iam.IamAuthorizer;
import io.stratus.iam.IamCredentials;
import io.stratus.iam.IamError;
import io.stratus.iam.IamException;
import io.stratus.iam.ldap.LdapConfig;
import io.stratus.iam.ldap.LdapSignIn;
import io.stratus.iam.oidc.WebIdentityVerifier;
import io.stratus.iam.policy.MalformedPolicyException;
import io.stratus.iam.store.IamStore;
import io.stratus.iam.sts.TokenSealer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IAM and STS query APIs on the shared endpoint: {@code POST /} with a form body
 * ({@code Action=...&Version=...}), signed with SigV4 for service {@code iam} or {@code sts}.
 *
 * <p>{@link #handles} takes a request when it is a POST to {@code /} with Content-Type
 * {@code application/x-www-form-urlencoded} and, if it is signed, its credential scope names the
 * {@code iam} or {@code sts} service. S3 never receives such a request (its form POSTs are
 * multipart/form-data to a bucket), so this service must be registered before S3.
 */
public final class IamQueryService implements HttpService {
    private static final Logger log = LoggerFactory.getLogger(IamQueryService.class);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String GLOBAL_REGION = "us-east-1";
    private static final String SDK_GLOBAL_REGION = "aws-global";
    private static final int MAX_BODY = 256 * 1024;

    private final IamActions iam;
    private final StsActions sts;
    private final Map<String, SigV4Authenticator> authenticators;

    /**
     * @param region the server's region; requests signed for it, for us-east-1 or for aws-global
     *     (where clients sign the global IAM service) are accepted
     */
    public IamQueryService(IamStore store, IamCredentials credentials, IamAuthorizer authorizer, TokenSealer sealer,
            Clock clock, String region, Optional<LdapConfig> ldap, Optional<WebIdentityVerifier> webIdentity) {
        requireNonNull(region, "region is null");
        this.iam = new IamActions(store, authorizer);
        this.sts = new StsActions(store, authorizer, sealer, clock, ldap.map(LdapSignIn::new).orElse(null),
                webIdentity.orElse(null));
        Map<String, SigV4Authenticator> byRegion = new LinkedHashMap<>();
        byRegion.put(GLOBAL_REGION, new SigV4Authenticator(credentials, clock, GLOBAL_REGION));
        // the SDK signs IAM for region "aws-global" when its endpoint is overridden
        byRegion.put(SDK_GLOBAL_REGION, new SigV4Authenticator(credentials, clock, SDK_GLOBAL_REGION));
        byRegion.putIfAbsent(region, new SigV4Authenticator(credentials, clock, region));
        this.authenticators = Map.copyOf(byRegion);
    }

    @Override
    public boolean handles(HttpRequestHead head) {
        if (!"POST".equals(head.method()) || !"/".equals(head.rawPath())) {
            return false;
        }
        String contentType = head.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return false;
        }
        String[] scope = scope(head.header("authorization"));
        return scope == null || scope[1].equals("iam") || scope[1].equals("sts");
    }

    @Override
    public String name() {
        return "iam";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String action = null;
        String namespace = IAM_NS;
        try {
            byte[] body = readBody(exchange.body());
            Map<String, String> parameters = new LinkedHashMap<>();
            QueryRequest.parseForm(new String(body, StandardCharsets.UTF_8), parameters);
            exchange.queryParameters().forEach(p -> parameters.putIfAbsent(p.getKey(), p.getValue()));
            action = parameters.get("Action");
            String[] scope = scope(exchange.header("authorization"));
            boolean isSts = scope != null ? scope[1].equals("sts") : StsActions.ACTIONS.contains(action);
            namespace = isSts ? STS_NS : IAM_NS;
            if (action == null || action.isEmpty()) {
                throw IamError.INVALID_ACTION.exception("Missing Action");
            }
            // The metrics are tagged with the operation, so an action name only becomes a tag once
            // it is known: a client sending made-up actions must not grow the registry without end.
            exchange.setOperation(StsActions.ACTIONS.contains(action) || IamActions.ACTIONS.contains(action)
                    ? action : "unknown");
            AuthContext auth = authenticate(exchange, scope, isSts ? "sts" : "iam", body);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("aws:SourceIp", exchange.remoteAddress().getAddress().getHostAddress());
            context.put("aws:SecureTransport", "false");
            QueryRequest request = new QueryRequest(action, parameters, auth.anonymous() ? null : auth.credential(),
                    context, exchange.requestId());
            String result;
            if (isSts) {
                result = sts.handle(request);
            } else if (IamActions.ACTIONS.contains(action)) {
                result = iam.handle(request);
            } else {
                throw IamError.INVALID_ACTION.exception("Could not find operation " + action + " for version 2010-05-08");
            }
            respond(exchange, 200, success(action, namespace, result, exchange.requestId()));
        } catch (IamException e) {
            respond(exchange, e.httpStatus(), error(namespace, e.faultType(), e.code(), e.getMessage(), exchange.requestId()));
        } catch (MalformedPolicyException e) {
            respond(exchange, 400, error(namespace, "Sender", IamError.MALFORMED_POLICY_DOCUMENT.code(), e.getMessage(),
                    exchange.requestId()));
        } catch (AuthException e) {
            IamException translated = translate(e);
            respond(exchange, translated.httpStatus(), error(namespace, "Sender", translated.code(),
                    translated.getMessage(), exchange.requestId()));
        } catch (RuntimeException e) {
            log.error("request {} ({}) failed", exchange.requestId(), action, e);
            respond(exchange, 500, error(namespace, "Receiver", IamError.INTERNAL_FAILURE.code(),
                    "The request processing has failed because of an unknown error, exception or failure.",
                    exchange.requestId()));
        }
    }

    /**
     * The query APIs word credential failures differently from S3: an unknown key id and a bad
     * session token are both InvalidClientTokenId (403), an expired token is ExpiredToken with 403.
     */
    private static IamException translate(AuthException e) {
        return switch (e.code()) {
            case "InvalidAccessKeyId", "InvalidToken" -> IamError.INVALID_CLIENT_TOKEN_ID.exception(
                    "The security token included in the request is invalid.");
            case "ExpiredToken" -> IamError.EXPIRED_TOKEN.exception(
                    "The security token included in the request is expired");
            default -> new IamException(e.code(), e.httpStatus(), e.getMessage());
        };
    }

    private AuthContext authenticate(HttpExchange exchange, String[] scope, String service, byte[] body) {
        SignedRequest signed = new SignedRequest(exchange.method(), exchange.rawPath(), exchange.rawQuery(),
                exchange.headerEntries());
        SigV4Authenticator authenticator = scope == null ? authenticators.get(GLOBAL_REGION)
                : authenticators.getOrDefault(scope[0], authenticators.get(GLOBAL_REGION));
        return authenticator.authenticate(signed, service, body);
    }

    /** {region, service} from {@code AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...}. */
    private static String[] scope(String authorization) {
        if (authorization == null) {
            return null;
        }
        int start = authorization.indexOf("Credential=");
        if (start < 0) {
            return new String[] {"", ""};
        }
        int end = authorization.indexOf(',', start);
        String[] parts = authorization.substring(start + "Credential=".length(), end < 0 ? authorization.length() : end)
                .trim().split("/");
        return parts.length == 5 ? new String[] {parts[2], parts[3]} : new String[] {"", ""};
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                throw IamError.VALIDATION_ERROR.exception("Request body is larger than " + MAX_BODY + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static String success(String action, String namespace, String result, String requestId) {
        StringBuilder out = new StringBuilder(256);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                .append(namespace).append("\">");
        if (result != null) {
            out.append('<').append(action).append("Result>").append(result).append("</").append(action).append("Result>");
        }
        out.append(new Xml().open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata"));
        return out.append("</").append(action).append("Response>").toString();
    }

    private static String error(String namespace, String type, String code, String message, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + new Xml().open("ErrorResponse", namespace).open("Error")
                .element("Type", type).element("Code", code).element("Message", message).close("Error")
                .element("RequestId", requestId).close("ErrorResponse");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        exchange.respond(status, List.of(Map.entry("Content-Type", "text/xml")), xml.getBytes(StandardCharsets.UTF_8));
    }
}
