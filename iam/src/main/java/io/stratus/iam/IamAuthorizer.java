package io.stratus.iam;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.AuthContext;
import io.stratus.auth.Credential;
import io.stratus.iam.policy.ConditionKeyResolver;
import io.stratus.iam.policy.MalformedPolicyException;
import io.stratus.iam.policy.PolicyDecision;
import io.stratus.iam.policy.PolicyDocument;
import io.stratus.iam.policy.PolicyEvaluator;
import io.stratus.iam.policy.PolicyParser;
import io.stratus.iam.policy.PolicySet;
import io.stratus.iam.policy.RequestContext;
import io.stratus.iam.store.IamStore;
import io.stratus.iam.store.Records.Group;
import io.stratus.iam.store.Records.ManagedPolicy;
import io.stratus.iam.store.Records.Role;
import io.stratus.iam.store.Records.User;
import io.stratus.iam.sts.SessionClaims;
import io.stratus.iam.sts.TokenSealer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every service asks "may this caller do this action on this resource?". Resolves the
 * caller (root, IAM user, role session, federated user, anonymous) to its policies, adds the
 * resource policy (the bucket policy for {@code arn:aws:s3:::bucket[/key]}) and evaluates.
 * The root user is allowed everything. Thread-safe.
 */
public final class IamAuthorizer {
    private static final Logger log = LoggerFactory.getLogger(IamAuthorizer.class);
    private static final String S3_ARN_PREFIX = "arn:aws:s3:::";
    private static final int MAX_CACHED_DOCUMENTS = 10_000;

    private final IamStore store;
    private final TokenSealer sealer;
    private final Clock clock;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

