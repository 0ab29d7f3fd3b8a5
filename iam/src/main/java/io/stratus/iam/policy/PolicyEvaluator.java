package io.stratus.iam.policy;

import io.stratus.iam.policy.Statement.Condition;
import io.stratus.iam.policy.Statement.PrincipalSpec;
import java.util.List;

/**
 * Evaluates requests the way AWS documents it for a single account:
 * <ol>
 *   <li>an explicit Deny in any applicable policy (identity, resource, session, boundary) denies;</li>
 *   <li>otherwise an Allow in an identity policy that the permissions boundary and the session
 *       policies (when present) also allow, or an Allow in the resource policy naming the caller
 *       (also limited by session policies), allows;</li>
 *   <li>otherwise the request is implicitly denied.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class PolicyEvaluator {
    public PolicyDecision evaluate(PolicySet policies, RequestContext request) {
        // 1. explicit deny anywhere
        for (PolicyDocument policy : policies.identityPolicies()) {
            Statement deny = firstMatch(policy, request, Effect.DENY, false);
            if (deny != null) {
                return PolicyDecision.explicitDeny("explicit deny in an identity-based policy" + sid(deny));
            }
        }
        if (policies.resourcePolicy() != null) {
            Statement deny = firstMatch(policies.resourcePolicy(), request, Effect.DENY, true);
            if (deny != null) {
                return PolicyDecision.explicitDeny("explicit deny in a resource-based policy" + sid(deny));
            }
        }
        for (PolicyDocument policy : policies.sessionPolicies()) {
            Statement deny = firstMatch(policy, request, Effect.DENY, false);
            if (deny != null) {
                return PolicyDecision.explicitDeny("explicit deny in a session policy" + sid(deny));
            }
        }
        if (policies.permissionsBoundary() != null) {
            Statement deny = firstMatch(policies.permissionsBoundary(), request, Effect.DENY, false);
            if (deny != null) {
                return PolicyDecision.explicitDeny("explicit deny in the permissions boundary" + sid(deny));
            }
        }
        // 2. allows
        boolean sessionAllows = policies.sessionPolicies().isEmpty()
                || policies.sessionPolicies().stream().anyMatch(p -> firstMatch(p, request, Effect.ALLOW, false) != null);
        if (policies.resourcePolicy() != null
                && firstMatch(policies.resourcePolicy(), request, Effect.ALLOW, true) != null) {
            if (sessionAllows) {
                return PolicyDecision.allow("allowed by a resource-based policy");
            }
        }
        boolean identityAllows = !request.anonymous() && policies.identityPolicies().stream()
                .anyMatch(p -> firstMatch(p, request, Effect.ALLOW, false) != null);
        if (!identityAllows) {
            return PolicyDecision.implicitDeny("no identity-based or resource-based policy allows the "
                    + request.action() + " action");
        }
        if (policies.permissionsBoundary() != null
                && firstMatch(policies.permissionsBoundary(), request, Effect.ALLOW, false) == null) {
            return PolicyDecision.implicitDeny("no permissions boundary allows the " + request.action() + " action");
        }
        if (!sessionAllows) {
            return PolicyDecision.implicitDeny("no session policy allows the " + request.action() + " action");
        }
        return PolicyDecision.allow("allowed by an identity-based policy");
    }

    /** True when the statement's Principal / NotPrincipal covers the caller (trust and resource policies). */
    public static boolean principalMatches(Statement statement, RequestContext request) {
        if (statement.principals() != null) {
            return covers(statement.principals(), request);
        }
        if (statement.notPrincipals() != null) {
            return !covers(statement.notPrincipals(), request);
        }
        return true;
    }

    /**
     * The first statement with the given effect that matches the request, or null. {@code checkPrincipal}
     * is true for resource policies, whose statements also name who they apply to.
     */
    static Statement firstMatch(PolicyDocument policy, RequestContext request, Effect effect, boolean checkPrincipal) {
        for (Statement statement : policy.statements()) {
            if (statement.effect() == effect && statementMatches(statement, request, checkPrincipal)) {
                return statement;
            }
        }
        return null;
    }

    /** Whether one statement applies to a request, regardless of its effect. */
    public static boolean statementMatches(Statement statement, RequestContext request, boolean checkPrincipal) {
        if (checkPrincipal && !principalMatches(statement, request)) {
            return false;
        }
        if (!actionMatches(statement, request.action())) {
            return false;
        }
        if (!resourceMatches(statement, request)) {
            return false;
        }
        for (Condition condition : statement.conditions()) {
            if (!ConditionOperators.evaluate(condition, request)) {
                return false;
            }
        }
        return true;
    }

    private static boolean actionMatches(Statement statement, String action) {
        if (statement.actions() != null) {
            return statement.actions().stream().anyMatch(p -> Wildcards.matches(p, action, true));
        }
        return statement.notActions().stream().noneMatch(p -> Wildcards.matches(p, action, true));
    }

    private static boolean resourceMatches(Statement statement, RequestContext request) {
        List<String> patterns = statement.resources() != null ? statement.resources() : statement.notResources();
        if (patterns == null) {
            return true; // trust policies have no Resource
        }
        boolean any = false;
        for (String pattern : patterns) {
            String substituted = PolicyVariables.substitute(pattern, request, true);
            if (substituted != null && Wildcards.arnMatches(substituted, request.resource())) {
                any = true;
                break;
            }
        }
        return statement.resources() != null ? any : !any;
    }

    private static boolean covers(PrincipalSpec spec, RequestContext request) {
        if (spec.anyone()) {
            return true;
        }
        if (request.anonymous()) {
            return false;
        }
        for (String name : spec.aws()) {
            if (name.equals(request.principalArn()) || request.principalAliases().contains(name)) {
                return true;
            }
        }
        for (String service : spec.services()) {
            if (service.equals(request.principalArn())) {
                return true;
            }
        }
        for (String federated : spec.federated()) {
            if (federated.equals(request.principalArn()) || request.principalAliases().contains(federated)) {
                return true;
            }
        }
        return false;
    }

    private static String sid(Statement statement) {
        return statement.sid() == null ? "" : " (statement " + statement.sid() + ")";
    }
}
