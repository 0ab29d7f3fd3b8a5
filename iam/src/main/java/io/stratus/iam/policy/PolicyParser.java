package io.stratus.iam.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.iam.policy.Statement.Condition;
import io.stratus.iam.policy.Statement.PrincipalSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates policy language (versions 2012-10-17 and 2008-10-17). Thread-safe.
 * Every rejection is a {@link MalformedPolicyException} whose message says what is wrong, as IAM does.
 */
public final class PolicyParser {
    /** What a policy is attached to decides which elements it must and must not have. */
    public enum Kind {
        /** User, group, role, session policies: no Principal, Resource required. */
        IDENTITY,
        /** Bucket policies: Principal and Resource required. */
        RESOURCE,
        /** Role trust policies: Principal required, no Resource. */
        TRUST
    }

    public static final int MAX_DOCUMENT_LENGTH = 20 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");

    private PolicyParser() {}

    public static PolicyDocument parse(String json, Kind kind) {
        if (json == null || json.isBlank()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (json.length() > MAX_DOCUMENT_LENGTH) {
            throw new MalformedPolicyException("Cannot exceed quota for PolicySize: " + MAX_DOCUMENT_LENGTH);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        String version = "2008-10-17";
        JsonNode versionNode = root.get("Version");
        if (versionNode != null) {
            if (!versionNode.isTextual()
                    || !(versionNode.asText().equals("2012-10-17") || versionNode.asText().equals("2008-10-17"))) {
                throw new MalformedPolicyException("The policy must contain a valid version string");
            }
            version = versionNode.asText();
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("Version", "Id", "Statement").contains(field)) {
                throw new MalformedPolicyException("Syntax errors in policy: unknown field " + field + ".");
            }
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new MalformedPolicyException("Missing required field Statement");
        }
        List<Statement> statements = new ArrayList<>();
        if (statementNode.isArray()) {
            for (JsonNode node : statementNode) {
                statements.add(statement(node, kind));
            }
        } else {
            statements.add(statement(statementNode, kind));
        }
        if (statements.isEmpty()) {
            throw new MalformedPolicyException("Missing required field Statement");
        }
        return new PolicyDocument(version, statements, json);
    }

    private static Statement statement(JsonNode node, Kind kind) {
        if (!node.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy: a statement must be an object.");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!STATEMENT_FIELDS.contains(field)) {
                throw new MalformedPolicyException("Syntax errors in policy: unknown field " + field + ".");
            }
        }
        String sid = node.hasNonNull("Sid") ? node.get("Sid").asText() : null;
        JsonNode effectNode = node.get("Effect");
        if (effectNode == null) {
            throw new MalformedPolicyException("Missing required field Effect");
        }
        Effect effect = switch (effectNode.asText()) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw new MalformedPolicyException("Invalid effect: " + effectNode.asText());
        };
        List<String> actions = strings(node, "Action");
        List<String> notActions = strings(node, "NotAction");
        if ((actions == null) == (notActions == null)) {
            throw new MalformedPolicyException(actions == null ? "Missing required field Action"
                    : "Statement cannot contain both Action and NotAction");
        }
        for (String action : actions != null ? actions : notActions) {
            if (!action.equals("*") && action.indexOf(':') <= 0) {
                throw new MalformedPolicyException("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
        }
        List<String> resources = strings(node, "Resource");
        List<String> notResources = strings(node, "NotResource");
        if (resources != null && notResources != null) {
            throw new MalformedPolicyException("Statement cannot contain both Resource and NotResource");
        }
        if (kind == Kind.TRUST) {
            if (resources != null || notResources != null) {
                throw new MalformedPolicyException("Has prohibited field Resource");
            }
        } else if (resources == null && notResources == null) {
            throw new MalformedPolicyException("Missing required field Resource");
        }
        for (String resource : resources != null ? resources : notResources != null ? notResources : List.<String>of()) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw new MalformedPolicyException("Resource " + resource + " must be in ARN format or \"*\".");
            }
        }
        PrincipalSpec principals = principal(node.get("Principal"));
        PrincipalSpec notPrincipals = principal(node.get("NotPrincipal"));
        if (kind == Kind.IDENTITY && (principals != null || notPrincipals != null)) {
            throw new MalformedPolicyException("Policy document should not specify a principal.");
        }
        if (kind != Kind.IDENTITY && principals == null && notPrincipals == null) {
            throw new MalformedPolicyException("Missing required field Principal");
        }
        if (principals != null && notPrincipals != null) {
            throw new MalformedPolicyException("Statement cannot contain both Principal and NotPrincipal");
        }
        return new Statement(sid, effect, principals, notPrincipals, actions, notActions, resources, notResources,
                conditions(node.get("Condition")));
    }

    private static PrincipalSpec principal(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                throw new MalformedPolicyException("Invalid principal in policy: " + node.asText());
            }
            return new PrincipalSpec(true, List.of(), List.of(), List.of());
        }
        if (!node.isObject()) {
            throw new MalformedPolicyException("Invalid principal in policy");
        }
        List<String> aws = List.of();
        List<String> services = List.of();
        List<String> federated = List.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            List<String> values = stringValues(field.getValue(), "Principal");
            switch (field.getKey()) {
                case "AWS" -> aws = values;
                case "Service" -> services = values;
                case "Federated" -> federated = values;
                case "CanonicalUser" -> aws = values;
                default -> throw new MalformedPolicyException("Invalid principal type: " + field.getKey());
            }
        }
        for (String arn : aws) {
            if (!arn.equals("*") && !arn.startsWith("arn:") && !arn.matches("\\d{12}")) {
                throw new MalformedPolicyException("Invalid principal in policy: \"AWS\":\"" + arn + "\"");
            }
        }
        return new PrincipalSpec(aws.contains("*"), aws, services, federated);
    }

    private static List<Condition> conditions(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy: Condition must be an object.");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            if (!ConditionOperators.isKnown(op.getKey())) {
                throw new MalformedPolicyException("Invalid Condition type : " + op.getKey());
            }
            if (!op.getValue().isObject()) {
                throw new MalformedPolicyException("Syntax errors in policy: condition " + op.getKey() + " must be an object.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                conditions.add(new Condition(op.getKey(), key.getKey().toLowerCase(Locale.ROOT),
                        stringValues(key.getValue(), "Condition")));
            }
        }
        return conditions;
    }

    private static List<String> strings(JsonNode statement, String field) {
        JsonNode node = statement.get(field);
        return node == null ? null : stringValues(node, field);
    }

    private static List<String> stringValues(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new MalformedPolicyException("Syntax errors in policy: " + field + " values must be strings.");
                }
                values.add(item.asText());
            }
        } else if (node.isValueNode() && !node.isNull()) {
            values.add(node.asText());
        } else {
            throw new MalformedPolicyException("Syntax errors in policy: " + field + " values must be strings.");
        }
        if (values.isEmpty() && !field.equals("Condition")) {
            throw new MalformedPolicyException("Required field " + field + " cannot be empty");
        }
        return values;
    }
}