    public IamAuthorizer(IamStore store, TokenSealer sealer, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.sealer = requireNonNull(sealer, "sealer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Decides one request.
     *
     * @param auth the authenticated request (anonymous allowed: then only a resource policy granting
     *     Principal "*" can allow)
     * @param action the IAM action, e.g. {@code s3:GetObject}
     * @param resourceArn e.g. {@code arn:aws:s3:::bucket/key}
     * @param context request condition keys, e.g. {@code aws:SourceIp}, {@code aws:SecureTransport},
     *     {@code s3:prefix}; values may be strings, booleans, numbers or collections of them
     */
    public PolicyDecision decide(AuthContext auth, String action, String resourceArn, Map<String, ?> context) {
        return decide(auth, action, resourceArn, context, ConditionKeyResolver.NONE);
    }

    /**
     * Like {@link #decide(AuthContext, String, String, Map)}, with condition keys that are resolved
     * only if a policy condition asks for them (e.g. {@code s3:ExistingObjectTag/<key>}). The root
     * user is allowed before any policy is read, so it never triggers {@code lazyKeys}.
     */
    public PolicyDecision decide(AuthContext auth, String action, String resourceArn, Map<String, ?> context,
            ConditionKeyResolver lazyKeys) {
        return decide(auth.anonymous() ? null : auth.credential(), action, resourceArn, context, lazyKeys);
    }

    /**
     * The resource ARN of an S3 request: {@code *} without a bucket (ListBuckets),
     * {@code arn:aws:s3:::bucket} for bucket operations, {@code arn:aws:s3:::bucket/key} for objects.
     */
    public static String s3Arn(String bucket, String key) {
        if (bucket == null || bucket.isEmpty()) {
            return "*";
        }
        return key == null ? S3_ARN_PREFIX + bucket : S3_ARN_PREFIX + bucket + "/" + key;
    }

    /** Like {@link #decide(AuthContext, String, String, Map)}, for a credential (null when anonymous). */
    public PolicyDecision decide(Credential credential, String action, String resourceArn, Map<String, ?> context) {
        return decide(credential, action, resourceArn, context, ConditionKeyResolver.NONE);
    }

    private PolicyDecision decide(Credential credential, String action, String resourceArn, Map<String, ?> context,
            ConditionKeyResolver lazyKeys) {
        requireNonNull(action, "action is null");
        requireNonNull(resourceArn, "resourceArn is null");
        requireNonNull(lazyKeys, "lazyKeys is null");
        Caller caller = resolve(credential);
        if (caller.type() == Caller.Type.ROOT) {
            return PolicyDecision.allow("the account root user is allowed every action");
        }
        PolicyDocument resourcePolicy = resourcePolicy(resourceArn);
        RequestContext request = request(caller, action, resourceArn, context, lazyKeys);
        PolicyDecision decision = evaluator.evaluate(new PolicySet(caller.identityPolicies(), resourcePolicy,
                caller.sessionPolicies(), caller.permissionsBoundary()), request);
        log.debug("{} {} on {}: {} ({})", caller.arn(), action, resourceArn, decision.outcome(), decision.reason());
        return decision;
    }

    /** The request context the evaluator sees: the caller's global keys, the time, and the service's keys. */
    public RequestContext request(Caller caller, String action, String resourceArn, Map<String, ?> context) {
        return request(caller, action, resourceArn, context, ConditionKeyResolver.NONE);
    }

    private RequestContext request(Caller caller, String action, String resourceArn, Map<String, ?> context,
            ConditionKeyResolver lazyKeys) {
        Map<String, List<String>> keys = new LinkedHashMap<>(caller.keys());
        Instant now = clock.instant();
        keys.put("aws:CurrentTime", List.of(now.truncatedTo(ChronoUnit.SECONDS).toString()));
        keys.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
        if (context != null) {
            context.forEach((key, value) -> {
                List<String> values = values(value);
                if (values != null) {
                    keys.put(key, values);
                }
            });
        }
        return new RequestContext(caller.arn(), caller.aliases(), action, resourceArn, keys, lazyKeys);
    }

    /** Resolves a verified credential (null: anonymous) to the caller and its policies. */
    public Caller resolve(Credential credential) {
        String account = store.accountId();
        if (credential == null) {
            return new Caller(Caller.Type.ANONYMOUS, null, null, Set.of(), List.of(), List.of(), null, Map.of());
        }
        String rootArn = "arn:aws:iam::" + account + ":root";
        if (credential.sessionToken() == null) {
            if (rootArn.equals(credential.principalArn())) {
                return rootCaller(rootArn, account);
            }
            return store.users().findAccessKey(credential.accessKeyId())
                    .flatMap(key -> store.users().findUser(key.userName()))
                    .map(user -> userCaller(user, user.arn(), Caller.Type.USER, List.of()))
                    .orElseGet(() -> denyAll(credential.principalArn()));
        }
        Optional<SessionClaims> found = sealer.unseal(credential.sessionToken());
        if (found.isEmpty()) {
            return denyAll(credential.principalArn());
        }
        SessionClaims claims = found.get();
        List<PolicyDocument> sessionPolicies = sessionPolicies(claims);
        return switch (claims.type()) {
            case "root" -> rootCaller(rootArn, account);
            case "user" -> store.users().findUser(claims.userName())
                    .map(user -> userCaller(user, user.arn(), Caller.Type.USER, List.of()))
                    .orElseGet(() -> denyAll(claims.principalArn()));
            case "federated" -> store.users().findUser(claims.userName())
                    .map(user -> userCaller(user, claims.principalArn(), Caller.Type.FEDERATED_USER,
                            sessionPolicies.isEmpty() ? List.of(denyEverything()) : sessionPolicies))
                    .orElseGet(() -> denyAll(claims.principalArn()));
            case "role" -> store.roles().findRole(claims.roleName())
                    .map(role -> roleCaller(role, claims, sessionPolicies))
                    .orElseGet(() -> denyAll(claims.principalArn()));
            default -> denyAll(claims.principalArn());
        };
    }

    /** The identity policies of a user: its own inline and attached ones and those of its groups. */
    public List<PolicyDocument> userPolicies(User user) {
        List<PolicyDocument> policies = new ArrayList<>();
        user.inlinePolicies().values().forEach(json -> policies.add(parse(json, PolicyParser.Kind.IDENTITY)));
        user.attachedPolicies().forEach(arn -> managed(arn).ifPresent(policies::add));
        for (String groupName : user.groups()) {
            Optional<Group> group = store.groups().findGroup(groupName);
            if (group.isPresent()) {
                group.get().inlinePolicies().values().forEach(json -> policies.add(parse(json, PolicyParser.Kind.IDENTITY)));
                group.get().attachedPolicies().forEach(arn -> managed(arn).ifPresent(policies::add));
            }
        }
        return policies;
    }

    public List<PolicyDocument> rolePolicies(Role role) {
        List<PolicyDocument> policies = new ArrayList<>();
        role.inlinePolicies().values().forEach(json -> policies.add(parse(json, PolicyParser.Kind.IDENTITY)));
        role.attachedPolicies().forEach(arn -> managed(arn).ifPresent(policies::add));
        return policies;
    }

    /** Parses a policy through a cache keyed by its text (policies are immutable values). */
    public PolicyDocument parse(String json, PolicyParser.Kind kind) {
        String cacheKey = kind.name() + json;
        PolicyDocument document = parsed.get(cacheKey);
        if (document == null) {
            document = PolicyParser.parse(json, kind);
            if (parsed.size() >= MAX_CACHED_DOCUMENTS) {
                parsed.clear();
            }
            parsed.put(cacheKey, document);
        }
        return document;
    }

    private Caller rootCaller(String rootArn, String account) {
        return new Caller(Caller.Type.ROOT, rootArn, account, Set.of(account, rootArn), List.of(), List.of(), null,
                Map.of("aws:PrincipalArn", List.of(rootArn), "aws:PrincipalAccount", List.of(account),
                        "aws:PrincipalType", List.of("Account"), "aws:userid", List.of(account)));
    }

    private Caller userCaller(User user, String arn, Caller.Type type, List<PolicyDocument> sessionPolicies) {
        String account = store.accountId();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("aws:username", List.of(user.name()));
        keys.put("aws:userid", List.of(type == Caller.Type.USER ? user.userId()
                : account + ":" + arn.substring(arn.lastIndexOf('/') + 1)));
        keys.put("aws:PrincipalArn", List.of(arn));
        keys.put("aws:PrincipalAccount", List.of(account));
        keys.put("aws:PrincipalType", List.of(type == Caller.Type.USER ? "User" : "FederatedUser"));
        user.tags().forEach((k, v) -> keys.put("aws:PrincipalTag/" + k, List.of(v)));
        return new Caller(type, arn, account, Set.of(account, "arn:aws:iam::" + account + ":root", user.arn()),
                userPolicies(user), sessionPolicies, boundary(user.permissionsBoundary()), keys);
    }

    private Caller roleCaller(Role role, SessionClaims claims, List<PolicyDocument> sessionPolicies) {
        String account = store.accountId();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("aws:userid", List.of(claims.userId()));
        keys.put("aws:PrincipalArn", List.of(role.arn()));
        keys.put("aws:PrincipalAccount", List.of(account));
        keys.put("aws:PrincipalType", List.of("AssumedRole"));
        role.tags().forEach((k, v) -> keys.put("aws:PrincipalTag/" + k, List.of(v)));
        return new Caller(Caller.Type.ROLE_SESSION, claims.principalArn(), account,
                Set.of(account, "arn:aws:iam::" + account + ":root", role.arn()), rolePolicies(role), sessionPolicies,
                boundary(role.permissionsBoundary()), keys);
    }

    private List<PolicyDocument> sessionPolicies(SessionClaims claims) {
        List<PolicyDocument> policies = new ArrayList<>();
        if (claims.policy() != null) {
            policies.add(parse(claims.policy(), PolicyParser.Kind.IDENTITY));
        }
        for (String arn : claims.policyArns()) {
            // a session policy ARN that no longer exists allows nothing, so the session stays narrowed
            policies.add(managed(arn).orElseGet(IamAuthorizer::denyEverything));
        }
        return policies;
    }

    /** A boundary that no longer resolves allows nothing, so the entity stays bounded. */
    private PolicyDocument boundary(String policyArn) {
        return policyArn == null ? null : managed(policyArn).orElseGet(IamAuthorizer::denyEverything);
    }

    private Optional<PolicyDocument> managed(String arn) {
        return store.policies().findPolicy(arn).map(ManagedPolicy::defaultVersion)
                .map(version -> parse(version.document(), PolicyParser.Kind.IDENTITY));
    }

    private PolicyDocument resourcePolicy(String resourceArn) {
        if (!resourceArn.startsWith(S3_ARN_PREFIX)) {
            return null;
        }
        String rest = resourceArn.substring(S3_ARN_PREFIX.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty() || bucket.equals("*")) {
            return null;
        }
        try {
            return store.findBucketPolicy(bucket).map(json -> parse(json, PolicyParser.Kind.RESOURCE)).orElse(null);
        } catch (MalformedPolicyException e) {
            log.warn("stored policy of bucket {} no longer parses: {}", bucket, e.getMessage());
            return null;
        }
    }

    /** A caller whose identity no longer exists (deleted user or role): nothing is allowed. */
    private static Caller denyAll(String arn) {
        return new Caller(Caller.Type.ANONYMOUS, arn, null, Set.of(), List.of(), List.of(denyEverything()), null,
                Map.of());
    }

    private static PolicyDocument denyEverything() {
        return PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
                + "\"Resource\":\"*\"}]}", PolicyParser.Kind.IDENTITY);
    }

    private static List<String> values(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().filter(java.util.Objects::nonNull).map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
