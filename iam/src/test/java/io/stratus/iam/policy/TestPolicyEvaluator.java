package io.stratus.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.iam.policy.PolicyDecision.Outcome;
import io.stratus.iam.policy.PolicyParser.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPolicyEvaluator {
    private static final String ALICE = "arn:aws:iam::000000000000:user/alice";
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    private static PolicyDocument identity(String statements) {
        return PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", Kind.IDENTITY);
    }

    private static PolicyDocument resource(String statements) {
        return PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", Kind.RESOURCE);
    }

    private static RequestContext request(String action, String resource, Map<String, List<String>> keys) {
        Map<String, List<String>> all = new HashMap<>(keys);
        all.putIfAbsent("aws:username", List.of("alice"));
        return new RequestContext(ALICE, Set.of("000000000000", "arn:aws:iam::000000000000:root"), action, resource, all);
    }

    private static RequestContext request(String action, String resource) {
        return request(action, resource, Map.of());
    }

    private static RequestContext anonymous(String action, String resource) {
        return new RequestContext(null, Set.of(), action, resource, Map.of());
    }

    private Outcome outcome(List<PolicyDocument> identityPolicies, RequestContext request) {
        return evaluator.evaluate(PolicySet.identity(identityPolicies), request).outcome();
    }

    @Test
    void implicitDenyWithoutPolicies() {
        assertThat(outcome(List.of(), request("s3:GetObject", "arn:aws:s3:::b/k"))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void lazyKeysAreResolvedOnlyWhenAMatchingStatementAsksForThem() {
        List<String> asked = new java.util.ArrayList<>();
        ConditionKeyResolver storedTags = key -> {
            asked.add(key);
            return key.equalsIgnoreCase("s3:ExistingObjectTag/classification") ? List.of("public") : null;
        };
        RequestContext get = new RequestContext(ALICE, Set.of(), "s3:GetObject", "arn:aws:s3:::b/k", Map.of(),
                storedTags);
        PolicyDocument plain = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");
        PolicyDocument putByTag = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"s3:ExistingObjectTag/classification\":\"public\"}}}");
        assertThat(outcome(List.of(plain, putByTag), get)).isEqualTo(Outcome.ALLOW);
        assertThat(asked).isEmpty();

        PolicyDocument getByTag = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"s3:ExistingObjectTag/classification\":\"public\"}}}");
        assertThat(outcome(List.of(getByTag), get)).isEqualTo(Outcome.ALLOW);
        assertThat(asked).allMatch(key -> key.equalsIgnoreCase("s3:ExistingObjectTag/classification")).isNotEmpty();
        PolicyDocument getBySecret = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"s3:ExistingObjectTag/secret\":\"no\"}}}");
        assertThat(outcome(List.of(getBySecret), get)).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void allowWithWildcardActionAndResource() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"arn:aws:s3:::b/*\"}");
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b/x/y"))).isEqualTo(Outcome.ALLOW);
        // action names are case-insensitive
        assertThat(outcome(List.of(policy), request("S3:getobject", "arn:aws:s3:::b/x"))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("s3:PutObject", "arn:aws:s3:::b/x"))).isEqualTo(Outcome.IMPLICIT_DENY);
        // resources are case-sensitive
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::B/x"))).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(outcome(List.of(policy), request("s3:ListBucket", "arn:aws:s3:::b"))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void questionMarkMatchesOneCharacter() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b?/*\"}");
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b1/k"))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b12/k"))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void explicitDenyWinsOverAllowInAnotherPolicy() {
        PolicyDocument allow = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        PolicyDocument deny = identity("{\"Sid\":\"NoDelete\",\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}");
        PolicyDecision decision = evaluator.evaluate(PolicySet.identity(List.of(allow, deny)),
                request("s3:DeleteObject", "arn:aws:s3:::b/k"));
        assertThat(decision.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(decision.reason()).contains("NoDelete");
        assertThat(outcome(List.of(allow, deny), request("s3:GetObject", "arn:aws:s3:::b/k"))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void notActionAllowsEverythingElse() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}");
        assertThat(outcome(List.of(policy), request("s3:PutObject", "arn:aws:s3:::b/k"))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("iam:CreateUser", "arn:aws:iam::000000000000:user/x")))
                .isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void denyWithNotResourceDeniesEverythingOutside() {
        PolicyDocument allow = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        PolicyDocument deny = identity("{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotResource\":[\"arn:aws:s3:::safe\",\"arn:aws:s3:::safe/*\"]}");
        assertThat(outcome(List.of(allow, deny), request("s3:GetObject", "arn:aws:s3:::safe/k"))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(allow, deny), request("s3:GetObject", "arn:aws:s3:::other/k")))
                .isEqualTo(Outcome.EXPLICIT_DENY);
    }

    @Test
    void policyVariableUsername() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::photos/${aws:username}/*\"}");
        assertThat(outcome(List.of(policy), request("s3:PutObject", "arn:aws:s3:::photos/alice/a.jpg"))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("s3:PutObject", "arn:aws:s3:::photos/bob/a.jpg")))
                .isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void substitutedVariableIsMatchedLiterally() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::photos/${aws:username}/*\"}");
        RequestContext starUser = new RequestContext("arn:aws:iam::000000000000:user/x", Set.of(), "s3:GetObject",
                "arn:aws:s3:::photos/bob/a", Map.of("aws:username", List.of("*")));
        assertThat(outcome(List.of(policy), starUser)).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void missingVariableNeverMatchesUnlessDefaulted() {
        PolicyDocument policy = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::p/${aws:userid}/*\"}");
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::p//x"))).isEqualTo(Outcome.IMPLICIT_DENY);
        PolicyDocument defaulted = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::p/${aws:userid, 'none'}/*\"}");
        assertThat(outcome(List.of(defaulted), request("s3:GetObject", "arn:aws:s3:::p/none/x"))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void stringLikeConditionOnPrefix() {
        PolicyDocument policy = identity("""
                {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::photos",
                 "Condition":{"StringLike":{"s3:prefix":["${aws:username}/*","${aws:username}"]}}}""");
        assertThat(outcome(List.of(policy), request("s3:ListBucket", "arn:aws:s3:::photos",
                Map.of("s3:prefix", List.of("alice/2024/"))))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("s3:ListBucket", "arn:aws:s3:::photos",
                Map.of("s3:prefix", List.of("bob/"))))).isEqualTo(Outcome.IMPLICIT_DENY);
        // key absent: StringLike does not match
        assertThat(outcome(List.of(policy), request("s3:ListBucket", "arn:aws:s3:::photos")))
                .isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void ipAddressConditions() {
        PolicyDocument policy = identity("""
                {"Effect":"Allow","Action":"s3:*","Resource":"*",
                 "Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]}}}""");
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:SourceIp", List.of("192.0.2.77"))))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:SourceIp", List.of("2001:db8:1::5"))))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:SourceIp", List.of("198.51.100.1"))))).isEqualTo(Outcome.IMPLICIT_DENY);
        PolicyDocument notIp = identity("""
                {"Effect":"Deny","Action":"s3:*","Resource":"*",
                 "Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}""");
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        assertThat(outcome(List.of(allowAll, notIp), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:SourceIp", List.of("10.1.2.3"))))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(allowAll, notIp), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:SourceIp", List.of("11.1.2.3"))))).isEqualTo(Outcome.EXPLICIT_DENY);
    }

    @Test
    void boolSecureTransportDeny() {
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        PolicyDocument tlsOnly = identity("""
                {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");
        assertThat(outcome(List.of(allowAll, tlsOnly), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:SecureTransport", List.of("false"))))).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(outcome(List.of(allowAll, tlsOnly), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:SecureTransport", List.of("true"))))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void negatedOperatorHoldsWhenKeyIsMissingAndIfExistsToleratesAbsence() {
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        PolicyDocument deny = identity("""
                {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"s3:x-amz-acl":"private"}}}""");
        assertThat(outcome(List.of(allowAll, deny), request("s3:PutObject", "arn:aws:s3:::b/k")))
                .isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(outcome(List.of(allowAll, deny), request("s3:PutObject", "arn:aws:s3:::b/k",
                Map.of("s3:x-amz-acl", List.of("private"))))).isEqualTo(Outcome.ALLOW);
        PolicyDocument ifExists = identity("""
                {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThanEqualsIfExists":{"s3:max-keys":"10"}}}""");
        assertThat(outcome(List.of(ifExists), request("s3:ListBucket", "arn:aws:s3:::b"))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(ifExists), request("s3:ListBucket", "arn:aws:s3:::b",
                Map.of("s3:max-keys", List.of("10"))))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(ifExists), request("s3:ListBucket", "arn:aws:s3:::b",
                Map.of("s3:max-keys", List.of("11"))))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void dateAndNullConditions() {
        PolicyDocument until = identity("""
                {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}""");
        assertThat(outcome(List.of(until), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:CurrentTime", List.of("2029-12-31T23:59:59Z"))))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(until), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:CurrentTime", List.of("2030-01-01T00:00:01Z"))))).isEqualTo(Outcome.IMPLICIT_DENY);
        PolicyDocument needsTag = identity("""
                {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Null":{"aws:PrincipalTag/team":"false"}}}""");
        assertThat(outcome(List.of(needsTag), request("s3:GetObject", "arn:aws:s3:::b/k"))).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(outcome(List.of(needsTag), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:PrincipalTag/team", List.of("x"))))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void setOperators() {
        PolicyDocument anyOf = identity("""
                {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}}""");
        PolicyDocument allOf = identity("""
                {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}}""");
        RequestContext ac = request("s3:PutObject", "arn:aws:s3:::b/k", Map.of("aws:TagKeys", List.of("a", "c")));
        RequestContext ab = request("s3:PutObject", "arn:aws:s3:::b/k", Map.of("aws:TagKeys", List.of("a", "b")));
        RequestContext none = request("s3:PutObject", "arn:aws:s3:::b/k");
        assertThat(outcome(List.of(anyOf), ac)).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(allOf), ac)).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(outcome(List.of(allOf), ab)).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(anyOf), none)).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(outcome(List.of(allOf), none)).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void arnLikeCondition() {
        PolicyDocument policy = identity("""
                {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/a*"}}}""");
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:PrincipalArn", List.of(ALICE))))).isEqualTo(Outcome.ALLOW);
        assertThat(outcome(List.of(policy), request("s3:GetObject", "arn:aws:s3:::b/k",
                Map.of("aws:PrincipalArn", List.of("arn:aws:iam::000000000000:role/admin"))))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void resourcePolicyAllowsNamedPrincipalAndAnonymousOnlyWithStar() {
        PolicyDocument bucket = resource("""
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}""");
        assertThat(evaluator.evaluate(new PolicySet(List.of(), bucket, List.of(), null),
                request("s3:GetObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(evaluator.evaluate(new PolicySet(List.of(), bucket, List.of(), null),
                anonymous("s3:GetObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        PolicyDocument publicRead = resource("""
                {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}""");
        assertThat(evaluator.evaluate(new PolicySet(List.of(), publicRead, List.of(), null),
                anonymous("s3:GetObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(evaluator.evaluate(new PolicySet(List.of(), publicRead, List.of(), null),
                anonymous("s3:PutObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void resourcePolicyDenyOverridesIdentityAllow() {
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        PolicyDocument bucket = resource("""
                {"Effect":"Deny","Principal":{"AWS":"000000000000"},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/*"}""");
        assertThat(evaluator.evaluate(new PolicySet(List.of(allowAll), bucket, List.of(), null),
                request("s3:DeleteObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    }

    @Test
    void sessionPolicyAndBoundaryIntersect() {
        PolicyDocument allowAll = identity("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        PolicyDocument session = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");
        assertThat(evaluator.evaluate(new PolicySet(List.of(allowAll), null, List.of(session), null),
                request("s3:GetObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(evaluator.evaluate(new PolicySet(List.of(allowAll), null, List.of(session), null),
                request("s3:PutObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        // a session policy never grants more than the identity policies
        assertThat(evaluator.evaluate(new PolicySet(List.of(), null, List.of(session), null),
                request("s3:GetObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(evaluator.evaluate(new PolicySet(List.of(allowAll), null, List.of(), session),
                request("s3:PutObject", "arn:aws:s3:::b/k")).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void parserRejectsMalformedPolicies() {
        assertThatThrownBy(() -> PolicyParser.parse("{", Kind.IDENTITY)).isInstanceOf(MalformedPolicyException.class);
        assertThatThrownBy(() -> PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:*\"}]}", Kind.IDENTITY)).hasMessageContaining("Resource");
        assertThatThrownBy(() -> PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", Kind.IDENTITY)).hasMessageContaining("effect");
        assertThatThrownBy(() -> PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", Kind.RESOURCE)).hasMessageContaining("Principal");
        assertThatThrownBy(() -> PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", Kind.IDENTITY))
                .hasMessageContaining("principal");
        assertThatThrownBy(() -> PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringSorta\":{\"a\":\"b\"}}}]}", Kind.IDENTITY))
                .hasMessageContaining("StringSorta");
        assertThatThrownBy(() -> PolicyParser.parse("{\"Version\":\"2012-10-18\",\"Statement\":[]}", Kind.IDENTITY))
                .hasMessageContaining("version");
    }
}
