package io.stratus.iam.store;

import static io.stratus.iam.store.IamTables.ROLES;
import static io.stratus.iam.store.IamTables.lower;
import static io.stratus.iam.store.IamTables.noSuchEntity;
import static java.util.Objects.requireNonNull;

import io.stratus.iam.IamError;
import io.stratus.iam.policy.PolicyParser;
import io.stratus.iam.store.Records.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM roles: trust policy, inline and attached policies, permissions boundary. */
public final class RoleStore {
    private static final int DEFAULT_MAX_SESSION = 3600;
    private static final int LONGEST_MAX_SESSION = 43200;

    private final IamTables tables;
    private final PolicyStore policies;

    RoleStore(IamTables tables, PolicyStore policies) {
        this.tables = requireNonNull(tables, "tables is null");
        this.policies = requireNonNull(policies, "policies is null");
    }

    /**
     * @param maxSessionDuration seconds, 3600 to 43200; null for 3600
     * @param permissionsBoundary a managed policy ARN, or null for none
     */
    public Role createRole(String name, String path, String trustPolicy, String description, Integer maxSessionDuration,
            Map<String, String> tags, String permissionsBoundary) {
        IamTables.validateName("roleName", name, 64);
        String rolePath = IamTables.validatePath(path);
        PolicyParser.parse(trustPolicy, PolicyParser.Kind.TRUST);
        int maxSession = maxSessionDuration == null ? DEFAULT_MAX_SESSION : maxSessionDuration;
        if (maxSession < DEFAULT_MAX_SESSION || maxSession > LONGEST_MAX_SESSION) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + maxSession
                    + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between "
                    + DEFAULT_MAX_SESSION + " and " + LONGEST_MAX_SESSION);
        }
        return tables.locked(() -> {
            if (findRole(name).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("Role with name " + name + " already exists.");
            }
            policies.replaceBoundary(null, permissionsBoundary);
            Role role = new Role(name, tables.randomId("AROA", 17), tables.arn("role", rolePath, name), rolePath,
                    tables.now(), description, trustPolicy, maxSession, tags, Map.of(), List.of(), permissionsBoundary);
            put(role);
            return role;
        });
    }

    public Optional<Role> findRole(String name) {
        return name == null ? Optional.empty() : tables.get(ROLES, lower(name), Role.class);
    }

    public Role role(String name) {
        return findRole(name).orElseThrow(() -> noSuchEntity("The role with name " + name + " cannot be found."));
    }

    public Page<Role> listRoles(String pathPrefix, String marker, int maxItems) {
        return tables.page(ROLES, Role.class, r -> pathPrefix == null || r.path().startsWith(pathPrefix), marker,
                maxItems);
    }

    public void deleteRole(String name) {
        tables.locked(() -> {
            Role role = role(name);
            if (!role.inlinePolicies().isEmpty() || !role.attachedPolicies().isEmpty()) {
                throw IamError.DELETE_CONFLICT.exception("Cannot delete entity, must delete policies first.");
            }
            policies.replaceBoundary(role.permissionsBoundary(), null);
            tables.delete(ROLES, lower(name));
        });
    }

    public void updateAssumeRolePolicy(String name, String trustPolicy) {
        PolicyParser.parse(trustPolicy, PolicyParser.Kind.TRUST);
        tables.locked(() -> put(role(name).withTrustPolicy(trustPolicy)));
    }

    public void putRolePolicy(String roleName, String policyName, String document) {
        tables.locked(() -> {
            Role role = role(roleName);
            put(role.withInlinePolicies(IamTables.withInlinePolicy(role.inlinePolicies(), policyName, document)));
        });
    }

    public void deleteRolePolicy(String roleName, String policyName) {
        tables.locked(() -> {
            Role role = role(roleName);
            put(role.withInlinePolicies(IamTables.withoutInlinePolicy(role.inlinePolicies(), policyName, "role")));
        });
    }

    public void attachRolePolicy(String roleName, String policyArn) {
        tables.locked(() -> {
            Role role = role(roleName);
            List<String> attached = policies.attach(role.attachedPolicies(), policyArn);
            if (attached != role.attachedPolicies()) {
                put(role.withAttachedPolicies(attached));
            }
        });
    }

    public void detachRolePolicy(String roleName, String policyArn) {
        tables.locked(() -> {
            Role role = role(roleName);
            put(role.withAttachedPolicies(policies.detach(role.attachedPolicies(), policyArn)));
        });
    }

    /** Sets (replaces) the managed policy that bounds the role's permissions. */
    public void putRolePermissionsBoundary(String roleName, String policyArn) {
        requireNonNull(policyArn, "policyArn is null");
        tables.locked(() -> {
            Role role = role(roleName);
            policies.replaceBoundary(role.permissionsBoundary(), policyArn);
            put(role.withPermissionsBoundary(policyArn));
        });
    }

    /** Removes the role's permissions boundary; a role without one is left as it is. */
    public void deleteRolePermissionsBoundary(String roleName) {
        tables.locked(() -> {
            Role role = role(roleName);
            if (role.permissionsBoundary() != null) {
                policies.replaceBoundary(role.permissionsBoundary(), null);
                put(role.withPermissionsBoundary(null));
            }
        });
    }

    private void put(Role role) {
        tables.put(ROLES, lower(role.name()), role);
    }
}
