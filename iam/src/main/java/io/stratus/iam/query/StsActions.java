package io.stratus.iam.query;

import static java.util.Objects.requireNonNull;

import io.stratus.iam.Caller;
import io.stratus.iam.IamAuthorizer;
import io.stratus.iam.IamError;
import io.stratus.iam.ldap.LdapSignIn;
import io.stratus.iam.ldap.LdapSignIn.DirectoryUser;
import io.stratus.iam.oidc.WebIdentityVerifier;
import io.stratus.iam.policy.PolicyDecision;
import io.stratus.iam.policy.PolicyDocument;
import io.stratus.iam.policy.PolicyEvaluator;
import io.stratus.iam.policy.PolicyParser;
import io.stratus.iam.policy.PolicySet;
import io.stratus.iam.policy.RequestContext;
import io.stratus.iam.store.IamStore;
import io.stratus.iam.store.Records.Role;
import io.stratus.iam.sts.SessionClaims;
import io.stratus.iam.sts.TokenSealer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The STS API actions. Temporary credentials are an ASIA... key id, a random secret and a session
 * token that seals (AES-GCM) everything the session is ({@link SessionClaims}).
 */
final class StsActions {
    static final Set<String> ACTIONS = Set.of("GetCallerIdentity", "GetSessionToken", "AssumeRole",
            "GetFederationToken", "AssumeRoleWithLDAPIdentity", "AssumeRoleWithWebIdentity");

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern FEDERATED_NAME = Pattern.compile("[\\w+=,.@-]{2,32}");
    private static final int MAX_PACKED_POLICY = 2048;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final IamStore store;
    private final IamAuthorizer authorizer;
    private final TokenSealer sealer;
    private final Clock clock;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final SecureRandom random = new SecureRandom();
    private final LdapSignIn ldap;
    private final WebIdentityVerifier webIdentity;

    /**
     * @param ldap directory sign-in, or null when no directory is configured
     * @param webIdentity the OIDC token verifier, or null when no issuer is configured
     */
    StsActions(IamStore store, IamAuthorizer authorizer, TokenSealer sealer, Clock clock, LdapSignIn ldap,
            WebIdentityVerifier webIdentity) {
        this.ldap = ldap;
        this.webIdentity = webIdentity;
        this.store = requireNonNull(store, "store is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.sealer = requireNonNull(sealer, "sealer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    String handle(QueryRequest request) {
        if (request.action().equals("AssumeRoleWithLDAPIdentity")) {
            return assumeRoleWithLdapIdentity(request);
        }
        if (request.action().equals("AssumeRoleWithWebIdentity")) {
            return assumeRoleWithWebIdentity(request);
        }
        if (request.credential() == null) {
            throw IamError.MISSING_AUTHENTICATION_TOKEN.exception("Request is missing Authentication Token");
        }
        Caller caller = authorizer.resolve(request.credential());
        return switch (request.action()) {
            case "GetCallerIdentity" -> new Xml().element("Arn", caller.arn())
                    .element("UserId", caller.keys().get("aws:userid") == null ? null : caller.keys().get("aws:userid").get(0))
                    .element("Account", store.accountId()).toString();
            case "GetSessionToken" -> getSessionToken(request, caller);
            case "AssumeRole" -> assumeRole(request, caller);
            case "GetFederationToken" -> getFederationToken(request, caller);
            default -> throw IamError.INVALID_ACTION.exception("Could not find operation " + request.action()
                    + " for version 2011-06-15");
        };
    }

    private String getSessionToken(QueryRequest request, Caller caller) {
        if (caller.type() != Caller.Type.USER && caller.type() != Caller.Type.ROOT) {
            throw IamError.ACCESS_DENIED.exception("Cannot call GetSessionToken with session credentials");
        }
        if (request.credential().sessionToken() != null) {
            throw IamError.ACCESS_DENIED.exception("Cannot call GetSessionToken with session credentials");
        }
        boolean root = caller.type() == Caller.Type.ROOT;
        long duration = duration(request, root ? 3600 : 43200, 900, root ? 3600 : 129600);
        String userName = root ? null : caller.keys().get("aws:username").get(0);
        String userId = caller.keys().get("aws:userid").get(0);
        Issued issued = issue(root ? "root" : "user", caller.arn(), userName, null, userId, duration, null, List.of());
        return credentialsXml(issued);
    }

    private String assumeRole(QueryRequest request, Caller caller) {
        String roleArn = request.required("RoleArn");
        String sessionName = request.required("RoleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        Role role = store.roles().findRole(roleName).filter(r -> r.arn().equals(roleArn)).orElseThrow(() ->
                IamError.ACCESS_DENIED.exception("User: " + caller.arn() + " is not authorized to perform: "
                        + "sts:AssumeRole on resource: " + roleArn));
        long duration = duration(request, 3600, 900, role.maxSessionDuration());
        String policy = sessionPolicy(request);
        List<String> policyArns = policyArns(request);

        Map<String, Object> context = new HashMap<>(request.context());
        context.put("sts:RoleSessionName", sessionName);
        if (request.optional("ExternalId") != null) {
            context.put("sts:ExternalId", request.optional("ExternalId"));
        }
        if (!trusts(role, caller, context)) {
            throw IamError.ACCESS_DENIED.exception("User: " + caller.arn() + " is not authorized to perform: "
                    + "sts:AssumeRole on resource: " + roleArn);
        }
        String sessionArn = "arn:aws:sts::" + store.accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
        String userId = role.roleId() + ":" + sessionName;
        Issued issued = issue("role", sessionArn, null, role.name(), userId, duration, policy, policyArns);
        return credentialsXml(issued) + new Xml().open("AssumedRoleUser").element("AssumedRoleId", userId)
                .element("Arn", sessionArn).close("AssumedRoleUser").element("PackedPolicySize", packedSize(policy));
    }

    private String getFederationToken(QueryRequest request, Caller caller) {
        if (caller.type() != Caller.Type.USER || request.credential().sessionToken() != null) {
            throw IamError.ACCESS_DENIED.exception("Only IAM users with long-term credentials can call GetFederationToken");
        }
        String name = request.required("Name");
        if (!FEDERATED_NAME.matcher(name).matches()) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must have length between 2 and 32");
        }
        String federatedArn = "arn:aws:sts::" + store.accountId() + ":federated-user/" + name;
        PolicyDecision decision = authorizer.decide(request.credential(), "sts:GetFederationToken", federatedArn,
                request.context());
        if (!decision.allowed()) {
            throw IamError.ACCESS_DENIED.exception("User: " + caller.arn() + " is not authorized to perform: "
                    + "sts:GetFederationToken on resource: " + federatedArn);
        }
        long duration = duration(request, 43200, 900, 129600);
        String policy = sessionPolicy(request);
        List<String> policyArns = policyArns(request);
        String userName = caller.keys().get("aws:username").get(0);
        String userId = store.accountId() + ":" + name;
        Issued issued = issue("federated", federatedArn, userName, null, userId, duration, policy, policyArns);
        return credentialsXml(issued) + new Xml().open("FederatedUser").element("FederatedUserId", userId)
                .element("Arn", federatedArn).close("FederatedUser").element("PackedPolicySize", packedSize(policy));
    }

    /**
     * MinIO-compatible directory sign-in (unsigned): LDAPUsername / LDAPPassword, optional RoleArn
     * (required when the user's groups map to several roles), DurationSeconds, Policy. The role map
     * is the administrator's trust statement, so the role's trust policy is not consulted.
     */
    private String assumeRoleWithLdapIdentity(QueryRequest request) {
        if (ldap == null) {
            throw IamError.INVALID_PARAMETER_VALUE.exception("Directory sign-in is not configured (STRATUS_LDAP_URL)");
        }
        String username = request.required("LDAPUsername");
        DirectoryUser user = ldap.signIn(username, request.required("LDAPPassword"));
        String roleArn = request.optional("RoleArn");
        List<Role> roles = user.roles().stream().flatMap(name -> store.roles().findRole(name).stream()).toList();
        Role role;
        if (roleArn != null) {
            role = roles.stream().filter(r -> r.arn().equals(roleArn)).findFirst().orElseThrow(() ->
                    IamError.ACCESS_DENIED.exception("LDAP user " + username + " may not assume " + roleArn));
        } else if (roles.size() == 1) {
            role = roles.get(0);
        } else if (roles.isEmpty()) {
            throw IamError.ACCESS_DENIED.exception("No role mapped to the groups of LDAP user " + username + " exists");
        } else {
            throw IamError.VALIDATION_ERROR.exception("LDAP user " + username + " maps to several roles "
                    + roles.stream().map(Role::arn).toList() + "; choose one with RoleArn");
        }
        long duration = duration(request, 3600, 900, role.maxSessionDuration());
        String policy = sessionPolicy(request);
        String sessionName = sessionName(username);
        String sessionArn = "arn:aws:sts::" + store.accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
        String userId = role.roleId() + ":" + sessionName;
        Issued issued = issue("role", sessionArn, null, role.name(), userId, duration, policy, List.of());
        return credentialsXml(issued) + new Xml().open("AssumedRoleUser").element("AssumedRoleId", userId)
                .element("Arn", sessionArn).close("AssumedRoleUser");
    }

    /**
     * Unsigned: the OIDC ID token is the credential. The role's trust policy must allow
     * sts:AssumeRoleWithWebIdentity for Principal {"Federated": "<issuer host>"} (or the
     * oidc-provider ARN); conditions may test {@code <issuer host>:sub} and {@code :aud}.
     */
    private String assumeRoleWithWebIdentity(QueryRequest request) {
        if (webIdentity == null) {
            throw IamError.INVALID_PARAMETER_VALUE.exception("No OIDC issuer is configured (STRATUS_OIDC_ISSUER)");
        }
        String roleArn = request.required("RoleArn");
        String sessionName = request.required("RoleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        WebIdentityVerifier.Identity token = webIdentity.verify(request.required("WebIdentityToken"));
        String provider = webIdentity.config().providerName();
        String providerArn = "arn:aws:iam::" + store.accountId() + ":oidc-provider/" + provider;
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        Role role = store.roles().findRole(roleName).filter(r -> r.arn().equals(roleArn)).orElseThrow(() ->
                IamError.ACCESS_DENIED.exception("Not authorized to perform sts:AssumeRoleWithWebIdentity"));
        long duration = duration(request, 3600, 900, role.maxSessionDuration());
        String policy = sessionPolicy(request);
        List<String> policyArns = policyArns(request);
        Map<String, List<String>> keys = new HashMap<>();
        keys.put(provider + ":sub", List.of(token.subject()));
        keys.put(provider + ":aud", List.of(token.audience()));
        keys.put("aws:FederatedProvider", List.of(providerArn));
        keys.put("sts:RoleSessionName", List.of(sessionName));
        keys.put("aws:CurrentTime", List.of(clock.instant().toString()));
        request.context().forEach((k, v) -> keys.put(k, List.of(String.valueOf(v))));
        RequestContext trustRequest = new RequestContext(providerArn, Set.of(provider, providerArn),
                "sts:AssumeRoleWithWebIdentity", role.arn(), keys);
        PolicyDocument trust = authorizer.parse(role.assumeRolePolicyDocument(), PolicyParser.Kind.TRUST);
        if (!evaluator.evaluate(new PolicySet(List.of(), trust, List.of(), null), trustRequest).allowed()) {
            throw IamError.ACCESS_DENIED.exception("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        String sessionArn = "arn:aws:sts::" + store.accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
        String userId = role.roleId() + ":" + sessionName;
        Issued issued = issue("role", sessionArn, null, role.name(), userId, duration, policy, policyArns);
        return credentialsXml(issued) + new Xml().element("SubjectFromWebIdentityToken", token.subject())
                .open("AssumedRoleUser").element("AssumedRoleId", userId).element("Arn", sessionArn)
                .close("AssumedRoleUser").element("PackedPolicySize", packedSize(policy))
                .element("Provider", provider).element("Audience", token.audience());
    }

    /** A directory user name made a valid role session name ([\w+=,.@-], 2 to 64 characters). */
    private static String sessionName(String username) {
        String name = username.replaceAll("[^\\w+=,.@-]", "_");
        if (name.length() < 2) {
            name = name + "__".substring(name.length());
        }
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /**
     * The role's trust policy must allow the caller. When it names the caller itself (its ARN), that
     * is enough; when it trusts only the account, the caller's identity policies must also allow
     * sts:AssumeRole on the role. An explicit deny anywhere refuses.
     */
    private boolean trusts(Role role, Caller caller, Map<String, Object> context) {
        PolicyDocument trust = authorizer.parse(role.assumeRolePolicyDocument(), PolicyParser.Kind.TRUST);
        RequestContext full = authorizer.request(caller, "sts:AssumeRole", role.arn(), context);
        PolicyDecision byTrust = evaluator.evaluate(new PolicySet(List.of(), trust, List.of(), null), full);
        if (!byTrust.allowed()) {
            return false;
        }
        if (caller.type() == Caller.Type.ROOT) {
            return true;
        }
        PolicyDecision byIdentity = evaluator.evaluate(new PolicySet(caller.identityPolicies(), null,
                caller.sessionPolicies(), caller.permissionsBoundary()), full);
        if (byIdentity.outcome() == PolicyDecision.Outcome.EXPLICIT_DENY) {
            return false;
        }
        Set<String> exact = caller.arn() == null ? Set.of() : Set.of(caller.arn());
        RequestContext named = new RequestContext(caller.arn(), exact, full.action(), full.resource(), full.keys());
        boolean namesCaller = evaluator.evaluate(new PolicySet(List.of(), trust, List.of(), null), named).allowed();
        return namesCaller || byIdentity.allowed();
    }

    private String sessionPolicy(QueryRequest request) {
        String policy = request.optional("Policy");
        if (policy != null) {
            if (policy.length() > MAX_PACKED_POLICY) {
                throw IamError.PACKED_POLICY_TOO_LARGE.exception("Packed policy consumes "
                        + (policy.length() * 100 / MAX_PACKED_POLICY) + "% of allotted space, please use smaller policy.");
            }
            try {
                PolicyParser.parse(policy, PolicyParser.Kind.IDENTITY);
            } catch (io.stratus.iam.policy.MalformedPolicyException e) {
                throw IamError.MALFORMED_POLICY_DOCUMENT.exception(e.getMessage());
            }
        }
        return policy;
    }

    private List<String> policyArns(QueryRequest request) {
        List<String> arns = new ArrayList<>();
        for (Map<String, String> item : request.structures("PolicyArns")) {
            String arn = item.get("arn");
            if (arn != null) {
                store.policies().policy(arn);
                arns.add(arn);
            }
        }
        if (arns.size() > 10) {
            throw IamError.VALIDATION_ERROR.exception("At most 10 managed session policies may be passed");
        }
        return arns;
    }

    private static long duration(QueryRequest request, int defaultSeconds, int min, int max) {
        Integer seconds = request.integer("DurationSeconds");
        long value = seconds == null ? defaultSeconds : seconds;
        if (value < min || value > max) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + value
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between "
                    + min + " and " + max);
        }
        return value;
    }

    private static int packedSize(String policy) {
        return policy == null ? 0 : (int) Math.ceil(policy.length() * 100.0 / MAX_PACKED_POLICY);
    }

    private record Issued(SessionClaims claims, String token) {}

    private Issued issue(String type, String principalArn, String userName, String roleName, String userId,
            long durationSeconds, String policy, List<String> policyArns) {
        long expiration = clock.instant().getEpochSecond() + durationSeconds;
        SessionClaims claims = new SessionClaims("ASIA" + random(BASE32, 16), random(SECRET_CHARS, 40), type,
                principalArn, userName, roleName, userId, expiration, policy, policyArns);
        // Nothing is stored: the token is the session (IamCredentials verifies it by unsealing).
        return new Issued(claims, sealer.seal(claims));
    }

    private static String credentialsXml(Issued issued) {
        return new Xml().open("Credentials").element("AccessKeyId", issued.claims().accessKeyId())
                .element("SecretAccessKey", issued.claims().secretAccessKey())
                .element("SessionToken", issued.token())
                .element("Expiration", Instant.ofEpochSecond(issued.claims().expiration()).toString())
                .close("Credentials").toString();
    }

    private String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
